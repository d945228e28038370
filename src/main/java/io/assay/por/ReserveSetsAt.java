package io.assay.por;

import java.time.Instant;
import java.util.List;

/**
 * An asset's reserve sets at one moment ({@link PorEngine#reserveSets}).
 *
 * @param asset   asset id
 * @param asOf    the moment (the cut when "now" was asked)
 * @param sets    every reserve set of the asset, in profile order
 * @param reasons why the moment cannot be answered (after the cut, or nothing indexed yet); empty when it can
 */
public record ReserveSetsAt(String asset, Instant asOf, List<ReserveSetView> sets, List<String> reasons) {
}
