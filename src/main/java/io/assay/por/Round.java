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
 */
public record Round(String asset, long roundId, String answer, int decimals, String reserves, String supply,
                    String excluded, String circulating, String ratio, Instant startedAt, Instant updatedAt,
                    long answeredInRound, String trigger, List<ChainHeight> heights) {

    /** A chain position a round was computed from. */
    public record ChainHeight(String chain, long height, String blockHash, Instant blockTime) {
    }
}
