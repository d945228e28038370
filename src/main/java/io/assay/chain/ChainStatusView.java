package io.assay.chain;

import java.util.List;

/**
 * An immutable snapshot of one chain's indexer, for {@code /v1/chains} and tests.
 *
 * @param chain            chain profile name
 * @param family           {@code evm}, {@code bitcoin}, {@code solana}
 * @param chainId          EVM chain id (0 elsewhere)
 * @param finality         the profile's finality rule ({@code tag:finalized}, {@code 6 confirmations})
 * @param state            what the indexer is doing
 * @param head             latest block the endpoints report (-1 until known)
 * @param finalHead        latest final block under the profile's rule (-1 until known)
 * @param indexedHeight    last committed block (-1 before the first commit)
 * @param indexedTime      that block's time, epoch milliseconds (0 before the first commit)
 * @param lagBlocks        finalHead - indexedHeight (0 when caught up)
 * @param blocksPerSecond  recent indexing rate (blocks committed per second over the last ~10 s)
 * @param eventsPerSecond  recent rate of chain events applied (EVM: Transfer logs)
 * @param events           chain events applied since start
 * @param reorgs           reorgs handled since start
 * @param lastReorgDepth   depth of the last one (blocks rolled back), 0 if none
 * @param haltReason       why the chain halted, or null
 * @param lastError        the last step failure (retried), or null
 * @param reconcileMismatches series whose indexed value differed from the node at the last reconciliation
 * @param lastReconciledHeight height of the last reconciliation (-1 if none)
 * @param endpoints        health of each endpoint
 * @param alarms           recent alarms, oldest first
 */
public record ChainStatusView(String chain, String family, long chainId, String finality, ChainState state,
                              long head, long finalHead, long indexedHeight, long indexedTime, long lagBlocks,
                              double blocksPerSecond, double eventsPerSecond, long events, long reorgs,
                              long lastReorgDepth, String haltReason, String lastError, int reconcileMismatches,
                              long lastReconciledHeight, List<EndpointView> endpoints, List<Alarm> alarms) {
}
