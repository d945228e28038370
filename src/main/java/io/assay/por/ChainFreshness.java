package io.assay.por;

import java.time.Duration;
import java.time.Instant;

/**
 * How current one chain's data is for a query.
 *
 * @param chain         chain profile name
 * @param height        block height the answer used for this chain (committed height at the query time)
 * @param blockHash     that block's hash (hex) when known (always for "latest" answers), else null
 * @param blockTime     that block's time
 * @param coveredUntil  until when the chain's state is known: the later of the indexed block's time and the
 *                      last moment the indexer confirmed it was at the chain's final head
 * @param lag           query time minus {@code coveredUntil} (zero when covered)
 * @param stale         lag exceeds the asset's staleness tolerance, or the chain is not indexed
 * @param reason        why it is stale, or null
 */
public record ChainFreshness(String chain, long height, String blockHash, Instant blockTime, Instant coveredUntil,
                             Duration lag, boolean stale, String reason) {
}
