package io.assay.chain.solana;

import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.SolanaClient.AccountInfo;
import io.assay.chain.solana.SolanaClient.Context;
import io.assay.chain.solana.SolanaClient.TokenAmount;
import io.assay.chain.solana.SolanaTracking.Kind;
import io.assay.chain.solana.SolanaTracking.Value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The node's current values of every tracked value ({@code getTokenSupply}, {@code getTokenAccountBalance}), read
 * in one batch, each with the slot of the bank that answered. Solana nodes serve no past state: these are the
 * only values read directly; the reader dates or moves them with the transaction history.
 */
final class ValueSnapshots {
    /** Values as the node answered them, each at its own context slot. */
    record Snapshot(long[] slots, BigInteger[] values) {
        long max() {
            return Arrays.stream(slots).max().orElse(-1);
        }

        boolean atOneSlot() {
            return Arrays.stream(slots).distinct().count() <= 1;
        }
    }

    private final String chain;
    private final List<Value> values;
    private final SolanaRpc rpc;
    private final TrackedAccounts accounts;

    ValueSnapshots(String chain, List<Value> values, SolanaRpc rpc, TrackedAccounts accounts) {
        this.chain = chain;
        this.values = values;
        this.rpc = rpc;
        this.accounts = accounts;
    }

    /** Every value from the node, each at its context slot (at least {@code minContextSlot}). */
    Snapshot read(long minContextSlot) {
        int n = values.size();
        long[] slots = new long[n];
        BigInteger[] out = new BigInteger[n];
        List<Context<TokenAmount>> answers;
        try {
            answers = rpc.batched("token values", values, v -> valueCall(v, minContextSlot),
                    (v, node) -> SolanaClient.parseTokenAmount(node, v.kind() == Kind.SUPPLY ? "getTokenSupply"
                            : "getTokenAccountBalance"));
        } catch (RpcException e) {
            if (e.retryable()) {
                throw e;
            }
            answers = one(minContextSlot); // a token account closed since: read each value alone
        }
        for (Value v : values) {
            Context<TokenAmount> a = answers.get(v.index());
            slots[v.index()] = a.slot();
            out[v.index()] = a.value().amount();
            if (a.value().decimals() >= 0) {
                accounts.checkDecimals(v, a.value().decimals(), v.toString());
            }
        }
        return new Snapshot(slots, out);
    }

    private List<Context<TokenAmount>> one(long minContextSlot) {
        List<Context<TokenAmount>> out = new ArrayList<>();
        for (Value v : values) {
            try {
                out.add(rpc.call(valueCall(v, minContextSlot).method(), c -> v.kind() == Kind.SUPPLY
                        ? c.tokenSupply(v.address(), rpc.commitment(), minContextSlot)
                        : c.tokenAccountBalance(v.address(), rpc.commitment(), minContextSlot)));
            } catch (RpcException e) {
                if (e.retryable() || v.kind() == Kind.SUPPLY) {
                    throw e;
                }
                Context<AccountInfo> info = rpc.call("getAccountInfo " + v.address(),
                        c -> c.accountInfo(v.address(), rpc.commitment()));
                if (info.value() != null) {
                    throw e; // it exists, so the error was something else
                }
                out.add(new Context<>(info.slot(), new TokenAmount(BigInteger.ZERO, -1)));
            }
        }
        return out;
    }

    private JsonRpcClient.Call valueCall(Value v, long minContextSlot) {
        return v.kind() == Kind.SUPPLY
                ? SolanaClient.tokenSupplyCall(v.address(), rpc.commitment(), minContextSlot)
                : SolanaClient.tokenAccountBalanceCall(v.address(), rpc.commitment(), minContextSlot);
    }

    /** A snapshot whose values all come from one slot (snapshot mode), not older than {@code prev} (or null). */
    Snapshot atOneSlot(Snapshot prev) {
        long min = prev == null ? -1 : prev.max();
        for (int attempt = 0; attempt < 5; attempt++) {
            Snapshot s = read(min);
            if (s.atOneSlot()) {
                return s;
            }
            min = s.max();
        }
        throw new RpcException(chain + ": token values keep coming from different slots (the cluster moves"
                + " faster than a batch is answered); retrying", 0, 0, true, 0, null);
    }
}
