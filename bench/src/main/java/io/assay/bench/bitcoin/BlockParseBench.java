package io.assay.bench.bitcoin;

import io.assay.chain.bitcoin.BlockReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse rate of mainnet-like Bitcoin blocks (~1 MB, ~4,800 transactions each) already in memory: bitcoinj's
 * {@code Block.read} against Assay's {@link BlockReader} on the same bytes, one block per operation, cycling through
 * the sample. Issue 20's target: BlockReader within 2x of bitcoinj.
 *
 * <p>The sample is written by {@code bench/bitcoin/mainnet.sh -Dphase=sample} (blocks as 4-byte big-endian length +
 * raw block, taken from the mainnet-like regtest chain); {@code -Dassay.bench.blocks=FILE} points here to it. What each
 * side does per block: bitcoinj reads the header and every transaction (inputs, outputs, witnesses); BlockReader walks
 * the same and computes every txid and the Merkle root, which bitcoinj leaves for later, so it does more work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(2)
@State(Scope.Thread)
public class BlockParseBench {
    List<byte[]> blocks;
    int next;
    final BlockReader reader = new BlockReader();

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path file = Path.of(System.getProperty("assay.bench.blocks", "bench/target/data/mainnet-like-blocks.bin"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + ": no block sample; write one with"
                    + " bench/bitcoin/mainnet.sh -Dphase=sample (see bench/RESULTS.md, \"Bitcoin backends\")");
        }
        blocks = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            while (true) {
                int length;
                try {
                    length = data.readInt();
                } catch (EOFException end) {
                    break;
                }
                byte[] b = new byte[length];
                data.readFully(b);
                blocks.add(b);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalStateException(file + ": the sample holds no block");
        }
    }

    private byte[] nextBlock() {
        byte[] b = blocks.get(next);
        next = next + 1 == blocks.size() ? 0 : next + 1;
        return b;
    }

    @Benchmark
    public int bitcoinjBlockRead() {
        return Block.read(ByteBuffer.wrap(nextBlock())).getTransactions().size();
    }

    /** Like for like: bitcoinj's read plus every txid, which BlockReader computes while it reads. */
    @Benchmark
    public int bitcoinjBlockReadAndTxids() {
        int h = 0;
        for (Transaction t : Block.read(ByteBuffer.wrap(nextBlock())).getTransactions()) {
            h ^= t.getTxId().hashCode();
        }
        return h;
    }

    @Benchmark
    public int assayBlockReader() {
        return reader.wrap(nextBlock()).txCount();
    }
}
