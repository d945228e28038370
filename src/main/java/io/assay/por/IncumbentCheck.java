package io.assay.por;

import java.time.Instant;

/**
 * Assay's reserves against an incumbent proof-of-reserve feed at one moment (the snapshot's {@code asOf}, so both
 * come from the same consistent cut).
 *
 * @param feedAnswer   the feed's answer at {@code asOf}, at {@code reserves}' scale (exactly: the feed's decimals never
 *                     exceed the scale, or the scale is raised to them)
 * @param updatedAt    the feed's {@code updatedAt} in force at {@code asOf}, or null before its first round
 * @param height       the block of the feed's chain the answer was read at (the last change at or before {@code asOf})
 * @param difference   {@code reserves - feedAnswer}
 * @param diverged     {@code |difference| * 10000 > toleranceBps * feedAnswer}
 * @param stale        {@code asOf - updatedAt > heartbeat}
 * @param status       the snapshot's status; {@code REFUSED} when the numbers are unknown (neither alert judged)
 * @param reasons      why it is refused, diverged or stale
 */
public record IncumbentCheck(String asset, String feedId, String chain, String feed, Instant asOf, Amount reserves,
                             Amount feedAnswer, Instant updatedAt, long height, Amount difference, long toleranceBps,
                             String heartbeat, boolean diverged, boolean stale, Snapshot.Status status,
                             java.util.List<String> reasons) {
}
