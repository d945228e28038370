package io.assay.crypto;

import java.util.Arrays;

/** An immutable 32-byte value (a hash, a block hash, a bytes32 field), shown as {@code 0x} + 64 lowercase hex digits. */
public final class Bytes32 {
    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes32 of(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes, found " + bytes.length);
        }
        return new Bytes32(bytes.clone());
    }

    /** Parses {@code 0x} + 64 hex digits (either case); {@code what} names the field in the error. */
    public static Bytes32 parse(String hex, String what) {
        return new Bytes32(Hex.parse(hex, what, 32));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return Hex.of(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes32 b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
