package io.assay.chain.bitcoin;

import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BlockReader} on real mainnet blocks: bitcoinj's public test block files (the first 439 blocks,
 * block 169482 and the segwit-era blocks 481815 and 481829). Every block is checked against facts
 * computed by an independent parser (python-bitcoinlib) and against bitcoinj's {@link Block#read}.
 */
class BlockReaderMainnetTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<String> files() {
        return MainnetBlocks.FILES;
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyBlockMatchesTheIndependentParsersFacts(String file) throws Exception {
        List<MainnetBlocks.Fact> facts = MainnetBlocks.facts().stream().filter(f -> f.file().equals(file)).toList();
        List<byte[]> blocks = MainnetBlocks.blocks(file);
        assertEquals(facts.size(), blocks.size());
        BlockReader r = new BlockReader();
        for (int i = 0; i < blocks.size(); i++) {
            MainnetBlocks.Fact f = facts.get(i);
            r.wrap(blocks.get(i));
            String at = file + " block " + i;
            assertEquals(f.hash(), r.hash().toString(), at);
            assertEquals(f.prevHash(), r.prevHash().toString(), at);
            assertEquals(f.merkleRoot(), r.merkleRoot().toString(), at);
            assertEquals(f.time(), r.time(), at);
            assertEquals(f.txCount(), r.txCount(), at);
            assertEquals(f.digest(), digest(r), at);
            int witnessTxs = 0;
            long coinbase = 0;
            r = new BlockReader().wrap(blocks.get(i));
            while (r.nextTx()) {
                witnessTxs += r.hasWitness() ? 1 : 0;
                while (r.txIndex() == 0 && r.nextOutput()) {
                    coinbase += r.value();
                }
            }
            assertEquals(f.witnessTxCount(), witnessTxs, at);
            assertEquals(f.coinbaseValue(), coinbase, at);
        }
    }

    /** The digest mainnet_facts.py computes, over the reader's view of the block. */
    private static String digest(BlockReader r) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (r.nextTx()) {
            d.update(r.txidBuffer(), r.txidOffset(), 32);
            d.update(r.wtxid().getReversedBytes());
            while (r.nextInput()) {
                d.update(r.buffer(), r.prevTxidOffset(), 32);
                d.update(le.clear().putInt((int) r.prevIndex()).array(), 0, 4);
            }
            while (r.nextOutput()) {
                d.update(le.clear().putLong(r.value()).array(), 0, 8);
                d.update(le.clear().putInt(r.scriptLength()).array(), 0, 4);
                d.update(r.buffer(), r.scriptOffset(), r.scriptLength());
            }
        }
        return HEX.formatHex(d.digest());
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyBlockMatchesBitcoinj(String file) {
        BlockReader r = new BlockReader();
        for (byte[] raw : MainnetBlocks.blocks(file)) {
            Block b = Block.read(ByteBuffer.wrap(raw));
            r.wrap(raw);
            assertEquals(b.getHash(), r.hash());
            assertEquals(b.getPrevBlockHash(), r.prevHash());
            assertEquals(b.getTimeSeconds(), r.time());
            assertEquals(b.getDifficultyTarget(), r.bits());
            assertEquals(b.getNonce(), r.nonce());
            List<Transaction> txs = b.getTransactions();
            assertEquals(txs.size(), r.txCount());
            for (Transaction t : txs) {
                assertTrue(r.nextTx());
                assertEquals(t.getTxId(), r.txid());
                assertEquals(t.getWTxId(), r.wtxid());
                assertEquals(t.hasWitnesses(), r.hasWitness());
                for (TransactionInput in : t.getInputs()) {
                    assertTrue(r.nextInput());
                    assertEquals(in.isCoinBase(), r.isCoinbaseInput());
                    assertArrayEquals(in.getOutpoint().hash().getReversedBytes(),
                            Arrays.copyOfRange(r.buffer(), r.prevTxidOffset(), r.prevTxidOffset() + 32));
                    assertEquals(in.getOutpoint().index(), r.prevIndex());
                }
                assertFalse(r.nextInput());
                for (TransactionOutput out : t.getOutputs()) {
                    assertTrue(r.nextOutput());
                    assertEquals(out.getValue().value, r.value());
                    assertArrayEquals(out.getScriptBytes(), r.script());
                }
                assertFalse(r.nextOutput());
            }
            assertFalse(r.nextTx());
        }
    }

