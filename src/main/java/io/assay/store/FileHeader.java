package io.assay.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The 64-byte header every store file starts with:
 * {@code magic[8] | version:int | headerSize:int | five long fields | crc32c:int | reserved:int}.
 * The checksum covers bytes {@code [0, 56)}. Validation checks, in this order, length, magic, version and checksum,
 * so an error names the most specific problem (a file of another kind, a newer format, or a damaged header).
 */
public final class FileHeader {
    static final int SIZE = 64;
    static final int FIELDS = 5;
    private static final int CRC_AT = 56;

    private FileHeader() {
    }

    /** Writes a header into {@code buf} at absolute offset 0 (the buffer's order is set to little endian). */
    static void write(ByteBuffer buf, String magic, int version, long... fields) {
        if (fields.length > FIELDS) {
            throw new IllegalArgumentException("at most " + FIELDS + " header fields");
        }
        buf.order(ByteOrder.LITTLE_ENDIAN);
        byte[] m = magicBytes(magic);
        for (int i = 0; i < 8; i++) {
            buf.put(i, m[i]);
        }
        buf.putInt(8, version);
        buf.putInt(12, SIZE);
        for (int i = 0; i < FIELDS; i++) {
            buf.putLong(16 + 8 * i, i < fields.length ? fields[i] : 0L);
        }
        buf.putInt(CRC_AT, crc(buf));
        buf.putInt(60, 0);
    }

    /** A fresh 64-byte buffer holding a header. */
    public static ByteBuffer encode(String magic, int version, long... fields) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        write(b, magic, version, fields);
        return b;
    }

    /**
     * Validates the header at offset 0 of {@code buf} ({@code available} bytes of the file are in it) and returns
     * its fields.
     *
     * @throws StoreException naming {@code file} and the problem
     */
    static long[] read(Path file, ByteBuffer buf, long available, String magic, int version) {
        if (available < SIZE) {
            throw new StoreException(file, "file is " + available + " bytes, shorter than its " + SIZE
                    + "-byte header (truncated)");
        }
        buf.order(ByteOrder.LITTLE_ENDIAN);
        byte[] expected = magicBytes(magic);
        byte[] found = new byte[8];
        for (int i = 0; i < 8; i++) {
            found[i] = buf.get(i);
        }
        if (!java.util.Arrays.equals(expected, found)) {
            throw new StoreException(file, "wrong magic " + printable(found) + " (expected '" + magic
                    + "'): not this kind of Assay store file, or its header was overwritten");
        }
        int v = buf.getInt(8);
        if (v != version) {
            throw new StoreException(file, "format version " + v + " is not supported (this build reads version "
                    + version + ")");
        }
        if (buf.getInt(12) != SIZE || buf.getInt(CRC_AT) != crc(buf)) {
            throw new StoreException(file, "header checksum mismatch: the header was overwritten or is damaged");
        }
        long[] fields = new long[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            fields[i] = buf.getLong(16 + 8 * i);
        }
        return fields;
    }

    private static int crc(ByteBuffer buf) {
        CRC32C c = new CRC32C();
        for (int i = 0; i < CRC_AT; i++) {
            c.update(buf.get(i));
        }
        return (int) c.getValue();
    }

    private static byte[] magicBytes(String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII characters: " + magic);
        }
        return m;
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("'");
        boolean text = true;
        for (byte x : b) {
            text &= x >= 0x20 && x < 0x7f;
        }
        if (text) {
            return sb.append(new String(b, StandardCharsets.US_ASCII)).append('\'').toString();
        }
        return "0x" + java.util.HexFormat.of().formatHex(b);
    }
}
