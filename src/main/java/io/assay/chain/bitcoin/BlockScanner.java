package io.assay.chain.bitcoin;

import java.util.Arrays;

/**
 * Reads a raw block with a {@link BlockReader} into a {@link FetchedBlock}: verifies it (structure, Merkle root,
 * header hash equal to the hash asked for), records where its inputs' outpoints are, and finds the outputs paying
 * a script of a {@link ScriptTable}.
 *
 * <p>Witness data is parsed for structure but its commitment is not checked: nothing the indexer reads (outputs
 * and spent outpoints) lives in the witness, and everything else is covered by the Merkle root.
 *
 * <p>One scanner per thread (it owns a reusable {@link BlockReader}).
 */
final class BlockScanner {
    /** Core's MAX_SCRIPT_SIZE: longer output scripts are unspendable and never enter the UTXO set. */
    private static final int MAX_SCRIPT_SIZE = 10_000;
    private static final int OP_RETURN = 0x6a;

    private final BlockReader reader = new BlockReader();
    private int[] inputs = new int[1024];

    /**
     * @param expectedHash display-order hex hash the block must have
     * @throws BlockFormatException if the bytes are not a well-formed block or not the block asked for
     */
    FetchedBlock read(long height, String expectedHash, byte[] raw, ScriptTable table) {
        BlockReader r = reader.wrap(raw);
        String hash = r.hash().toString();
        if (!hash.equals(expectedHash)) {
            throw new BlockFormatException("asked for block " + expectedHash + " at height " + height
                    + ", received block " + hash);
        }
        int txCount = r.txCount();
        int[] txInputsEnd = new int[txCount];
        FetchedBlock.Matches m = new FetchedBlock.Matches(table);
        int n = 0;
        boolean genesis = height == 0;
        while (r.nextTx()) {
            while (r.nextInput()) {
                if (!r.isCoinbaseInput()) {
                    if (n == inputs.length) {
                        inputs = Arrays.copyOf(inputs, n * 2);
                    }
                    inputs[n++] = r.prevTxidOffset();
                }
            }
            txInputsEnd[r.txIndex()] = n;
            if (!genesis) {
                // the genesis block's outputs never enter the UTXO set (Core does not connect that block)
                scanOutputs(r, table, m);
            }
        }
        return new FetchedBlock(height, hash, r.prevHash().toString(), r.time(), raw, txCount,
                Arrays.copyOf(inputs, n), txInputsEnd, m);
    }

    /** Scans {@code block}'s outputs again with another snapshot (after a gap window grew). */
    FetchedBlock.Matches rescan(FetchedBlock block, ScriptTable table) {
        FetchedBlock.Matches m = new FetchedBlock.Matches(table);
        if (block.height == 0) {
            return m;
        }
        BlockReader r = reader.wrap(block.raw);
        while (r.nextTx()) {
            scanOutputs(r, table, m);
        }
        return m;
    }

    private static void scanOutputs(BlockReader r, ScriptTable table, FetchedBlock.Matches m) {
        byte[] buf = r.buffer();
        while (r.nextOutput()) {
            int len = r.scriptLength();
            int off = r.scriptOffset();
            int entry = table.find(buf, off, len);
            if (entry < 0 || len > MAX_SCRIPT_SIZE || (len > 0 && (buf[off] & 0xff) == OP_RETURN)) {
                continue;
            }
            m.add(r.txIndex(), r.outputIndex(), entry, r.value(), r.txidBuffer(), r.txidOffset());
        }
    }
}