    @Test
    void genesisAndFirstBlocksAreTheKnownOnes() {
        List<byte[]> chain = MainnetBlocks.blocks("first-100k-blocks.dat");
        assertEquals(439, chain.size());
        BlockReader r = new BlockReader().wrap(chain.get(0));
        assertEquals("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", r.hash().toString());
        assertEquals("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", r.merkleRoot().toString());
        assertEquals(1231006505L, r.time()); // 2009-01-03 18:15:05 UTC
        assertEquals(1, r.txCount());
        assertTrue(r.nextTx());
        assertEquals("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", r.txid().toString());
        assertTrue(r.nextInput());
        assertTrue(r.isCoinbaseInput());
        assertTrue(r.nextOutput());
        assertEquals(50_0000_0000L, r.value());
        // the genesis output pays Satoshi's uncompressed key: <65-byte key> OP_CHECKSIG
        assertEquals(67, r.scriptLength());
        assertEquals("4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac",
                HEX.formatHex(r.script()));

        r.wrap(chain.get(1));
        assertEquals("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048", r.hash().toString());
        assertEquals("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", r.prevHash().toString());

        long txs = 0;
        String prev = "0000000000000000000000000000000000000000000000000000000000000000";
        for (int h = 0; h < chain.size(); h++) {
            r.wrap(chain.get(h));
            assertEquals(prev, r.prevHash().toString(), "height " + h + " links to its parent");
            prev = r.hash().toString();
            txs += r.txCount();
            r.nextTx();
            long reward = 0;
            while (r.nextOutput()) {
                reward += r.value();
            }
            assertEquals(50_0000_0000L, reward, "coinbase of height " + h + " (no fees paid yet)");
        }
        assertEquals(446, txs);
    }

    @Test
    void block170HoldsTheFirstBitcoinPayment() {
        BlockReader r = new BlockReader().wrap(MainnetBlocks.blocks("first-100k-blocks.dat").get(170));
        assertEquals("00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee", r.hash().toString());
        assertTrue(r.nextTx());
        assertTrue(r.nextTx());
        assertEquals("f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16", r.txid().toString());
        assertTrue(r.nextInput());
        // it spends the coinbase of block 9
        byte[] spent = Arrays.copyOfRange(r.buffer(), r.prevTxidOffset(), r.prevTxidOffset() + 32);
        assertEquals("0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9", reversedHex(spent));
        assertEquals(0, r.prevIndex());
        assertFalse(r.nextInput());
        assertTrue(r.nextOutput());
        assertEquals(10_0000_0000L, r.value()); // 10 BTC to Hal Finney
        assertTrue(r.nextOutput());
        assertEquals(40_0000_0000L, r.value()); // 40 BTC back
        assertFalse(r.nextOutput());
        BlockReader block9 = new BlockReader().wrap(MainnetBlocks.blocks("first-100k-blocks.dat").get(9));
        block9.nextTx();
        assertEquals("0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9", block9.txid().toString());
    }

    @Test
    void poolBlock169482PaysManyCoinbaseOutputs() {
        BlockReader r = new BlockReader().wrap(MainnetBlocks.resource("block169482.dat"));
        assertEquals("0000000000000756935f1ee9d5987857b604046f846d3df56d024cdb5f368665", r.hash().toString());
        assertEquals(3973947400L, r.nonce());
        assertEquals(14, r.txCount());
        r.nextTx();
        int outputs = 0;
        long total = 0;
        while (r.nextOutput()) {
            outputs++;
            total += r.value();
        }
        assertEquals(5001750000L, total); // 50 BTC subsidy + 0.0175 BTC fees
        assertTrue(outputs > 50, "a P2Pool coinbase pays every share holder: " + outputs);
    }

    @Test
    void segwitBlock481829CommitsToItsWitnessData() {
        BlockReader r = new BlockReader().wrap(MainnetBlocks.resource("block481829.dat"));
        assertEquals("000000000000000000917cba69f69b758fe396c8e30ae97bbcf08c4eb975e726", r.hash().toString());
        assertEquals(2020, r.txCount());
        assertTrue(r.verifyWitnessCommitment());
        r.nextTx();
        assertTrue(r.hasWitness());
        assertEquals("9c1ab453283035800c43eb6461eb46682b81be110a0cb89ee923882a5fd9daa4", r.txid().toString());
        assertEquals("2bbda73aa4e561e7f849703994cc5e563e4bcf103fb0f6fef5ae44c95c7b83a6", r.wtxid().toString());
        assertNotEquals(r.txid(), r.wtxid());
    }

    @Test
    void block481815HasACommitmentButNoWitnessDataToCheck() {
        BlockReader r = new BlockReader().wrap(MainnetBlocks.resource("block481815.dat"));
        assertEquals(2097, r.txCount());
        assertEquals("f115afa8134171a0a686bfbe9667b60ae6fb5f6a439e0265789babc315333262", r.merkleRoot().toString());
        assertFalse(r.verifyWitnessCommitment());
        while (r.nextTx()) {
            assertFalse(r.hasWitness());
            assertEquals(r.txid(), r.wtxid());
        }
    }

    private static String reversedHex(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0; i < c.length / 2; i++) {
            byte t = c[i];
            c[i] = c[c.length - 1 - i];
            c[c.length - 1 - i] = t;
        }
        return HEX.formatHex(c);
    }
}
