package io.assay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file mapped read-write in fixed-size chunks ("segments"), grown by mapping one more chunk at its end, never
 * shrunk. One file and a handful of mappings serve any number of series.
 *
 * <p>Hazards: the file must never shrink while mapped (a read of a truncated mapping is a SIGBUS), so nothing here
 * truncates; mappings are released by the garbage collector, never explicitly (an explicit unmap under a racing
 * reader would crash the JVM); after {@link #close()} a racing reader fails with an exception instead. Growth is
 * serialised by {@code synchronized}; the chunk array is republished through a volatile field and readers reach
 * new chunks only after a release/acquire pair (the series watermark) that orders them after the growth.
 */
final class MappedFile {
    private final FilesFacade ff;
    private final Path path;
    private final long chunkSize;
    private final int shift;
    private final long mask;
    private volatile MappedByteBuffer[] chunks;

    private MappedFile(FilesFacade ff, Path path, long chunkSize, MappedByteBuffer[] chunks) {
        this.ff = ff;
        this.path = path;
        this.chunkSize = chunkSize;
        this.shift = Long.numberOfTrailingZeros(chunkSize);
        this.mask = chunkSize - 1;
        this.chunks = chunks;
    }

    /** Creates a new file of one chunk (the caller writes its header). */
    static MappedFile create(FilesFacade ff, Path path, long chunkSize) {
        checkChunk(chunkSize);
        try {
            Files.createFile(path);
        } catch (IOException e) {
            throw new StoreException(path, "cannot create: " + e.getMessage(), e);
        }
        MappedFile f = new MappedFile(ff, path, chunkSize, new MappedByteBuffer[0]);
        f.ensure(chunkSize);
        return f;
    }

    /**
     * Maps an existing file; its size must be a positive multiple of {@code chunkSize}.
     *
     * @throws StoreException if it is missing or its size is wrong (nothing is modified)
     */
    static MappedFile open(FilesFacade ff, Path path, long chunkSize) {
        checkChunk(chunkSize);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
        if (size == 0 || size % chunkSize != 0) {
            throw new StoreException(path, "file is " + size + " bytes, not a positive multiple of its segment size "
                    + chunkSize + " (truncated or extended by something else)");
        }
        MappedByteBuffer[] mapped = new MappedByteBuffer[(int) (size / chunkSize)];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < mapped.length; i++) {
                mapped[i] = map(ff, path, ch, i, chunkSize);
            }
        } catch (IOException e) {
            throw new StoreException(path, "cannot map: " + e.getMessage(), e);
        }
        return new MappedFile(ff, path, chunkSize, mapped);
    }

    private static MappedByteBuffer map(FilesFacade ff, Path path, FileChannel ch, int index, long chunkSize)
            throws IOException {
        MappedByteBuffer b = ff.map(path, ch, index * chunkSize, chunkSize);
        b.order(ByteOrder.LITTLE_ENDIAN);
        return b;
    }

    private static void checkChunk(long chunkSize) {
        if (Long.bitCount(chunkSize) != 1 || chunkSize < 4096 || chunkSize > (1L << 30)) {
            throw new IllegalArgumentException("segment size must be a power of two in [4 KiB, 1 GiB]: " + chunkSize);
        }
    }

    Path path() {
        return path;
    }

    long chunkSize() {
        return chunkSize;
    }

    /** Bytes mapped (the file size). */
    long size() {
        return chunks.length * chunkSize;
    }

    /** Grows the file (by whole chunks) so that {@code [0, size)} is mapped. */
    synchronized void ensure(long size) {
        MappedByteBuffer[] cur = chunks;
        long need = (size + chunkSize - 1) >>> shift;
        if (need <= cur.length) {
            return;
        }
        MappedByteBuffer[] next = java.util.Arrays.copyOf(cur, (int) need);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = cur.length; i < next.length; i++) {
                next[i] = map(ff, path, ch, i, chunkSize);
            }
        } catch (IOException e) {
            throw new StoreException(path, "cannot grow to " + size + " bytes: " + e.getMessage(), e);
        }
        chunks = next;
    }

    /** The chunk holding {@code pos}; a record never straddles two chunks. */
    ByteBuffer chunk(long pos) {
        return chunks[(int) (pos >>> shift)];
    }

    int offset(long pos) {
        return (int) (pos & mask);
    }

    long getLong(long pos) {
        return chunks[(int) (pos >>> shift)].getLong((int) (pos & mask));
    }

    void putLong(long pos, long v) {
        chunks[(int) (pos >>> shift)].putLong((int) (pos & mask), v);
    }

    int getInt(long pos) {
        return chunks[(int) (pos >>> shift)].getInt((int) (pos & mask));
    }

    void putInt(long pos, int v) {
        chunks[(int) (pos >>> shift)].putInt((int) (pos & mask), v);
    }

    short getShort(long pos) {
        return chunks[(int) (pos >>> shift)].getShort((int) (pos & mask));
    }

    void putShort(long pos, short v) {
        chunks[(int) (pos >>> shift)].putShort((int) (pos & mask), v);
    }

    byte get(long pos) {
        return chunks[(int) (pos >>> shift)].get((int) (pos & mask));
    }

    void put(long pos, byte v) {
        chunks[(int) (pos >>> shift)].put((int) (pos & mask), v);
    }

    void get(long pos, byte[] dst, int off, int len) {
        chunks[(int) (pos >>> shift)].get((int) (pos & mask), dst, off, len);
    }

    void put(long pos, byte[] src, int off, int len) {
        chunks[(int) (pos >>> shift)].put((int) (pos & mask), src, off, len);
    }

    /** Writes dirty pages of every chunk to the device (msync). */
    void force() {
        try {
            for (MappedByteBuffer b : chunks) {
                ff.force(path, b);
            }
        } catch (UncheckedIOException e) {
            throw new StoreException(path, "cannot force to disk: " + e.getMessage(), e);
        }
    }

    /** Drops this object's references; the mappings go when the garbage collector frees them (see class note). */
    void close() {
        chunks = new MappedByteBuffer[0];
    }
}
