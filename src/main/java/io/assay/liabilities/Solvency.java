package io.assay.liabilities;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Solvency of a custodian for one asset: reserves against the liabilities total of a publication, both as of the
 * publication's moment (one cut), both in the asset's raw units. {@code ratio = reserves / liabilities} as a decimal
 * string with {@value #RATIO_DIGITS} digits, rounded down (never overstated); {@code null} when nothing is owed.
 * <ul>
 * <li>{@code SOLVENT}: reserves cover the liabilities;</li>
 * <li>{@code INSOLVENT}: they do not;</li>
 * <li>{@code STALE}: the numbers are computed, but the liabilities are older than the allowed age (or the reserves
 * side is stale): do not rely on them;</li>
 * <li>{@code REFUSED}: the reserves side could not be computed for that moment.</li>
 * </ul>
 */
public final class Solvency {
    public static final int RATIO_DIGITS = 18;

    public enum Status { SOLVENT, INSOLVENT, STALE, REFUSED }

    public record Result(Status status, BigInteger reserves, BigInteger liabilities, String ratio, List<String> reasons) {
    }

    private Solvency() {
    }

    /**
     * @param reserves      reserves at {@code asOf} in raw units, or null when the reserves side was refused
     * @param reservesIssue why the reserves side is refused or stale, or null when it is fine
     * @param refused       true when the reserves side could not be computed
     * @param liabilities   the publication's total for the asset, raw units
     * @param asOf          the publication's moment
     * @param now           the current time
     * @param maxAge        how old a publication may be
     */
    public static Result of(BigInteger reserves, List<String> reservesIssue, boolean refused, BigInteger liabilities,
                            Instant asOf, Instant now, Duration maxAge) {
        List<String> reasons = new ArrayList<>();
        if (refused || reserves == null) {
            reasons.addAll(reservesIssue);
            return new Result(Status.REFUSED, null, liabilities, null, List.copyOf(reasons));
        }
        String ratio = liabilities.signum() == 0 ? null
                : new BigDecimal(reserves).divide(new BigDecimal(liabilities), RATIO_DIGITS, RoundingMode.DOWN).toPlainString();
        boolean covered = reserves.compareTo(liabilities) >= 0;
        Duration age = Duration.between(asOf, now);
        if (age.compareTo(maxAge) > 0) {
            reasons.add("the liabilities publication is " + age.toSeconds() + " s old (allowed " + maxAge.toSeconds() + " s)");
        }
        reasons.addAll(reservesIssue);
        if (!covered) {
            reasons.add(0, "reserves " + reserves + " do not cover liabilities " + liabilities + " (raw units)");
        }
        Status s;
        if (!covered) {
            s = Status.INSOLVENT;
        } else if (!reasons.isEmpty()) {
            s = Status.STALE;
        } else {
            s = Status.SOLVENT;
        }
        return new Result(s, reserves, liabilities, ratio, List.copyOf(reasons));
    }
}
