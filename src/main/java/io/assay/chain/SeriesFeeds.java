package io.assay.chain;

import io.assay.store.Point;
import io.assay.store.Store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The write side of {@link TrackedSeries}: which store series and aggregates each member feeds, their store ids,
 * and the per-block walk that writes the series of the members that changed and then each aggregate with a changed
 * member. The values themselves stay with the family's writer (raw units, its own representation). Not
 * thread-safe: one per writer, used from the indexer thread.
 */
public final class SeriesFeeds {
    /** Writes one block's points; called by {@link #write} in member order, then in aggregate order. */
    public interface Sink {
        /** Appends member {@code member}'s current value to each store series in {@code seriesIds}. */
        void member(int member, int[] seriesIds);

        /** Appends the current sum of {@code aggregate}'s members to store series {@code aggregateId}. */
        void aggregate(int aggregateId, TrackedSeries.Aggregate aggregate);
    }

    private final List<TrackedSeries.Series> series;
    private final List<TrackedSeries.Aggregate> aggregates;
    private final int[][] memberSeries;
    private final int[][] memberAggregates;
    private final int[][] memberSeriesIds;
    private final int[] aggregateIds;
    private final boolean[] aggregateChanged;
    /** Series (per member) and aggregates without any point in the store yet; see {@link #baseline}. */
    private final boolean[][] memberUnwritten;
    private final boolean[] aggregateUnwritten;
    private boolean anyUnwritten;

    /**
     * @param members how many members the family tracks (each series and aggregate names members below it)
     */
    public SeriesFeeds(int members, List<TrackedSeries.Series> series, List<TrackedSeries.Aggregate> aggregates) {
        this.series = List.copyOf(series);
        this.aggregates = List.copyOf(aggregates);
        List<List<Integer>> bySeries = new ArrayList<>();
        List<List<Integer>> byAggregate = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            bySeries.add(new ArrayList<>());
            byAggregate.add(new ArrayList<>());
        }
        for (int i = 0; i < series.size(); i++) {
            bySeries.get(series.get(i).member()).add(i);
        }
        for (int a = 0; a < aggregates.size(); a++) {
            for (int m : aggregates.get(a).members()) {
                byAggregate.get(m).add(a);
            }
        }
        this.memberSeries = toArrays(bySeries);
        this.memberAggregates = toArrays(byAggregate);
        this.memberSeriesIds = new int[members][];
        for (int m = 0; m < members; m++) {
            memberSeriesIds[m] = new int[memberSeries[m].length];
        }
        this.aggregateIds = new int[aggregates.size()];
        this.aggregateChanged = new boolean[aggregates.size()];
        this.memberUnwritten = new boolean[members][];
        for (int m = 0; m < members; m++) {
            memberUnwritten[m] = new boolean[memberSeries[m].length];
        }
        this.aggregateUnwritten = new boolean[aggregates.size()];
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** Registers every series and aggregate in {@code store} and keeps their ids. */
    public void register(Store store) {
        int[] ids = new int[series.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = store.series(series.get(i).key());
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            aggregateIds[a] = store.series(aggregates.get(a).key());
        }
        for (int m = 0; m < memberSeries.length; m++) {
            for (int j = 0; j < memberSeries[m].length; j++) {
                memberSeriesIds[m][j] = ids[memberSeries[m][j]];
            }
        }
        Point p = new Point();
        anyUnwritten = false;
        for (int m = 0; m < memberSeriesIds.length; m++) {
            for (int j = 0; j < memberSeriesIds[m].length; j++) {
                memberUnwritten[m][j] = !store.latest(memberSeriesIds[m][j], p);
                anyUnwritten |= memberUnwritten[m][j];
            }
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            aggregateUnwritten[a] = !store.latest(aggregateIds[a], p);
            anyUnwritten |= aggregateUnwritten[a];
        }
    }

    /**
     * Reads the last point of {@code member}'s first series into {@code into} (after {@link #register}).
     *
     * @return false if the member feeds no series or its series has no point yet
     */
    public boolean latest(Store store, int member, Point into) {
        int[] ids = memberSeriesIds[member];
        return ids.length > 0 && store.latest(ids[0], into);
    }

    /**
     * Writes one block: {@link Sink#member} for each member with {@code changed[member]}, then
     * {@link Sink#aggregate} for each aggregate that has such a member.
     */
    public void write(boolean[] changed, Sink sink) {
        Arrays.fill(aggregateChanged, false);
        for (int m = 0; m < memberSeriesIds.length; m++) {
            if (!changed[m]) {
                continue;
            }
            sink.member(m, memberSeriesIds[m]);
            Arrays.fill(memberUnwritten[m], false);
            for (int a : memberAggregates[m]) {
                aggregateChanged[a] = true;
            }
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            if (aggregateChanged[a]) {
                sink.aggregate(aggregateIds[a], aggregates.get(a));
                aggregateUnwritten[a] = false;
            }
        }
    }

    /**
     * Writes the current value of every series and aggregate that has no point yet (registered at
     * {@link #register}, not written since). Hazard this closes: points are written only on change, so a token with
     * no transfer yet, or a holder that never received one, would have no point at all, and the engine refuses
     * snapshots over a series without data although the value is known (zero from the start block, or the value
     * read at the start). Cheap when there is nothing to do; call at each commit.
     */
    public void baseline(Sink sink) {
        if (!anyUnwritten) {
            return;
        }
        for (int m = 0; m < memberSeriesIds.length; m++) {
            int n = 0;
            for (boolean u : memberUnwritten[m]) {
                n += u ? 1 : 0;
            }
            if (n == 0) {
                continue;
            }
            int[] ids = new int[n];
            for (int j = 0, k = 0; j < memberUnwritten[m].length; j++) {
                if (memberUnwritten[m][j]) {
                    ids[k++] = memberSeriesIds[m][j];
                }
            }
            sink.member(m, ids);
            Arrays.fill(memberUnwritten[m], false);
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            if (aggregateUnwritten[a]) {
                sink.aggregate(aggregateIds[a], aggregates.get(a));
                aggregateUnwritten[a] = false;
            }
        }
        anyUnwritten = false;
    }

    /** The series keys {@code member} feeds, comma-separated, or {@code fallback} if it feeds none (for messages). */
    public String describe(int member, Object fallback) {
        StringBuilder sb = new StringBuilder();
        for (int i : memberSeries[member]) {
            sb.append(sb.isEmpty() ? "" : ", ").append(series.get(i).key());
        }
        return sb.isEmpty() ? String.valueOf(fallback) : sb.toString();
    }
}
