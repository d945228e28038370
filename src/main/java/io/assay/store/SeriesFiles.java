package io.assay.store;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The three mapped files of the series data, in {@code series/}:
 * <ul>
 *   <li>{@code data.dat}: blocks of 32-byte point records ({@link BlockLayout}), bump-allocated from offset 4096 in
 *       segments of {@code segmentSize} bytes; a block never straddles two segments.</li>
 *   <li>{@code blocks.dat}: one 32-byte entry per allocated block, in allocation order:
 *       {@code addr:8 | series:4 | block:4 | firstHeight:8 | firstTime:8}. The entry is written before its non-zero
 *       {@code addr}, so the first zero {@code addr} ends the table. First height/time are (re)written when the
 *       block's first point is, and forced with it; they let open rebuild every series' block index without reading
 *       the data.</li>
 *   <li>{@code series.dat}: one 32-byte record per series id: {@code lastHeight:8 | count:8 | reserved:16}. Written
 *       at commit, {@code lastHeight} before {@code count}; the count is an upper bound that open corrects with the
 *       chain's checkpoint (points above it are dropped).</li>
 * </ul>
 */
final class SeriesFiles {
    static final String DATA_MAGIC = "ASSAYDAT";
    static final String BLOCKS_MAGIC = "ASSAYBLK";
    static final String TABLE_MAGIC = "ASSAYSER";
    static final int VERSION = 1;
    static final long DATA_START = 4096;
    static final int ENTRY = 32;
    static final int TABLE_RECORD = 32;
    static final long META_CHUNK = 4L << 20;

    /** Receives every block entry on open. */
    interface EntryVisitor {
        void visit(long entry, long addr, int series, int block, long firstHeight, long firstTime);
    }

    final MappedFile data;
    final MappedFile blocks;
    final MappedFile table;
    private long dataEnd = DATA_START;
    private long entries;
    private Prefill prefill;

    private SeriesFiles(MappedFile data, MappedFile blocks, MappedFile table) {
        this.data = data;
        this.blocks = blocks;
        this.table = table;
    }

    static SeriesFiles create(FilesFacade ff, Path dir, long segmentSize) {
        MappedFile d = MappedFile.create(ff, dir.resolve("data.dat"), segmentSize);
        FileHeader.write(d.chunk(0).duplicate(), DATA_MAGIC, VERSION, segmentSize, BlockLayout.MIN_SHIFT,
                BlockLayout.MAX_SHIFT, BlockLayout.RECORD);
        MappedFile b = MappedFile.create(ff, dir.resolve("blocks.dat"), META_CHUNK);
        FileHeader.write(b.chunk(0).duplicate(), BLOCKS_MAGIC, VERSION);
        MappedFile t = MappedFile.create(ff, dir.resolve("series.dat"), META_CHUNK);
        FileHeader.write(t.chunk(0).duplicate(), TABLE_MAGIC, VERSION);
        d.force();
        b.force();
        t.force();
        SeriesFiles f = new SeriesFiles(d, b, t);
        f.prefill = new Prefill(d, DATA_START);
        return f;
    }

    /** Maps the files and checks their headers and sizes; nothing is written. */
    static SeriesFiles open(FilesFacade ff, Path dir, long segmentSize) {
        Path dp = dir.resolve("data.dat");
        long[] h = KeyValues.readHeader(dp, DATA_MAGIC, VERSION);
        if (h[0] != segmentSize || h[1] != BlockLayout.MIN_SHIFT || h[2] != BlockLayout.MAX_SHIFT
                || h[3] != BlockLayout.RECORD) {
            throw new StoreException(dp, "header says segment size " + h[0] + ", block shifts " + h[1] + "/" + h[2]
                    + ", record " + h[3] + "; the store manifest says segment size " + segmentSize
                    + " and this build writes " + BlockLayout.MIN_SHIFT + "/" + BlockLayout.MAX_SHIFT + "/"
                    + BlockLayout.RECORD);
        }
        Path bp = dir.resolve("blocks.dat");
        KeyValues.readHeader(bp, BLOCKS_MAGIC, VERSION);
        Path tp = dir.resolve("series.dat");
        KeyValues.readHeader(tp, TABLE_MAGIC, VERSION);
        MappedFile d = MappedFile.open(ff, dp, segmentSize);
        MappedFile b = MappedFile.open(ff, bp, META_CHUNK);
        MappedFile t = MappedFile.open(ff, tp, META_CHUNK);
        return new SeriesFiles(d, b, t);
    }

