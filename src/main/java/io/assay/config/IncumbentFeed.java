package io.assay.config;

import java.time.Duration;

/**
 * An existing proof-of-reserve feed the asset is checked against (a Chainlink AggregatorV3 on an EVM chain:
 * {@code latestRoundData()}, {@code decimals()}). Assay records the feed's answer and its {@code updatedAt} at every
 * indexed height as their own series and raises an alert when its own reserves differ from the answer by more than
 * {@code toleranceBps} of the answer, or when the answer is older than {@code heartbeat} at the cut.
 *
 * @param id           unique within the asset; used in series keys ({@code asset/chain/feed/<id>})
 * @param chain        EVM chain profile name the feed lives on
 * @param feed         the aggregator (or its proxy) address, EIP-55
 * @param decimals     the feed's {@code decimals()} as declared; checked against the contract at start
 * @param heartbeat    the feed is stale when its {@code updatedAt} is older than this at the cut
 * @param toleranceBps allowed difference between Assay's reserves and the answer, in basis points of the answer
 * @param source       where the address and decimals were checked (free text shown in the API)
 */
public record IncumbentFeed(String id, String chain, String feed, int decimals, Duration heartbeat, long toleranceBps,
                            String source) {
}
