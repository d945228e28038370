package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Prepares the data file ahead of block allocation by writing zeros with {@code pwrite}, on a background thread.
 *
 * <p>Why: the first write through a mapping into a hole of a sparse file costs a full page fault (about 10 µs per
 * 4 KiB page measured on the build machine, 90 ns per 32-byte point: the dominant cost of an append), while a
 * {@code pwrite} of zeros costs about 1.4 µs per page and leaves the page cached and its disk block allocated, so
 * the mapping then takes a minor fault of about 0.2 µs. The thread keeps a margin of prepared space ahead of the
 * allocation pointer (half the data written so far, between 256 KiB and 8 MiB: close enough that the zeroed lines
 * are often still cached).
 *
 * <p>Hazard: zeros must never land on an allocated block, and the writer must never wait for this thread (which a
 * busy machine may deschedule mid-write). Space is claimed by moving {@code frontier} with a CAS: this thread claims
 * a step, fills it, then raises {@code preparedEnd}; the allocator uses space below {@code preparedEnd} freely and,
 * when it outruns this thread, claims a step at or above {@code frontier} itself and fills it with the same
 * {@code pwrite} before placing blocks in it (only if that fails does it write through page faults), skipping a step
 * being filled. So fills and blocks never overlap, at the cost of at most one step of unused space
 * each time the writer outruns the filler. Everything above the allocation pointer is free space: at most blocks of
 * a crashed, uncommitted write whose block-table entries never became durable.
 */
final class Prefill implements AutoCloseable {
    private static final int STEP = 256 << 10;
    private static final long MIN_AHEAD = 256 << 10;
    private static final long MAX_AHEAD = 8 << 20;
    /** Space the writer claims and fills itself when it finds nothing prepared (its own pause: about 0.4 ms). */
    private static final int OWN_STEP = 1 << 20;

    private final MappedFile data;
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(STEP);
    /** Views of {@link #zeros}: one for the thread, one for the allocator (each owns its position and limit). */
    private final ByteBuffer threadZeros = zeros.duplicate();
    private final ByteBuffer ownZeros = zeros.duplicate();
    private FileChannel channel;
    private final Thread thread;
    /** Space below is claimed: prepared, being prepared, or allocated. */
    private final AtomicLong frontier;
    /** No fill is in progress below this. */
    private volatile long preparedEnd;
    private volatile long allocated;
    private volatile boolean closed;
    /** Space the writer filled itself and has not used up; allocator-only (called under its lock). */
    private long ownStart;
    private long ownEnd;

    Prefill(MappedFile data, long allocatedEnd) {
        this.data = data;
        this.frontier = new AtomicLong(allocatedEnd);
        this.preparedEnd = allocatedEnd;
        this.allocated = allocatedEnd;
        this.thread = new Thread(this::run, "assay-store-prefill");
        thread.setDaemon(true);
    }

    /** Starts the background thread (only once the store opened: a failed open must write nothing). */
    void start() {
        thread.start();
    }

    /**
     * Where a block of {@code bytes} may go, at or after {@code from}: never across a segment boundary and never on
     * space being filled. Called by the allocator under its lock; never waits for the filler thread. When the writer
     * outruns that thread (a burst of allocations, or no idle core to run it on), it claims a step itself and fills it
     * with {@code pwrite} before using it: about 1.4 µs per page instead of a write fault into a hole of the sparse
     * file (about 10 µs per page).
     */
    long place(long from, int bytes) {
        long seg = data.chunkSize();
        for (;;) {
            long addr = fit(from, bytes, seg);
            if (addr + bytes <= preparedEnd || (addr >= ownStart && addr + bytes <= ownEnd)) {
                return addr;
            }
            long c = frontier.get();
            if (addr < c) {
                addr = fit(c, bytes, seg); // skip the step being filled (or filled after we read preparedEnd)
                if (addr + bytes <= preparedEnd) {
                    return addr;
                }
            }
            long to = Math.max(addr + bytes, Math.min(addr + OWN_STEP, (addr / seg + 1) * seg));
            if (frontier.compareAndSet(c, to)) {
                try {
                    fill(ownZeros, addr, to);
                    ownStart = addr;
                    ownEnd = to;
                } catch (RuntimeException e) {
                    // the space is claimed either way: the writer then writes through page faults
                    ownEnd = ownStart;
                }
                return addr;
            }
        }
    }

    private static long fit(long addr, int bytes, long seg) {
        return (addr & (seg - 1)) + bytes > seg ? (addr + seg - 1) & -seg : addr;
    }

    /** Called by the allocator after moving its pointer to {@code end}. */
    void allocatedTo(long end) {
        allocated = end;
        if (frontier.get() - end < ahead(end)) {
            LockSupport.unpark(thread);
        }
    }

    private static long ahead(long end) {
        return Math.min(MAX_AHEAD, Math.max(MIN_AHEAD, (end - SeriesFiles.DATA_START) / 2));
    }

    private void run() {
        while (!closed) {
            long alloc = allocated;
            long c = frontier.get();
            if (c - alloc >= ahead(alloc)) {
                LockSupport.park(this);
                continue;
            }
            long seg = data.chunkSize();
            long to = Math.min(c + STEP, (c / seg + 1) * seg); // never across a segment boundary
            if (!frontier.compareAndSet(c, to)) {
                continue;
            }
            try {
                fill(threadZeros, c, to);
            } catch (RuntimeException e) {
                // nothing is lost: the allocator never depends on this thread; try again later
                LockSupport.parkNanos(100_000_000L);
            }
            preparedEnd = to; // claims are ordered: everything below is filled, or allocated by the writer
        }
    }

    /** Writes zeros over {@code [from, to)} through {@code z} (a view of {@link #zeros} owned by the caller). */
    private void fill(ByteBuffer z, long from, long to) {
        data.ensure(to); // maps (and so sizes) the file first: its length stays a multiple of the segment size
        FileChannel ch = channel();
        try {
            long pos = from;
            while (pos < to) {
                z.clear();
                z.limit((int) Math.min(z.capacity(), to - pos));
                while (z.hasRemaining()) {
                    pos += ch.write(z, pos);
                }
            }
        } catch (IOException e) {
            throw new StoreException(data.path(), "cannot prepare space: " + e.getMessage(), e);
        }
    }

    /** One channel for every fill (opening one per fill cost a file open and garbage each time). */
    private synchronized FileChannel channel() {
        if (channel == null) {
            try {
                channel = FileChannel.open(data.path(), StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new StoreException(data.path(), "cannot open to prepare space: " + e.getMessage(), e);
            }
        }
        return channel;
    }

    @Override
    public void close() {
        closed = true;
        if (thread.isAlive()) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // only zeros were written through it, and nothing depends on them reaching the file
                }
                channel = null;
            }
        }
    }
}
