package io.assay.chain.bitcoin;

import java.util.Arrays;

/**
 * One block of a {@link BitcoinSegment}: its raw bytes (verified: the header hashes to the requested hash and the
 * Merkle root covers every transaction), where its inputs' outpoints are, and the outputs that paid a tracked
 * script when it was scanned with the {@link ScriptTable} snapshot {@link Matches#table}.
 *
 * <p>Built by a fetch thread, then handed to the writer thread (through the segment's future, which publishes
 * it safely); the writer may replace {@link #matches} after a rescan.
 */
final class FetchedBlock {
    final long height;
    final String hash;
    final String prevHash;
    /** Header time, seconds since 1970. */
    final long headerTime;
    final byte[] raw;
    final int txCount;
    /** Offsets in {@link #raw} of the spent outpoints (32-byte txid, then 4-byte index) of every non-coinbase input. */
    final int[] inputs;
    /** For transaction {@code i}, its inputs are {@code inputs[txInputsEnd[i-1] .. txInputsEnd[i])}. */
    final int[] txInputsEnd;
    Matches matches;
    /**
     * For a block not fetched because its compact filter matched none of the scripts of {@link #filterTable}: the
     * filter, so the writer can ask again with the scripts watched when it applies the block; null for a fetched block.
     */
    final BlockFilters.Filter filter;
    final ScriptTable filterTable;

    FetchedBlock(long height, String hash, String prevHash, long headerTime, byte[] raw, int txCount, int[] inputs,
                 int[] txInputsEnd, Matches matches) {
        this(height, hash, prevHash, headerTime, raw, txCount, inputs, txInputsEnd, matches, null, null);
    }

    /** A block skipped by its filter: header fields only, no transaction. */
    static FetchedBlock skipped(long height, String hash, String prevHash, long headerTime, BlockFilters.Filter filter,
                                ScriptTable table) {
        return new FetchedBlock(height, hash, prevHash, headerTime, new byte[0], 0, new int[0], new int[0],
                new Matches(table), filter, table);
    }

    boolean isSkipped() {
        return filter != null;
    }

    private FetchedBlock(long height, String hash, String prevHash, long headerTime, byte[] raw, int txCount, int[] inputs,
                 int[] txInputsEnd, Matches matches, BlockFilters.Filter filter, ScriptTable filterTable) {
        this.height = height;
        this.hash = hash;
        this.prevHash = prevHash;
        this.headerTime = headerTime;
        this.raw = raw;
        this.txCount = txCount;
        this.inputs = inputs;
        this.txInputsEnd = txInputsEnd;
        this.matches = matches;
        this.filter = filter;
        this.filterTable = filterTable;
    }

    /** Outputs of a block that pay tracked scripts, in block order. */
    static final class Matches {
        /** The snapshot the block was scanned with: {@link #entry} indexes into it. */
        final ScriptTable table;
        int count;
        int[] tx = new int[4];
        int[] vout = new int[4];
        int[] entry = new int[4];
        long[] value = new long[4];
        /** 32 bytes per match: the txid in internal byte order. */
        byte[] txids = new byte[32 * 4];

        Matches(ScriptTable table) {
            this.table = table;
        }

        void add(int txIndex, int outIndex, int entryIndex, long sats, byte[] txidBuf, int txidOff) {
            if (count == tx.length) {
                int n = count * 2;
                tx = Arrays.copyOf(tx, n);
                vout = Arrays.copyOf(vout, n);
                entry = Arrays.copyOf(entry, n);
                value = Arrays.copyOf(value, n);
                txids = Arrays.copyOf(txids, 32 * n);
            }
            tx[count] = txIndex;
            vout[count] = outIndex;
            entry[count] = entryIndex;
            value[count] = sats;
            System.arraycopy(txidBuf, txidOff, txids, 32 * count, 32);
            count++;
        }
    }
}