    /**
     * Reads the block table up to its first empty entry, checking each entry's shape, and sets the allocation
     * pointers.
     *
     * @throws StoreException for an entry that cannot be right (nothing is written)
     */
    void scan(EntryVisitor v) {
        long max = blocks.size();
        long e = 0;
        long end = DATA_START;
        long seg = data.chunkSize();
        for (long pos = FileHeader.SIZE; pos + ENTRY <= max; pos += ENTRY, e++) {
            long addr = blocks.getLong(pos);
            if (addr == 0) {
                break;
            }
            int series = blocks.getInt(pos + 8);
            int block = blocks.getInt(pos + 12);
            if (series < 0 || block < 0 || block > 1 << 24) {
                throw new StoreException(blocks.path(), "entry " + e + " names series " + series + " block " + block);
            }
            int bytes = BlockLayout.bytes(block);
            if (addr < DATA_START || addr % BlockLayout.RECORD != 0 || (addr & (seg - 1)) + bytes > seg) {
                throw new StoreException(blocks.path(), "entry " + e + " points at impossible offset " + addr);
            }
            if (addr + bytes > data.size()) {
                throw new StoreException(data.path(), "file is " + data.size() + " bytes but block " + block
                        + " of series " + series + " lies at [" + addr + ", " + (addr + bytes) + ") (truncated?)");
            }
            end = Math.max(end, addr + bytes);
            v.visit(e, addr, series, block, blocks.getLong(pos + 16), blocks.getLong(pos + 24));
        }
        synchronized (this) {
            entries = e;
            dataEnd = end;
            prefill = new Prefill(data, end);
        }
    }

    /** Starts preparing space ahead of allocation in the background (once the store is open). */
    void startPrefill() {
        prefill.start();
    }

    /** Allocates block {@code block} of series {@code series}; returns its entry number. */
    synchronized long allocate(int series, int block) {
        int bytes = BlockLayout.bytes(block);
        long addr = prefill.place(dataEnd, bytes);
        data.ensure(addr + bytes);
        long pos = FileHeader.SIZE + entries * ENTRY;
        blocks.ensure(pos + ENTRY);
        blocks.putInt(pos + 8, series);
        blocks.putInt(pos + 12, block);
        blocks.putLong(pos + 16, 0L);
        blocks.putLong(pos + 24, 0L);
        VarHandle.storeStoreFence(); // the entry is complete before its address marks it valid
        blocks.putLong(pos, addr);
        dataEnd = addr + bytes;
        prefill.allocatedTo(dataEnd);
        return entries++;
    }

    long entryAddr(long entry) {
        return blocks.getLong(FileHeader.SIZE + entry * ENTRY);
    }

    void setFirst(long entry, long height, long time) {
        long pos = FileHeader.SIZE + entry * ENTRY;
        blocks.putLong(pos + 16, height);
        blocks.putLong(pos + 24, time);
    }

    synchronized long entries() {
        return entries;
    }

    synchronized long dataEnd() {
        return dataEnd;
    }

    // ---- series table ----

    void ensureSeries(int n) {
        table.ensure(FileHeader.SIZE + (long) n * TABLE_RECORD);
    }

    /** True if the table has a record for every id below {@code n}. */
    boolean covers(int n) {
        return FileHeader.SIZE + (long) n * TABLE_RECORD <= table.size();
    }

    /**
     * Writes a series record. The pair must never claim a count with a last height at or below the checkpoint that
     * the count's points do not all satisfy, whatever store a kill interrupts: the height is first set to "unknown"
     * (which makes open search the points), then the count, then the real height.
     */
    void writeSeries(int id, long lastHeight, long count) {
        long pos = FileHeader.SIZE + (long) id * TABLE_RECORD;
        table.putLong(pos, Long.MAX_VALUE);
        VarHandle.storeStoreFence();
        table.putLong(pos + 8, count);
        VarHandle.storeStoreFence();
        table.putLong(pos, lastHeight);
    }

    long tableLastHeight(int id) {
        return table.getLong(FileHeader.SIZE + (long) id * TABLE_RECORD);
    }

    long tableCount(int id) {
        return table.getLong(FileHeader.SIZE + (long) id * TABLE_RECORD + 8);
    }

    void force() {
        data.force();
        blocks.force();
    }

    void forceTable() {
        table.force();
    }

    void close() {
        if (prefill != null) {
            prefill.close();
        }
        data.close();
        blocks.close();
        table.close();
    }
}
