package io.assay.chain.solana;

import io.assay.chain.solana.BalanceChain.Step;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Ordering one slot's transactions of a token account by their balances (pure function; no node needed). */
class BalanceChainTest {
    private static Step step(String sig, long pre, long post) {
        return new Step(sig, BigInteger.valueOf(pre), BigInteger.valueOf(post));
    }

    @Test
    void listedOrderThatLinksIsKept() {
        List<Step> listed = List.of(step("a", 0, 5), step("b", 5, 3), step("c", 3, 9));
        assertSame(listed, BalanceChain.order(listed, BigInteger.ZERO));
        assertSame(listed, BalanceChain.order(listed, null));
    }

    @Test
    void transactionsListedOutOfBlockOrderAreReordered() {
        List<Step> listed = List.of(step("c", 3, 9), step("a", 0, 5), step("b", 5, 3));
        assertEquals(List.of("a", "b", "c"), BalanceChain.order(listed, BigInteger.ZERO).stream().map(Step::signature).toList());
    }

    @Test
    void anUnknownStartIsFoundFromTheBalancesThemselves() {
        List<Step> listed = List.of(step("b", 5, 3), step("a", 7, 5));
        assertEquals(List.of("a", "b"), BalanceChain.order(listed, null).stream().map(Step::signature).toList());
    }

    @Test
    void aMissingTransactionLeavesNoOrder() {
        // 0 -> 5, then something unseen took it to 8, then 8 -> 2
        assertNull(BalanceChain.order(List.of(step("a", 0, 5), step("c", 8, 2)), BigInteger.ZERO));
        // the first transaction does not start at the indexed balance
        assertNull(BalanceChain.order(List.of(step("a", 1, 5)), BigInteger.ZERO));
    }

    @Test
    void repeatedBalancesNeedBacktracking() {
        // from 5: x (5->5) and y (5->1) and z (1->5): greedy taking y first dead-ends only if x is left behind
        List<Step> listed = List.of(step("y", 5, 1), step("x", 5, 5), step("z", 1, 5));
        List<Step> ordered = BalanceChain.order(listed, BigInteger.valueOf(5));
        assertEquals(3, ordered.size());
        assertEquals(true, BalanceChain.linked(ordered, BigInteger.valueOf(5)));
        assertEquals(BigInteger.valueOf(5), ordered.get(2).post());
    }
}
