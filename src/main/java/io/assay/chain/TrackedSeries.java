package io.assay.chain;

import io.assay.store.SeriesKey;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The store series a chain's tracked set feeds: each {@link Series} follows one <em>member</em> (a running value
 * the family indexes: an EVM slot, a Solana value), each {@link Aggregate} is the sum of several members. Member
 * indices are positions in the family's own list of members.
 */
public final class TrackedSeries {
    private TrackedSeries() {
    }

    /** A store series fed by one member. */
    public record Series(SeriesKey key, int member) {
    }

    /**
     * A store series that is the sum of {@code members}, each scaled by {@code 10^scale[i]} to {@code decimals}
     * (the largest of the members' decimals, so scaling is exact).
     */
    public record Aggregate(SeriesKey key, int[] members, int[] scale, int decimals) {
        /** True if every member is in the common decimals already (the sum needs no scaling). */
        public boolean unscaled() {
            for (int x : scale) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The aggregate of the distinct {@code members} (first occurrence order), expressed in the largest of their
     * decimals.
     *
     * @param decimals a member's decimals
     */
    public static Aggregate aggregate(SeriesKey key, List<Integer> members, IntUnaryOperator decimals) {
        int[] s = members.stream().distinct().mapToInt(Integer::intValue).toArray();
        int max = 0;
        for (int i : s) {
            max = Math.max(max, decimals.applyAsInt(i));
        }
        int[] scale = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            scale[i] = max - decimals.applyAsInt(s[i]);
        }
        return new Aggregate(key, s, scale, max);
    }
}
