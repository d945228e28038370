package io.assay.chain.bitcoin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A BIP 158 basic compact block filter, as Bitcoin Core serves it ({@code getblockfilter}): the set of scripts a block
 * touches (its outputs' scriptPubKeys and the scriptPubKeys its inputs spend), hashed with SipHash-2-4 keyed by the
 * block hash into {@code [0, N * M)} and Golomb-Rice coded with {@code P = 19}, {@code M = 784931}. It answers "may
 * this block touch one of these scripts?" with no false negatives and a false-positive rate of {@code 1/M} per script,
 * and links into the filter header chain, so a reader can check that no filter was skipped or altered.
 *
 * <p>Byte orders: {@code blockHash} and {@code header} values here are the internal (little-endian) bytes, the reverse
 * of the hex that RPC shows; {@link #fromRpcHex} converts.
 */
public final class CompactFilter {
    static final int P = 19;
    static final long M = 784_931L;

    private final long n;
    private final byte[] encoded;

    private CompactFilter(long n, byte[] encoded) {
        this.n = n;
        this.encoded = encoded;
    }

    /** Parses a serialized filter: CompactSize N, then the Golomb-Rice coded set. */
    public static CompactFilter parse(byte[] filter) {
        if (filter.length == 0) {
            throw new IllegalArgumentException("empty filter: a basic filter starts with its element count");
        }
        int first = filter[0] & 0xff;
        long count;
        int at;
        if (first < 0xfd) {
            count = first;
            at = 1;
        } else {
            int len = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
            if (filter.length < 1 + len) {
                throw new IllegalArgumentException("filter too short for its element count");
            }
            count = 0;
            for (int i = 0; i < len; i++) {
                count |= (long) (filter[1 + i] & 0xff) << (8 * i);
            }
            at = 1 + len;
        }
        if (count < 0 || count > (filter.length - at) * 8L) {
            throw new IllegalArgumentException("filter claims " + count + " elements in " + (filter.length - at) + " bytes");
        }
        return new CompactFilter(count, Arrays.copyOfRange(filter, at, filter.length));
    }

    /** Elements in the filter. */
    public long size() {
        return n;
    }

    /**
     * True if the block may touch one of {@code scripts} (every script it touches is reported; about one script in
     * 784,931 that it does not touch is reported too).
     *
     * @param blockHash the block's hash, internal byte order
     */
    public boolean matchesAny(byte[] blockHash, List<byte[]> scripts) {
        if (n == 0 || scripts.isEmpty()) {
            return false;
        }
        long k0 = le64(blockHash, 0);
        long k1 = le64(blockHash, 8);
        long f = n * M;
        if (scripts.size() > n) {
            // more scripts than elements (large reserve sets): decode the filter once and look each script up in
            // it, rather than sorting every script's hash per block
            long[] values = decode();
            for (byte[] script : scripts) {
                if (Arrays.binarySearch(values, Math.unsignedMultiplyHigh(sipHash24(k0, k1, script), f)) >= 0) {
                    return true;
                }
            }
            return false;
        }
        long[] targets = new long[scripts.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = Math.unsignedMultiplyHigh(sipHash24(k0, k1, scripts.get(i)), f); // (hash * F) >> 64
        }
        Arrays.sort(targets);
        BitReader in = new BitReader(encoded);
        long value = 0;
        int t = 0;
        for (long i = 0; i < n; i++) {
            long q = 0;
            while (in.bit()) {
                q++;
            }
            long delta = (q << P) | in.bits(P);
            value += delta;
            while (t < targets.length && Long.compareUnsigned(targets[t], value) < 0) {
                t++;
            }
            if (t == targets.length) {
                return false;
            }
            if (targets[t] == value) {
                return true;
            }
        }
        return false;
    }

    /** The filter's values, ascending (each below {@code N * M}, so signed order is their order). */
    private long[] decode() {
        long[] out = new long[(int) n];
        BitReader in = new BitReader(encoded);
        long value = 0;
        for (int i = 0; i < out.length; i++) {
            long q = 0;
            while (in.bit()) {
                q++;
            }
            value += (q << P) | in.bits(P);
            out[i] = value;
        }
        return out;
    }

    /**
     * The filter header of a block: {@code SHA256d(SHA256d(filter) || previous header)}, internal byte order.
     *
     * @param serializedFilter the whole filter as served (count and coded set)
     * @param previousHeader   the previous block's filter header (32 zero bytes before the genesis block)
     */
    public static byte[] header(byte[] serializedFilter, byte[] previousHeader) {
        byte[] both = new byte[64];
        System.arraycopy(sha256d(serializedFilter), 0, both, 0, 32);
        System.arraycopy(previousHeader, 0, both, 32, 32);
        return sha256d(both);
    }

    /** RPC hex (displayed, byte-reversed) to internal bytes. */
    public static byte[] fromRpcHex(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte x = b[i];
            b[i] = b[j];
            b[j] = x;
        }
        return b;
    }

    static byte[] sha256d(byte[] data) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return d.digest(d.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long le64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    /** SipHash-2-4 of {@code data} with key {@code (k0, k1)}. */
    static long sipHash24(long k0, long k1, byte[] data) {
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L,
                k1 ^ 0x7465646279746573L};
        int len = data.length;
        int end = len - (len % 8);
        for (int i = 0; i < end; i += 8) {
            compress(v, le64(data, i));
        }
        long last = ((long) len & 0xff) << 56;
        for (int i = 0; i < len % 8; i++) {
            last |= (long) (data[end + i] & 0xff) << (8 * i);
        }
        compress(v, last);
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    /** One message word: two SipRounds between the xors. */
    private static void compress(long[] v, long m) {
        v[3] ^= m;
        rounds(v, 2);
        v[0] ^= m;
    }

    private static void rounds(long[] v, int n) {
        for (int r = 0; r < n; r++) {
            v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
            v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
            v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
        }
    }

    /** Reads bits most significant first. */
    private static final class BitReader {
        private final byte[] data;
        private long pos;

        BitReader(byte[] data) {
            this.data = data;
        }

        boolean bit() {
            int byteAt = (int) (pos >>> 3);
            if (byteAt >= data.length) {
                throw new IllegalArgumentException("filter ends inside an element");
            }
            boolean b = ((data[byteAt] >> (7 - (pos & 7))) & 1) != 0;
            pos++;
            return b;
        }

        long bits(int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                v = (v << 1) | (bit() ? 1 : 0);
            }
            return v;
        }
    }
}
