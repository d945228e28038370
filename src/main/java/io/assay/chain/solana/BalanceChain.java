package io.assay.chain.solana;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders the transactions of one slot that touched one token account so that each starts with the balance the
 * previous one left ({@code pre == previous post}). Nodes list a slot's signatures in block order, but that
 * order is a convention of the node's index, not part of the data; the balances themselves say which order is
 * right. When no order links them, the history is inconsistent (a transaction is missing).
 */
final class BalanceChain {
    /** Transactions tried in every order at most (beyond this only the listed order is tried). */
    static final int MAX_PERMUTED = 8;

    /** One transaction's view of the account: its balance before and after, raw units. */
    record Step(String signature, BigInteger pre, BigInteger post) {
    }

    private BalanceChain() {
    }

    /**
     * An order of {@code listed} where each step's {@code pre} equals the previous {@code post} (and the first's
     * equals {@code start}, when known), preferring the listed order; null if there is none.
     */
    static List<Step> order(List<Step> listed, BigInteger start) {
        if (linked(listed, start)) {
            return listed;
        }
        if (listed.size() > MAX_PERMUTED) {
            return null;
        }
        List<Step> path = new ArrayList<>(listed.size());
        return search(listed, new boolean[listed.size()], start, path) ? path : null;
    }

    private static boolean search(List<Step> all, boolean[] used, BigInteger cur, List<Step> path) {
        if (path.size() == all.size()) {
            return true;
        }
        for (int i = 0; i < all.size(); i++) {
            Step s = all.get(i);
            if (used[i] || (cur != null && !s.pre().equals(cur))) {
                continue;
            }
            used[i] = true;
            path.add(s);
            if (search(all, used, s.post(), path)) {
                return true;
            }
            path.remove(path.size() - 1);
            used[i] = false;
        }
        return false;
    }

    static boolean linked(List<Step> steps, BigInteger start) {
        BigInteger cur = start;
        for (Step s : steps) {
            if (cur != null && !s.pre().equals(cur)) {
                return false;
            }
            cur = s.post();
        }
        return true;
    }
}
