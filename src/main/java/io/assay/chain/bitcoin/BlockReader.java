package io.assay.chain.bitcoin;

import org.bitcoinj.base.Sha256Hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Reads one serialized Bitcoin block (the bytes of Core's {@code /rest/block/<hash>.bin} or
 * {@code getblock <hash> 0}) in place: a flyweight over the caller's array that builds no object per
 * transaction, input or output. One reader is reused block after block; its index arrays only grow.
 *
 * <p>{@link #wrap} checks the whole structure (legacy and BIP 144 segwit serialization, every length in
 * bounds, no trailing bytes), computes every txid and verifies the header's Merkle root, refusing mutated
 * blocks (CVE-2012-2459: a duplicated transaction that leaves the root unchanged would double-count its
 * outputs). After that, {@link #nextTx()}, {@link #nextInput()} and {@link #nextOutput()} walk the block:
 * <pre>
 * reader.wrap(bytes);
 * while (reader.nextTx()) {
 *     while (reader.nextInput())  { ... reader.buffer(), reader.prevTxidOffset(), reader.prevIndex() ... }
 *     while (reader.nextOutput()) { ... reader.value(), reader.scriptOffset(), reader.scriptLength() ... }
 * }
 * </pre>
 * Hashes are kept in internal byte order (as serialized and hashed); {@link Sha256Hash} accessors give
 * the usual reversed display form. Values are satoshis. Not thread-safe; the caller must not change the
 * wrapped array while reading it.
 */
public final class BlockReader {
    public static final int HEADER_SIZE = 80;
    private static final int TX_FIELDS = 5; // start, body (input count), outputs (output count), witness, end

    private final MessageDigest sha256;
    private final byte[] digestScratch = new byte[32];
    private final byte[] headerHash = new byte[32];

    private byte[] buf;
    private int blockStart;
    private int blockEnd;
    private int txCount;
    private int[] txIndex = new int[TX_FIELDS * 256];
    private byte[] txids = new byte[32 * 256];
    private byte[] merkleScratch = new byte[32 * 256];

    // cursors
    private int tx = -1;
    private int inputsLeft;
    private int inputPos;
    private int inputNumber;
    private int prevOutOffset;
    private int outputsLeft;
    private int outputPos;
    private int outputNumber;
    private long value;
    private int scriptOffset;
    private int scriptLength;
    private int varintEnd;

    public BlockReader() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public BlockReader wrap(byte[] block) {
        return wrap(block, 0, block.length);
    }

    /**
     * Indexes and verifies the block in {@code data[offset, offset+length)}.
     *
     * @throws BlockFormatException naming the byte offset of the first problem; the reader is then empty
     */
    public BlockReader wrap(byte[] data, int offset, int length) {
        buf = data;
        blockStart = offset;
        blockEnd = offset + length;
        txCount = 0;
        tx = -1;
        try {
            if (length < HEADER_SIZE + 1) {
                throw fail(offset, "a block is at least 81 bytes, found " + length);
            }
            doubleSha(offset, HEADER_SIZE, headerHash, 0);
            int pos = offset + HEADER_SIZE;
            long n = varint(pos);
            pos = varintEnd;
            if (n < 1 || n > (blockEnd - pos) / 60 + 1) {
                throw fail(pos, "implausible transaction count " + n + " for " + length + " bytes");
            }
            ensureCapacity((int) n);
            for (int i = 0; i < n; i++) {
                pos = indexTx(i, pos);
                txCount = i + 1;
            }
            if (pos != blockEnd) {
                throw fail(pos, (blockEnd - pos) + " bytes after the last transaction");
            }
            checkMerkleRoot();
            return this;
        } catch (BlockFormatException e) {
            txCount = 0;
            throw e;
        }
    }

    /** Parses transaction {@code i} at {@code pos}, records its offsets and txid; returns the end offset. */
    private int indexTx(int i, int pos) {
        int start = pos;
        need(pos, 4, "transaction version");
        pos += 4;
        boolean segwit = false;
        need(pos, 1, "input count");
        if (buf[pos] == 0) {
            need(pos, 2, "segwit flag");
            if (buf[pos + 1] != 1) {
                throw fail(pos, "transaction " + i + " has an empty input list (or an unknown flag " + buf[pos + 1] + ")");
            }
            segwit = true;
            pos += 2;
        }
        int body = pos;
        long inputs = varint(pos);
        pos = varintEnd;
        if (inputs == 0) {
            throw fail(body, "transaction " + i + " has no inputs");
        }
        for (long k = 0; k < inputs; k++) {
            need(pos, 36, "input outpoint");
            pos += 36;
            long len = varint(pos);
            pos = skip(varintEnd, len, "input script");
            need(pos, 4, "input sequence");
            pos += 4;
        }
        int outputsAt = pos;
        long outputs = varint(pos);
        pos = varintEnd;
        for (long k = 0; k < outputs; k++) {
            need(pos, 8, "output value");
            long v = readLong(pos);
            if (v < 0 || v > 21_000_000L * 100_000_000L) {
                throw fail(pos, "output value " + v + " is outside 0..21e14 satoshis");
            }
            pos += 8;
            long len = varint(pos);
            pos = skip(varintEnd, len, "output script");
        }
        int witness = pos;
        if (segwit) {
            boolean any = false;
            for (long k = 0; k < inputs; k++) {
                long items = varint(pos);
                pos = varintEnd;
                any |= items > 0;
                for (long w = 0; w < items; w++) {
                    long len = varint(pos);
                    pos = skip(varintEnd, len, "witness item");
                }
            }
            if (!any) {
                // Core refuses to deserialize this ("superfluous witness record"), so no valid block has it
                throw fail(witness, "transaction " + i + " has the segwit flag but no witness data");
            }
        }
        need(pos, 4, "lock time");
        pos += 4;
        int base = TX_FIELDS * i;
        txIndex[base] = start;
        txIndex[base + 1] = body;
        txIndex[base + 2] = outputsAt;
        txIndex[base + 3] = witness;
        txIndex[base + 4] = pos;
        if (segwit) {
            // txid = hash of the serialization without marker, flag and witnesses
            sha256.update(buf, start, 4);
            sha256.update(buf, body, witness - body);
            sha256.update(buf, pos - 4, 4);
            finishDoubleSha(txids, 32 * i);
        } else {
            doubleSha(start, pos - start, txids, 32 * i);
        }
        return pos;
    }

    private void checkMerkleRoot() {
        int n = txCount;
        System.arraycopy(txids, 0, merkleScratch, 0, 32 * n);
        while (n > 1) {
            int next = 0;
            for (int i = 0; i < n; i += 2) {
                int a = 32 * i;
                int b = i + 1 < n ? 32 * (i + 1) : a;
                if (i + 1 < n && Arrays.equals(merkleScratch, a, a + 32, merkleScratch, b, b + 32)) {
                    throw fail(blockStart, "mutated block: two equal hashes side by side in the Merkle tree (CVE-2012-2459)");
                }
                sha256.update(merkleScratch, a, 32);
                sha256.update(merkleScratch, b, 32);
                finishDoubleSha(merkleScratch, 32 * next);
                next++;
            }
            n = next;
        }
        if (!Arrays.equals(merkleScratch, 0, 32, buf, blockStart + 36, blockStart + 68)) {
            throw fail(blockStart + 36, "Merkle root of the transactions does not match the header");
        }
    }

    // ---- header ----

    /** Number of bytes of the block. */
    public int size() {
        return blockEnd - blockStart;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Block hash (display order). */
    public Sha256Hash hash() {
        return Sha256Hash.wrapReversed(headerHash);
    }

    /** Copies the block hash in internal byte order into {@code dst[off..off+32)}. */
    public void hash(byte[] dst, int off) {
        System.arraycopy(headerHash, 0, dst, off, 32);
    }

    public long version() {
        return readInt(blockStart) & 0xffffffffL;
    }

    /** Hash of the parent block (display order). */
    public Sha256Hash prevHash() {
        return Sha256Hash.wrapReversed(Arrays.copyOfRange(buf, blockStart + 4, blockStart + 36));
    }

    /** Offset in {@link #buffer()} of the parent hash in internal byte order (32 bytes). */
    public int prevHashOffset() {
        return blockStart + 4;
    }

    public Sha256Hash merkleRoot() {
        return Sha256Hash.wrapReversed(Arrays.copyOfRange(buf, blockStart + 36, blockStart + 68));
    }

    /** Header time, seconds since 1970 (unsigned 32-bit). */
    public long time() {
        return readInt(blockStart + 68) & 0xffffffffL;
    }

    public long bits() {
        return readInt(blockStart + 72) & 0xffffffffL;
    }

    public long nonce() {
        return readInt(blockStart + 76) & 0xffffffffL;
    }

    public int txCount() {
        return txCount;
    }

    // ---- transactions ----

    /** Moves to the next transaction; false after the last. Resets the input and output cursors. */
    public boolean nextTx() {
        if (tx + 1 >= txCount) {
            tx = txCount;
            return false;
        }
        tx++;
        int base = TX_FIELDS * tx;
        inputsLeft = (int) varint(txIndex[base + 1]);
        inputPos = varintEnd;
        inputNumber = -1;
        outputsLeft = (int) varint(txIndex[base + 2]);
        outputPos = varintEnd;
        outputNumber = -1;
        return true;
    }

    /** Index of the current transaction in the block (0 = coinbase). */
    public int txIndex() {
        return tx;
    }

    /** Offset in {@link #txidBuffer()} of the current transaction's txid (internal byte order, 32 bytes). */
    public int txidOffset() {
        return 32 * tx;
    }

    /** Holds the txids of all transactions, 32 bytes each in block order; valid until the next {@link #wrap}. */
    public byte[] txidBuffer() {
        return txids;
    }

    /** Txid of the current transaction (display order). */
    public Sha256Hash txid() {
        return Sha256Hash.wrapReversed(Arrays.copyOfRange(txids, 32 * tx, 32 * tx + 32));
    }

    /** Whether the current transaction is serialized with witness data. */
    public boolean hasWitness() {
        int base = TX_FIELDS * tx;
        return txIndex[base + 1] != txIndex[base] + 4;
    }

    /** Wtxid of the current transaction (display order): the hash of its full serialization. */
    public Sha256Hash wtxid() {
        int base = TX_FIELDS * tx;
        byte[] out = new byte[32];
        doubleSha(txIndex[base], txIndex[base + 4] - txIndex[base], out, 0);
        return Sha256Hash.wrapReversed(out);
    }

    /** Offset and length of the current transaction's bytes in {@link #buffer()}. */
    public int txOffset() {
        return txIndex[TX_FIELDS * tx];
    }

    public int txLength() {
        int base = TX_FIELDS * tx;
        return txIndex[base + 4] - txIndex[base];
    }

    public long lockTime() {
        return readInt(txIndex[TX_FIELDS * tx + 4] - 4) & 0xffffffffL;
    }

    // ---- inputs ----

    /** Moves to the next input of the current transaction; false after the last. */
    public boolean nextInput() {
        if (inputsLeft == 0) {
            return false;
        }
        inputsLeft--;
        inputNumber++;
        prevOutOffset = inputPos;
        long len = varint(inputPos + 36);
        inputPos = varintEnd + (int) len + 4;
        return true;
    }

    public int inputIndex() {
        return inputNumber;
    }

    /** Offset in {@link #buffer()} of the spent output's txid (internal byte order, 32 bytes). */
    public int prevTxidOffset() {
        return prevOutOffset;
    }

    /** Output index the current input spends (unsigned 32-bit; 0xffffffff in a coinbase). */
    public long prevIndex() {
        return readInt(prevOutOffset + 32) & 0xffffffffL;
    }

    /** Whether the current input is a coinbase input (null prevout), which spends nothing. */
    public boolean isCoinbaseInput() {
        if (prevIndex() != 0xffffffffL) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (buf[prevOutOffset + i] != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- outputs ----

    /** Moves to the next output of the current transaction; false after the last. */
    public boolean nextOutput() {
        if (outputsLeft == 0) {
            return false;
        }
        outputsLeft--;
        outputNumber++;
        value = readLong(outputPos);
        long len = varint(outputPos + 8);
        scriptOffset = varintEnd;
        scriptLength = (int) len;
        outputPos = scriptOffset + scriptLength;
        return true;
    }

    /** Index (vout) of the current output. */
    public int outputIndex() {
        return outputNumber;
    }

    /** Value of the current output in satoshis. */
    public long value() {
        return value;
    }

    /** Offset of the current output's scriptPubKey in {@link #buffer()}. */
    public int scriptOffset() {
        return scriptOffset;
    }

    public int scriptLength() {
        return scriptLength;
    }

    /** A copy of the current output's scriptPubKey (allocates; the offset accessors do not). */
    public byte[] script() {
        return Arrays.copyOfRange(buf, scriptOffset, scriptOffset + scriptLength);
    }

    // ---- witness commitment ----

    /**
     * Checks the BIP 141 witness commitment in the coinbase against the wtxids of all transactions.
     *
     * @return true if the block has witness data and its commitment matches; false if no transaction has
     *         witness data (then the Merkle root covers every byte and there is nothing more to check)
     * @throws BlockFormatException if the commitment does not match, or witness data has no commitment
     */
    public boolean verifyWitnessCommitment() {
        int commitment = -1;
        int c = TX_FIELDS * 0;
        int pos = txIndex[c + 2];
        long outputs = varint(pos);
        pos = varintEnd;
        for (long k = 0; k < outputs; k++) {
            long len = varint(pos + 8);
            int script = varintEnd;
            if (len >= 38 && (buf[script] & 0xff) == 0x6a && buf[script + 1] == 0x24 && (buf[script + 2] & 0xff) == 0xaa
                    && buf[script + 3] == 0x21 && (buf[script + 4] & 0xff) == 0xa9 && (buf[script + 5] & 0xff) == 0xed) {
                commitment = script + 6; // the last such output counts
            }
            pos = script + (int) len;
        }
        boolean anyWitness = false;
        for (int i = 0; i < txCount; i++) {
            anyWitness |= txIndex[TX_FIELDS * i + 1] != txIndex[TX_FIELDS * i] + 4;
        }
        if (!anyWitness) {
            // nothing outside the txids: the Merkle root already covers every byte (blocks before segwit
            // activation may carry a commitment without the reserved value, e.g. mainnet block 481815)
            return false;
        }
        if (commitment < 0) {
            throw fail(txIndex[c], "witness data without a witness commitment in the coinbase");
        }
        // coinbase witness: exactly one 32-byte item, the witness reserved value
        int w = txIndex[c + 3];
        if (txIndex[c + 1] == txIndex[c] + 4 || varint(w) != 1 || varint(varintEnd) != 32) {
            throw fail(w, "coinbase witness must be one 32-byte reserved value when a commitment is present");
        }
        int reserved = varintEnd;
        for (int i = 0; i < txCount; i++) {
            if (i == 0) {
                Arrays.fill(merkleScratch, 0, 32, (byte) 0); // the coinbase's wtxid counts as zero
            } else {
                int base = TX_FIELDS * i;
                doubleSha(txIndex[base], txIndex[base + 4] - txIndex[base], merkleScratch, 32 * i);
            }
        }
        int n = txCount;
        while (n > 1) {
            int next = 0;
            for (int i = 0; i < n; i += 2) {
                int a = 32 * i;
                int b = i + 1 < n ? 32 * (i + 1) : a;
                sha256.update(merkleScratch, a, 32);
                sha256.update(merkleScratch, b, 32);
                finishDoubleSha(merkleScratch, 32 * next);
                next++;
            }
            n = next;
        }
        sha256.update(merkleScratch, 0, 32);
        sha256.update(buf, reserved, 32);
        finishDoubleSha(digestScratch, 0);
        if (!Arrays.equals(digestScratch, 0, 32, buf, commitment, commitment + 32)) {
            throw fail(commitment, "witness commitment does not match the transactions' witness data");
        }
        return true;
    }

    // ---- primitives ----

    private void ensureCapacity(int n) {
        if (txids.length < 32 * n) {
            int cap = Math.max(n, txids.length / 32 * 2);
            txids = new byte[32 * cap];
            merkleScratch = new byte[32 * cap];
            txIndex = new int[TX_FIELDS * cap];
        }
    }

    /** Reads a CompactSize at {@code pos}; the position after it is left in {@code varintEnd}. */
    private long varint(int pos) {
        need(pos, 1, "length");
        int first = buf[pos] & 0xff;
        if (first < 0xfd) {
            varintEnd = pos + 1;
            return first;
        }
        int size = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
        need(pos + 1, size, "length");
        long v = 0;
        for (int i = size; i >= 1; i--) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        if (v < 0 || (size == 2 && v < 0xfd) || (size == 4 && v <= 0xffff) || (size == 8 && v <= 0xffffffffL)) {
            throw fail(pos, "non-canonical length encoding");
        }
        varintEnd = pos + 1 + size;
        return v;
    }

    private int skip(int pos, long len, String what) {
        if (len > blockEnd - pos) {
            throw fail(pos, what + " of " + len + " bytes runs past the end of the block");
        }
        return pos + (int) len;
    }

    private void need(int pos, int n, String what) {
        if (pos + n > blockEnd) {
            throw fail(pos, "block ends inside " + what);
        }
    }

    private int readInt(int pos) {
        return (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    }

    private long readLong(int pos) {
        return (readInt(pos) & 0xffffffffL) | ((long) readInt(pos + 4) << 32);
    }

    private void doubleSha(int off, int len, byte[] out, int outOff) {
        sha256.update(buf, off, len);
        finishDoubleSha(out, outOff);
    }

    /** Completes SHA256(SHA256(pending input)) into {@code out[outOff..+32)}. */
    private void finishDoubleSha(byte[] out, int outOff) {
        try {
            sha256.digest(digestScratch, 0, 32);
            sha256.update(digestScratch, 0, 32);
            sha256.digest(out, outOff, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private BlockFormatException fail(int pos, String problem) {
        return new BlockFormatException("malformed block at byte " + (pos - blockStart) + ": " + problem);
    }
}
