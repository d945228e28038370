package io.assay.chain.bitcoin;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link BlockReader} refuses, and what it costs. */
class BlockReaderTest {
    private static byte[] block170() {
        return MainnetBlocks.blocks("first-100k-blocks.dat").get(170);
    }

    private static String refused(byte[] block) {
        return assertThrows(BlockFormatException.class, () -> new BlockReader().wrap(block)).getMessage();
    }

    @Test
    void truncatedBlockIsRefused() {
        byte[] b = block170();
        assertEquals("malformed block at byte " + (b.length - 4) + ": block ends inside lock time",
                refused(Arrays.copyOf(b, b.length - 1)));
        for (int len = 0; len < b.length; len++) {
            byte[] prefix = Arrays.copyOf(b, len);
            assertThrows(BlockFormatException.class, () -> new BlockReader().wrap(prefix), "prefix of " + len + " bytes");
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] b = block170();
        assertEquals("malformed block at byte " + b.length + ": 1 bytes after the last transaction",
                refused(Arrays.copyOf(b, b.length + 1)));
    }

    @Test
    void everyByteOfALegacyBlockBodyIsCoveredByTheChecks() {
        byte[] b = block170();
        for (int i = BlockReader.HEADER_SIZE; i < b.length; i++) {
            byte[] changed = b.clone();
            changed[i] ^= 0x01;
            assertThrows(BlockFormatException.class, () -> new BlockReader().wrap(changed), "flipped byte " + i);
        }
        byte[] root = b.clone();
        root[40] ^= 0x01;
        assertEquals("malformed block at byte 36: Merkle root of the transactions does not match the header", refused(root));
    }

    @Test
    void mutatedBlockWithADuplicatedLastTransactionIsRefused() {
        // CVE-2012-2459: 2097 transactions (odd), the last one repeated, leave the Merkle root unchanged
        byte[] b = MainnetBlocks.resource("block481815.dat");
        BlockReader r = new BlockReader().wrap(b);
        int last = -1;
        int lastLength = -1;
        while (r.nextTx()) {
            last = r.txOffset();
            lastLength = r.txLength();
        }
        assertEquals(0xfd, b[80] & 0xff);
        assertEquals(2097, (b[81] & 0xff) | (b[82] & 0xff) << 8);
        byte[] mutated = Arrays.copyOf(b, b.length + lastLength);
        System.arraycopy(b, last, mutated, b.length, lastLength);
        mutated[81] = (byte) (2098 & 0xff);
        mutated[82] = (byte) (2098 >>> 8);
        assertEquals("malformed block at byte 0: mutated block: two equal hashes side by side in the Merkle tree (CVE-2012-2459)",
                refused(mutated));
    }

    @Test
    void changedWitnessIsCaughtByTheCommitmentNotTheMerkleRoot() {
        byte[] b = MainnetBlocks.resource("block481829.dat");
        BlockReader r = new BlockReader().wrap(b);
        r.nextTx();
        // the coinbase ends with its witness (one 32-byte reserved value) and the 4-byte lock time
        int reserved = r.txOffset() + r.txLength() - 4 - 32;
        byte[] changed = b.clone();
        changed[reserved] ^= 0x01;
        BlockReader c = new BlockReader().wrap(changed); // txids exclude witnesses: the Merkle root still matches
        BlockFormatException e = assertThrows(BlockFormatException.class, c::verifyWitnessCommitment);
        assertTrue(e.getMessage().endsWith("witness commitment does not match the transactions' witness data"), e.getMessage());
    }

    @Test
    void implausibleTransactionCountIsRefusedBeforeAllocating() {
        byte[] b = Arrays.copyOf(block170(), 81 + 9);
        b[80] = (byte) 0xff;
        Arrays.fill(b, 81, 89, (byte) 0x7f);
        assertTrue(refused(b).contains("implausible transaction count"));
    }

    @Test
    void readingABlockAllocatesNothingOnceTheReaderIsWarm() {
        // An allocation count, not a timing: the reader keeps no object per transaction, input or output.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] b = MainnetBlocks.resource("block481829.dat");
        BlockReader r = new BlockReader();
        long sink = walk(r, b) + walk(r, b);
        long before = mx.getCurrentThreadAllocatedBytes();
        sink += walk(r, b);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes reading a 1 MB block of 2020 transactions");
    }

    private static long walk(BlockReader r, byte[] block) {
        r.wrap(block);
        long total = 0;
        while (r.nextTx()) {
            while (r.nextInput()) {
                total += r.prevIndex();
            }
            while (r.nextOutput()) {
                total += r.value() + r.scriptLength();
            }
        }
        return total;
    }
}
