package io.assay.por;

import java.time.Instant;
import java.util.List;

/**
 * One feed round of an asset, Chainlink-shaped ({@code roundId, answer, startedAt, updatedAt,
 * answeredInRound}) plus what it was computed from. {@code answer} is the reserves total in raw units at
 * {@code decimals} (as Chainlink proof-of-reserve feeds answer reserves); the ratio is beside it.
 *
 * @param trigger why the round was opened: {@code first}, {@code deviation}, {@code heartbeat}
 * @param heights per-chain (height, block hash, block time) the round was computed from
 * @param liabilities the liabilities publication in force at {@code updatedAt} against the reserves (solvency), or
 *                    null when the asset has none
 */
public record Round(String asset, long roundId, String answer, int decimals, String reserves, String supply,
                    String excluded, String circulating, String ratio, Instant startedAt, Instant updatedAt,
                    long answeredInRound, String trigger, List<ChainHeight> heights, Liabilities liabilities) {

    /** A round without liabilities. */
    public Round(String asset, long roundId, String answer, int decimals, String reserves, String supply,
                 String excluded, String circulating, String ratio, Instant startedAt, Instant updatedAt,
                 long answeredInRound, String trigger, List<ChainHeight> heights) {
        this(asset, roundId, answer, decimals, reserves, supply, excluded, circulating, ratio, startedAt, updatedAt,
                answeredInRound, trigger, heights, null);
    }

    /**
     * The liabilities side of a round (solvency): which publication, its root, its total in raw units at the
     * round's {@code decimals}, its padded tree size, its time, and {@code ratio = reserves / total} with 18 digits,
     * rounded down (null when nothing is owed), formatted as the collateral ratio is.
     */
    public record Liabilities(String publication, String root, String total, long leaves, Instant publishedAt,
                              String ratio) {
        /** True when the round's reserves cover the liabilities. */
        public boolean solvent(String reserves) {
            return new java.math.BigInteger(reserves).compareTo(new java.math.BigInteger(total)) >= 0;
        }
    }

    /** A chain position a round was computed from. */
    public record ChainHeight(String chain, long height, String blockHash, Instant blockTime) {
    }
}
