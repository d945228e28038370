package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code store.lock}: an exclusive OS file lock (released by the OS when a process dies, even by SIGKILL) plus one
 * byte telling whether the last process to hold it closed the store ({@code C}) or not ({@code O}). Keyed-state
 * backends use that to decide whether to run their crash recovery.
 */
final class StoreLock implements AutoCloseable {
    private static final byte OPEN = 'O';
    private static final byte CLOSED = 'C';

    private final Path path;
    private final FileChannel ch;
    private final FileLock lock;
    private final boolean previousClean;

    private StoreLock(Path path, FileChannel ch, FileLock lock, boolean previousClean) {
        this.path = path;
        this.ch = ch;
        this.lock = lock;
        this.previousClean = previousClean;
    }

    static StoreLock acquire(Path dir) {
        Path path = dir.resolve("store.lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new StoreException(path, "the store is open in another process");
            }
            ByteBuffer b = ByteBuffer.allocate(1);
            boolean clean = ch.read(b, 0) <= 0 || b.get(0) != OPEN;
            return new StoreLock(path, ch, lock, clean);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new StoreException(path, "the store is already open in this process");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StoreException(path, "cannot lock: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Whether the previous holder closed the store cleanly (or there was none). */
    boolean previousClean() {
        return previousClean;
    }

    /** Records that the store is open (called once opening succeeded). */
    void markOpen() {
        mark(OPEN);
    }

    private void mark(byte state) {
        try {
            ch.write(ByteBuffer.wrap(new byte[] {state}), 0);
            ch.force(false);
        } catch (IOException e) {
            throw new StoreException(path, "cannot write: " + e.getMessage(), e);
        }
    }

    /** Releases the lock; {@code clean} records a clean close. */
    void release(boolean clean) {
        try {
            if (clean) {
                mark(CLOSED);
            }
        } finally {
            try {
                lock.release();
                ch.close();
            } catch (IOException e) {
                throw new StoreException(path, "cannot release: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        release(false);
    }
}
