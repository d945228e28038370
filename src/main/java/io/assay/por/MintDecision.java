package io.assay.por;

import java.util.List;

/**
 * Answer of the secure-mint check: may {@code requested} more tokens be minted now?
 *
 * @param allowed   true only when data is fresh and consistent and reserves cover circulating + requested
 *                  times the asset's minimum ratio
 * @param requested the amount asked for, in the asset's decimals
 * @param required  reserves needed: (circulating + requested) x minRatio, at the snapshot's scale (null if no snapshot)
 * @param headroom  reserves minus required (negative: the shortfall), null if no snapshot
 * @param reasons   why it was denied (empty when allowed)
 * @param snapshot  the snapshot the decision used
 */
public record MintDecision(boolean allowed, String asset, Amount requested, Amount required, Amount headroom,
                           List<String> reasons, Snapshot snapshot) {
}
