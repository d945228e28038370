package io.assay.chain.solana;

import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.SolanaClient.SignatureInfo;
import io.assay.chain.solana.SolanaClient.TransactionBalances;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transaction history of the tracked addresses (mints and token accounts) above a low bound, as
 * {@code getSignaturesForAddress} lists it and {@code getTransaction} details it, cached between segments.
 *
 * <p>For each address it keeps the successful signatures by slot (in block order within a slot) and the slot
 * through which that list is complete ({@code knownThrough}). Listing pages newest first, from the node's
 * current slot down to what is already known ({@code until} = the newest known signature, and a stop at the
 * first slot at or below {@code knownThrough}); it asks for {@code minContextSlot} so an endpoint behind the
 * slot we need answers "not reached" (retried) instead of an incomplete list. Only signatures at or below the
 * slot the listing is guaranteed to cover are kept, so a later listing never skips a slot.
 *
 * <p>Signatures at or below the chain's committed slot are dropped ({@link #prune}); {@link #reset} forgets
 * everything (after a gap in an endpoint's history was found). Listing is serialised; transactions may be
 * fetched by several segments at once.
 */
final class SolanaHistory {
    private final SolanaRpc rpc;
    private final List<String> addresses;
    private final int pageLimit;
    private final long[] knownThrough;
    private final String[] newest;
    private final List<TreeMap<Long, List<String>>> bySlot = new ArrayList<>();
    private final Map<String, TransactionBalances> txs = new ConcurrentHashMap<>();
    private long lowBound = -1;
    private long listed;

    SolanaHistory(SolanaRpc rpc, List<String> addresses, int pageLimit) {
        this.rpc = rpc;
        this.addresses = List.copyOf(addresses);
        this.pageLimit = pageLimit;
        this.knownThrough = new long[addresses.size()];
        this.newest = new String[addresses.size()];
        for (int i = 0; i < addresses.size(); i++) {
            bySlot.add(new TreeMap<>());
        }
        reset(-1);
    }

    /** Forgets everything; signatures at or below {@code low} will not be listed. */
    synchronized void reset(long low) {
        lowBound = low;
        for (int i = 0; i < addresses.size(); i++) {
            knownThrough[i] = low;
            newest[i] = null;
            bySlot.get(i).clear();
        }
        txs.clear();
    }

    synchronized boolean isEmpty() {
        return bySlot.stream().allMatch(Map::isEmpty);
    }

    /** Drops signatures and transactions at or below {@code committed} (applied and durable). */
    synchronized void prune(long committed) {
        if (committed <= lowBound) {
            return;
        }
        lowBound = committed;
        for (int i = 0; i < addresses.size(); i++) {
            bySlot.get(i).headMap(committed, true).clear();
            knownThrough[i] = Math.max(knownThrough[i], committed);
        }
        txs.values().removeIf(t -> t.slot() <= committed);
    }

    /** Signatures listed since the history was created (for tests and progress logs). */
    synchronized long listed() {
        return listed;
    }

    /** Lists every address's signatures so that the lists are complete through at least {@code slot}. */
    synchronized void ensureListed(long slot) {
        boolean need = false;
        for (long k : knownThrough) {
            need |= k < slot;
        }
        if (!need) {
            return;
        }
        // the listing below happens after this answer, so it covers at least this slot (minContextSlot enforces it)
        long covered = Math.max(slot, rpc.slot());
        for (int i = 0; i < addresses.size(); i++) {
            if (knownThrough[i] < slot) {
                list(i, covered);
            }
        }
    }

    private void list(int i, long covered) {
        String address = addresses.get(i);
        long stop = Math.max(lowBound, knownThrough[i]);
        String until = newest[i];
        List<SignatureInfo> fresh = new ArrayList<>();
        String before = null;
        while (true) {
            String b = before;
            List<SignatureInfo> page = rpc.call("getSignaturesForAddress " + address,
                    c -> c.signatures(address, b, until, pageLimit, rpc.commitment(), covered));
            boolean done = page.size() < pageLimit;
            for (SignatureInfo s : page) {
                if (s.slot() <= stop) {
                    done = true;
                    break;
                }
                fresh.add(s);
            }
            if (done) {
                break;
            }
            before = page.get(page.size() - 1).signature();
        }
        // newest first: keep what the listing is sure to cover, in block order within each slot
        TreeMap<Long, List<String>> map = bySlot.get(i);
        String newestKept = null;
        for (int k = fresh.size() - 1; k >= 0; k--) {
            SignatureInfo s = fresh.get(k);
            if (s.slot() > covered) {
                continue;
            }
            newestKept = s.signature();
            listed++;
            if (!s.failed()) {
                map.computeIfAbsent(s.slot(), x -> new ArrayList<>()).add(s.signature());
            }
        }
        if (newestKept != null) {
            newest[i] = newestKept;
        }
        knownThrough[i] = Math.max(knownThrough[i], covered);
    }

    /** Signatures of address {@code i} with slots in {@code [from, to]}, by slot, block order within a slot. */
    synchronized NavigableMap<Long, List<String>> signatures(int i, long from, long to) {
        if (knownThrough[i] < to) {
            // the history was reset meanwhile (a gap found by another segment): retry from the checkpoint
            throw new RpcException(addresses.get(i) + " is listed through slot " + knownThrough[i] + " only, not " + to
                    + " (history reset)", 0, 0, true, 0, null);
        }
        TreeMap<Long, List<String>> out = new TreeMap<>();
        bySlot.get(i).subMap(from, true, to, true).forEach((s, l) -> out.put(s, List.copyOf(l)));
        return out;
    }

    /** The lowest slot with a listed signature of any address, or -1. */
    synchronized long firstSlot() {
        long f = Long.MAX_VALUE;
        for (TreeMap<Long, List<String>> m : bySlot) {
            if (!m.isEmpty()) {
                f = Math.min(f, m.firstKey());
            }
        }
        return f == Long.MAX_VALUE ? -1 : f;
    }

    /**
     * The transactions of {@code signatures} (each listed at the given slot), fetched in batches where not cached.
     *
     * @throws RpcException (retryable) if the endpoint listed a signature it cannot return, or returns it at
     *                      another slot: its history is incomplete or inconsistent; never silently skipped
     */
    Map<String, TransactionBalances> transactions(Map<String, Long> signatures) {
        Map<String, TransactionBalances> out = new java.util.HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String s : signatures.keySet()) {
            TransactionBalances t = txs.get(s);
            if (t == null) {
                missing.add(s);
            } else {
                out.put(s, t);
            }
        }
        if (!missing.isEmpty()) {
            List<TransactionBalances> got = rpc.batched("getTransaction", missing,
                    s -> SolanaClient.transactionCall(s, rpc.commitment()),
                    (s, n) -> SolanaClient.parseTransaction(n, s));
            for (int k = 0; k < missing.size(); k++) {
                String s = missing.get(k);
                TransactionBalances t = got.get(k);
                long slot = signatures.get(s);
                if (t == null) {
                    throw RpcException.malformed("the endpoint lists transaction " + s + " at slot " + slot
                            + " but getTransaction does not return it (history incomplete, or node behind)", null);
                }
                if (t.slot() != slot) {
                    throw RpcException.malformed("transaction " + s + " is listed at slot " + slot
                            + " but getTransaction places it at slot " + t.slot(), null);
                }
                txs.put(s, t);
                out.put(s, t);
            }
        }
        return out;
    }

    /** Every listed signature of every address in {@code [from, to]}, with its slot. */
    synchronized Map<String, Long> allSignatures(long from, long to) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            for (Map.Entry<Long, List<String>> e : bySlot.get(i).subMap(from, true, to, true).entrySet()) {
                for (String s : e.getValue()) {
                    out.put(s, e.getKey());
                }
            }
        }
        return out;
    }
}
