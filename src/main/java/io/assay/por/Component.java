package io.assay.por;

/**
 * One input of a snapshot: a reserve source, a chain's supply, or an excluded holder.
 *
 * @param kind    {@code reserve}, {@code supply} or {@code excluded}
 * @param id      source or holder id ({@code _total} for a chain's supply)
 * @param chain   chain profile name
 * @param amount  in the component's own raw units
 * @param height  block height of the point the value comes from (the last change at or before the query)
 * @param time    that point's block time, epoch millis
 * @param series  the series key it was read from
 * @param attestedBy for off-chain sources, who attested the value; null for on-chain components
 */
public record Component(String kind, String id, String chain, Amount amount, long height, long time, String series,
                        String attestedBy) {
}
