package io.assay.chain;

/**
 * Where a chain stands: its latest block and the latest block that is final under the profile's rule.
 *
 * @param head      latest block height the endpoint reports
 * @param finalized latest final height ({@code head - confirmations}, or the height of the {@code finalized}/
 *                  {@code safe} tag); -1 when nothing is final yet
 */
public record Tip(long head, long finalized) {
}
