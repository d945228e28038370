package io.assay.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The "obvious" alternative a user could build: Chronicle Map as a time-series store, key = (series, height),
 * value = (time, hi, lo). As-of queries binary-search heights with one map lookup per probe (the map knows no
 * order). Values go in through one reused array; lookups reuse one value array via {@code getUsing}.
 */
final class NaiveChronicleTsdb implements AutoCloseable {
    private final ChronicleMap<Long, byte[]> map;
    private final byte[] in = new byte[24];
    private final ByteBuffer inBuf = ByteBuffer.wrap(in);
    private byte[] out = new byte[24];

    private NaiveChronicleTsdb(ChronicleMap<Long, byte[]> map) {
        this.map = map;
    }

    static NaiveChronicleTsdb create(Path file, long entries) {
        try {
            return new NaiveChronicleTsdb(ChronicleMapBuilder.of(Long.class, byte[].class)
                    .name("naive-tsdb")
                    .constantKeySizeBySample(0L)
                    .constantValueSizeBySample(new byte[24])
                    .entries(entries)
                    .maxBloatFactor(4)
                    .createPersistedTo(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Long key(int series, long height) {
        return ((long) series << 40) | height;
    }

    void put(int series, long height, long time, long hi, long lo) {
        inBuf.putLong(0, time).putLong(8, hi).putLong(16, lo);
        map.put(key(series, height), in);
    }

    /** Time of (series, height), or Long.MAX_VALUE if absent. */
    private long timeAt(int series, long height) {
        byte[] v = map.getUsing(key(series, height), out);
        if (v == null) {
            return Long.MAX_VALUE;
        }
        out = v;
        return ByteBuffer.wrap(v).getLong(0);
    }

    /** The last height in {@code [1, count]} with time at most {@code time}, or 0. */
    long heightAt(int series, long count, long time) {
        long lo = 1;
        long hi = count;
        long found = 0;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            if (timeAt(series, mid) <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** valueAt: the lo half of the value at the last point at or before {@code time}, or 0. */
    long valueAt(int series, long count, long time) {
        long h = heightAt(series, count, time);
        if (h == 0) {
            return 0;
        }
        byte[] v = map.getUsing(key(series, h), out);
        out = v;
        return ByteBuffer.wrap(v).getLong(16);
    }

    /** Sum of the lo halves of points with {@code from <= time <= to}. */
    long rangeSum(int series, long count, long from, long to) {
        long h = heightAt(series, count, from - 1) + 1;
        long sum = 0;
        for (; h <= count; h++) {
            byte[] v = map.getUsing(key(series, h), out);
            out = v;
            ByteBuffer b = ByteBuffer.wrap(v);
            if (b.getLong(0) > to) {
                break;
            }
            sum += b.getLong(16);
        }
        return sum;
    }

    @Override
    public void close() {
        map.close();
    }
}
