package io.assay.chain.solana;

import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.SolanaChainReader.HistoryGap;
import io.assay.chain.solana.SolanaClient.TokenBalance;
import io.assay.chain.solana.SolanaClient.TransactionBalances;
import io.assay.chain.solana.SolanaTracking.Kind;
import io.assay.chain.solana.SolanaTracking.Value;
import io.assay.chain.solana.ValueSnapshots.Snapshot;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns the listed transaction history of a slot range into {@link SlotChange}s: a token account's balance after
 * each slot is the post balance of its last transaction there (the slot's transactions ordered by their
 * balances, {@link BalanceChain}); a mint's supply moves by {@code sum(post) - sum(pre)} of the token balances of
 * that mint in each transaction naming it. Also moves the node's current values back to an earlier slot.
 */
final class ChangeBuilder {
    /** Slot changes of a range, and each token account's balance before its first change there. */
    record Built(List<SlotChange> changes, BigInteger[] before, long[] beforeSlot, String[] beforeSource) {
    }

    private final String chain;
    private final List<Value> values;
    private final SolanaHistory history;
    private final SolanaRpc rpc;
    private final TrackedAccounts accounts;
    private final Runnable forget;

    /** @param forget drops the cached history (called before a gap is reported) */
    ChangeBuilder(String chain, List<Value> values, SolanaHistory history, SolanaRpc rpc, TrackedAccounts accounts,
                  Runnable forget) {
        this.chain = chain;
        this.values = values;
        this.history = history;
        this.rpc = rpc;
        this.accounts = accounts;
        this.forget = forget;
    }

    /**
     * Values just before slot {@code slot} (that is, at {@code slot - 1}), from the node's snapshot and the
     * changes {@code later} between {@code slot} and each value's context slot.
     */
    BigInteger[] valuesBefore(Snapshot s, Built later, long slot) {
        BigInteger[] out = new BigInteger[values.size()];
        for (Value v : values) {
            int i = v.index();
            long at = s.slots()[i];
            if (v.kind() == Kind.SUPPLY) {
                BigInteger x = s.values()[i];
                for (SlotChange c : later.changes()) {
                    if (c.slot >= slot && c.slot <= at && c.delta[i] != null) {
                        x = x.subtract(c.delta[i]);
                    }
                }
                out[i] = x;
            } else {
                out[i] = later.before()[i] != null && later.beforeSlot()[i] >= slot && later.beforeSlot()[i] <= at
                        ? later.before()[i] : s.values()[i];
            }
        }
        return out;
    }

    /** The slot changes of {@code [from, to]} from the listed history (empty if {@code from > to}). */
    Built build(long from, long to) {
        int n = values.size();
        BigInteger[] before = new BigInteger[n];
        long[] beforeSlot = new long[n];
        Arrays.fill(beforeSlot, Long.MAX_VALUE);
        String[] source = new String[n];
        if (from > to) {
            return new Built(List.of(), before, beforeSlot, source);
        }
        Map<String, Long> sigs = history.allSignatures(from, to);
        Map<String, TransactionBalances> txs = history.transactions(sigs);
        Map<Long, Long> times = times(txs);
        Map<Long, Integer> perSlot = new HashMap<>();
        sigs.values().forEach(s -> perSlot.merge(s, 1, Integer::sum));
        TreeMap<Long, SlotChange> changes = new TreeMap<>();
        for (Value v : values) {
            int i = v.index();
            NavigableMap<Long, List<String>> listed = history.signatures(i, from, to);
            BigInteger cur = null;
            for (Map.Entry<Long, List<String>> e : listed.entrySet()) {
                long slot = e.getKey();
                SlotChange c = changes.computeIfAbsent(slot, s -> new SlotChange(s, times.get(s), n));
                c.transactions = perSlot.getOrDefault(slot, 0);
                if (v.kind() == Kind.SUPPLY) {
                    BigInteger d = BigInteger.ZERO;
                    for (String sig : e.getValue()) {
                        d = d.add(supplyDelta(txs.get(sig), v.address()));
                    }
                    if (d.signum() != 0) {
                        c.addDelta(i, d);
                    }
                    continue;
                }
                List<BalanceChain.Step> steps = new ArrayList<>();
                for (String sig : e.getValue()) {
                    TransactionBalances t = txs.get(sig);
                    steps.add(new BalanceChain.Step(sig, balance(t.pre(), v.address(), accounts.mint(i)),
                            balance(t.post(), v.address(), accounts.mint(i))));
                }
                List<BalanceChain.Step> ordered = BalanceChain.order(steps, cur);
                if (ordered == null) {
                    forget.run();
                    throw new HistoryGap(chain + ": the transactions of token account " + v.address()
                            + " do not link at slot " + slot + " (balance " + cur + " before, transactions " + steps
                            + "): the endpoint's history misses a transaction; retrying");
                }
                if (cur == null) {
                    before[i] = ordered.get(0).pre();
                    beforeSlot[i] = slot;
                    source[i] = "slot " + slot + ", transaction " + ordered.get(0).signature();
                }
                cur = ordered.get(ordered.size() - 1).post();
                c.setAbsolute(i, cur);
            }
        }
        return new Built(new ArrayList<>(changes.values()), before, beforeSlot, source);
    }

    /** Block time (epoch ms) of every slot with transactions: from the transactions, else getBlockTime. */
    private Map<Long, Long> times(Map<String, TransactionBalances> txs) {
        Map<Long, Long> out = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (TransactionBalances t : txs.values()) {
            if (t.blockTime() != null) {
                Long prev = out.put(t.slot(), t.blockTime() * 1000);
                if (prev != null && prev != t.blockTime() * 1000) {
                    throw RpcException.malformed("transactions of slot " + t.slot() + " carry different block times", null);
                }
            }
        }
        for (TransactionBalances t : txs.values()) {
            if (!out.containsKey(t.slot()) && !missing.contains(t.slot())) {
                missing.add(t.slot());
            }
        }
        for (long slot : missing) {
            Long bt = rpc.blockTime(slot);
            if (bt == null) {
                throw RpcException.malformed("slot " + slot + " holds transactions but has no block time", null);
            }
            out.put(slot, bt * 1000);
        }
        return out;
    }

    /** Net change of {@code mint}'s supply in one transaction: post minus pre balances of all its accounts. */
    static BigInteger supplyDelta(TransactionBalances t, String mint) {
        if (t.failed()) {
            return BigInteger.ZERO;
        }
        BigInteger d = BigInteger.ZERO;
        for (TokenBalance b : t.post()) {
            if (b.mint().equals(mint)) {
                d = d.add(b.amount());
            }
        }
        for (TokenBalance b : t.pre()) {
            if (b.mint().equals(mint)) {
                d = d.subtract(b.amount());
            }
        }
        return d;
    }

    /** {@code account}'s balance of {@code mint} among a transaction's token balances (absent: 0). */
    static BigInteger balance(List<TokenBalance> balances, String account, String mint) {
        for (TokenBalance b : balances) {
            if (b.account().equals(account) && (mint == null || b.mint().equals(mint))) {
                return b.amount();
            }
        }
        return BigInteger.ZERO;
    }
}
