package io.assay.chain.bitcoin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test support: the real mainnet blocks under src/test/resources/mainnet (see NOTICE.md there) and their facts. */
final class MainnetBlocks {
    static final List<String> FILES = List.of("first-100k-blocks.dat", "block169482.dat", "block481815.dat", "block481829.dat");

    /** One line of mainnet/facts.tsv, written by src/test/python/mainnet_facts.py (python-bitcoinlib). */
    record Fact(String file, int ordinal, String hash, String prevHash, String merkleRoot, long time, int txCount,
                int witnessTxCount, long coinbaseValue, String digest) {
    }

    private MainnetBlocks() {
    }

    static byte[] resource(String name) {
        try (InputStream in = MainnetBlocks.class.getResourceAsStream("/mainnet/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource mainnet/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blocks of a file: a Core blk*.dat file (magic, length, block ...) or one serialized block. */
    static List<byte[]> blocks(String file) {
        byte[] raw = resource(file);
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xd9b4bef9) {
            out.add(raw);
            return out;
        }
        while (b.remaining() > 0) {
            int magic = b.getInt();
            if (magic != 0xd9b4bef9) {
                throw new IllegalStateException(file + ": bad magic at " + (b.position() - 4));
            }
            int size = b.getInt();
            out.add(Arrays.copyOfRange(raw, b.position(), b.position() + size));
            b.position(b.position() + size);
        }
        return out;
    }

    static List<Fact> facts() {
        String text = new String(resource("facts.tsv"), StandardCharsets.UTF_8);
        List<Fact> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Fact(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], Long.parseLong(f[5]), Integer.parseInt(f[6]),
                    Integer.parseInt(f[7]), Long.parseLong(f[8]), f[9]));
        }
        return out;
    }
}
