package io.assay.store;

import java.util.ConcurrentModificationException;

/** Iterates committed points {@code [first, n)} of one series while their time is at most {@code to}. */
final class RangeCursor implements SeriesCursor {
    private final SeriesIo io;
    private final SeriesState s;
    private final long version;
    private final long n;
    private final long to;
    private final Point point = new Point();
    private long next;

    RangeCursor(SeriesIo io, SeriesState s, long version, long n, long first, long to) {
        this.io = io;
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
        io.read(s, next, point);
        java.lang.invoke.VarHandle.loadLoadFence();
        if (s.versionAcquire() != version) {
            next = n;
            throw new ConcurrentModificationException("series '" + s.key + "' was rolled back during iteration");
        }
        if (point.time > to) {
            next = n;
            return false;
        }
        next++;
        return true;
    }

    @Override
    public Point point() {
        return point;
    }
}
