package io.assay.store;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ConcurrentModificationException;

/**
 * Iterates committed points {@code [first, n)} of one series while their time is at most {@code to}, block by block:
 * inside a block it reads consecutive records from one mapped chunk. After each point it checks the series version,
 * so a rollback racing the iteration fails it instead of yielding a point that is being overwritten.
 */
final class RangeCursor implements SeriesCursor {
    private final MappedFile data;
    private final SeriesState s;
    private final long version;
    private final long n;
    private final long to;
    private final Point point = new Point();
    private long next;
    private ByteBuffer buf;
    private int off;
    private int left;

    RangeCursor(MappedFile data, SeriesState s, long version, long n, long first, long to) {
        this.data = data;
        this.s = s;
        this.version = version;
        this.n = n;
        this.to = to;
        this.next = first;
    }

    @Override
    public boolean next() {
        if (next >= n) {
            return false;
        }
        if (left == 0) {
            int b = BlockLayout.blockOf(next);
            long start = BlockLayout.start(b);
            long a = s.index.addr[b] + (next - start) * BlockLayout.RECORD;
            buf = data.chunk(a);
            off = data.offset(a);
            left = (int) Math.min(BlockLayout.capacity(b) - (next - start), n - next);
        }
        ByteBuffer b = buf;
        int o = off;
        long time = b.getLong(o + 8);
        point.height = b.getLong(o);
        point.time = time;
        point.value.set(b.getLong(o + 16), b.getLong(o + 24));
        VarHandle.loadLoadFence();
        if (s.versionAcquire() != version) {
            next = n;
            throw new ConcurrentModificationException("series '" + s.key + "' was rolled back during iteration");
        }
        if (time > to) {
            next = n;
            return false;
        }
        off = o + BlockLayout.RECORD;
        left--;
        next++;
        return true;
    }

    @Override
    public Point point() {
        return point;
    }
}
