package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Prepares the data file ahead of block allocation by writing zeros with {@code pwrite}.
 *
 * <p>Why: the first write through a mapping into a hole of a sparse file costs a full page fault (about 10 µs per
 * 4 KiB page measured on the build machine, 90 ns per 32-byte point: the dominant cost of an append), while a
 * {@code pwrite} of zeros costs about 1.4 µs per page and leaves the page cached and its disk block allocated, so
 * the mapping then takes a minor fault of about 0.2 µs. A daemon thread keeps a prepared margin ahead of the
 * allocation pointer (half the data written so far, between 256 KiB and 8 MiB: close enough that the zeroed lines
 * are often still cached); if the allocator catches up, it prepares what it needs itself.
 *
 * <p>Hazard: zeros must never land on an allocated block. The allocator hands out space only below
 * {@link #preparedEnd()}, and filling happens only above it, under {@code lock}, so the two never overlap. The
 * region above the allocation pointer holds no committed data (at most blocks of a crashed, uncommitted write whose
 * block-table entries never became durable).
 */
final class Prefill implements AutoCloseable {
    private static final int STEP = 1 << 20;
    private static final long MIN_AHEAD = 256 << 10;
    private static final long MAX_AHEAD = 8 << 20;

    private final MappedFile data;
    private final Object lock = new Object();
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(STEP);
    private final Thread thread;
    private volatile long preparedEnd;
    private volatile long allocated;
    private volatile boolean closed;

    Prefill(MappedFile data, long allocatedEnd) {
        this.data = data;
        this.preparedEnd = allocatedEnd;
        this.allocated = allocatedEnd;
        this.thread = new Thread(this::run, "assay-store-prefill");
        thread.setDaemon(true);
    }

    /** Starts the background thread (only once the store opened: a failed open must write nothing). */
    void start() {
        thread.start();
    }

    long preparedEnd() {
        return preparedEnd;
    }

    /** Called by the allocator (under its lock) after moving its pointer to {@code end}. */
    void allocatedTo(long end) {
        allocated = end;
        if (preparedEnd - end < ahead(end)) {
            LockSupport.unpark(thread);
        }
    }

    private static long ahead(long end) {
        return Math.min(MAX_AHEAD, Math.max(MIN_AHEAD, (end - SeriesFiles.DATA_START) / 2));
    }

    /** Makes sure {@code [.., end)} is prepared, filling synchronously if the background thread is behind. */
    void prepareThrough(long end) {
        synchronized (lock) {
            while (preparedEnd < end) {
                fillStep();
            }
        }
    }

    /** Fills one step above {@code preparedEnd} (caller holds {@code lock}). */
    private void fillStep() {
        long from = preparedEnd;
        long seg = data.chunkSize();
        long to = Math.min(from + STEP, (from / seg + 1) * seg); // never across a segment boundary
        data.ensure(to); // maps (and so sizes) the file first: its length stays a multiple of the segment size
        ByteBuffer z = zeros.duplicate();
        z.limit((int) (to - from));
        try (FileChannel ch = FileChannel.open(data.path(), StandardOpenOption.WRITE)) {
            while (z.hasRemaining()) {
                ch.write(z, from + z.position());
            }
        } catch (IOException e) {
            throw new StoreException(data.path(), "cannot prepare space: " + e.getMessage(), e);
        }
        preparedEnd = to;
    }

    private void run() {
        while (!closed) {
            long alloc = allocated;
            if (preparedEnd - alloc < ahead(alloc)) {
                try {
                    synchronized (lock) {
                        if (!closed) {
                            fillStep();
                        }
                    }
                } catch (RuntimeException e) {
                    // the allocator prepares synchronously and reports the error itself
                    LockSupport.parkNanos(100_000_000L);
                }
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!thread.isAlive()) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
