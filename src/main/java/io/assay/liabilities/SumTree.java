package io.assay.liabilities;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A built Merkle-sum tree over {@link Balances}, held in memory: every node as a fixed-width record
 * {@code hash[32] || sum[16] per asset}, level by level, in chunks of {@value #CHUNK} records (no object per node).
 * <p>
 * Building: each user's balances are split at random into {@code parts} (>= 2) leaves, the leaves are padded with
 * zero-balance leaves to a power of two, all leaves are shuffled, then each level is hashed from the one below
 * (both children's hashes and sums, {@link Scheme#node}); sums are added with an overflow check. The salts, the
 * splits and the shuffle all come from the master secret and the publication id, so the same input and secret
 * give the same tree, and without the secret nothing about them can be predicted.
 * <p>
 * Memory: {@code 2 * leaves * (32 + 16 * assets)} bytes for the nodes plus 4 bytes per leaf for the shuffle
 * (10M users, 2 parts, 3 assets: 2^25 leaves, about 5.5 GB).
 */
public final class SumTree {
    static final int CHUNK_SHIFT = 14;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    public static final int MAX_DEPTH = 30;

    private final Balances balances;
    private final String publicationId;
    private final byte[] publicationKey;
    private final int parts;
    private final int assets;
    private final int width;
    private final int depth;
    private final byte[][][] levels;
    private final int[] slotOf;
    private final Publication publication;
    private final long[] phaseNanos;

    private SumTree(Balances balances, byte[] master, String publicationId, Instant asOf, int parts) {
        if (parts < 2) {
            throw new IllegalArgumentException("each balance is split into at least 2 leaves (parts=" + parts + ")");
        }
        if (master.length < 32) {
            throw new IllegalArgumentException("the master secret must have at least 32 bytes (found " + master.length + ")");
        }
        this.balances = balances;
        this.publicationId = Scheme.checkPublicationId(publicationId);
        this.publicationKey = Scheme.publicationKey(master, publicationId);
        this.parts = parts;
        this.assets = balances.assets().size();
        this.width = Scheme.HASH + assets * Amount128.WIDTH;
        long real = (long) balances.size() * parts;
        int d = 1;
        while ((1L << d) < real) {
            d++;
        }
        if (d > MAX_DEPTH) {
            throw new IllegalArgumentException("too many leaves: " + real + " (at most 2^" + MAX_DEPTH + ")");
        }
        this.depth = d;
        int n = 1 << d;
        this.levels = new byte[d + 1][][];
        for (int l = 0; l <= d; l++) {
            int size = n >>> l;
            int chunks = (size + CHUNK - 1) >>> CHUNK_SHIFT;
            levels[l] = new byte[chunks][];
            for (int c = 0; c < chunks; c++) {
                levels[l][c] = new byte[Math.min(CHUNK, size - c * CHUNK) * width];
            }
        }
        long t0 = System.nanoTime();
        this.slotOf = shuffle(n);
        long t1 = System.nanoTime();
        fillLeaves((int) real, n);
        long t2 = System.nanoTime();
        for (int l = 1; l <= d; l++) {
            hashLevel(l);
        }
        this.phaseNanos = new long[]{t1 - t0, t2 - t1, System.nanoTime() - t2};
        List<BigInteger> totals = new ArrayList<>(assets);
        byte[] top = levels[d][0];
        for (int a = 0; a < assets; a++) {
            BigInteger t = Amount128.read(top, Scheme.HASH + a * Amount128.WIDTH);
            if (!t.equals(balances.total(a))) {
                throw new IllegalStateException("root sum of " + balances.assets().get(a) + " " + t
                        + " differs from the input total " + balances.total(a));
            }
            totals.add(t);
        }
        this.publication = new Publication(publicationId, balances.assets(), java.util.Arrays.copyOf(top, Scheme.HASH),
                totals, n, asOf.toString());
    }

    /**
     * Builds the tree. {@code master}: the custodian's secret (>= 32 bytes, kept private); {@code publicationId}:
     * unique per publication (salts differ between publications); {@code parts}: leaves per user (>= 2).
     */
    public static SumTree build(Balances balances, byte[] master, String publicationId, Instant asOf, int parts) {
        return new SumTree(balances, master, publicationId, asOf, parts);
    }

    public Publication publication() {
        return publication;
    }

    /** Build time per phase, in nanoseconds: shuffle, leaves, upper levels (for benchmarks). */
    public long[] phaseNanos() {
        return phaseNanos.clone();
    }

    public int users() {
        return balances.size();
    }

    /** Fisher-Yates over all leaves with the publication's shuffle stream: slotOf[leaf] = position in level 0. */
    private int[] shuffle(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Drbg rnd = new Drbg(Scheme.expand(publicationKey, "shuffle", new byte[0]), 1 << 16);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) rnd.below(i + 1L);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static final int LEAF_BATCH = 4096;

    /**
     * Writes every leaf. Per user: its secret (HKDF from the publication key), a salt per part, the parts of each
     * balance drawn from the split stream; padding leaves get a random salt from the padding stream and zero
     * balances (their hash is as random as any other leaf's). Each batch of {@value #LEAF_BATCH} users (or padding
     * leaves) has its own stream, so the result does not depend on how batches are spread over threads.
     */
    private void fillLeaves(int real, int n) {
        int users = balances.size();
        HmacSha256 pubKey = new HmacSha256(publicationKey);
        byte[] splitKey = Scheme.expand(pubKey, "split", new byte[0]);
        byte[] padKey = Scheme.expand(pubKey, "pad", new byte[0]);
        byte[] pubId = Scheme.utf8(publicationId);
        IntStream.range(0, (users + LEAF_BATCH - 1) / LEAF_BATCH).parallel().forEach(bi -> {
            HmacSha256 pk = new HmacSha256(publicationKey); // per thread: the MAC state is not shared
            byte[] rec = new byte[assets * Amount128.WIDTH * parts];
            long[] r = new long[2];
            Drbg rnd = new Drbg(splitKey, bi, 512);
            for (int u = bi * LEAF_BATCH, end = Math.min(users, u + LEAF_BATCH); u < end; u++) {
                byte[] idBytes = Scheme.utf8(balances.user(u));
                HmacSha256 secret = new HmacSha256(Scheme.userSecret(pk, idBytes));
                splitInto(u, rnd, r, rec);
                for (int p = 0; p < parts; p++) {
                    int off = p * assets * Amount128.WIDTH;
                    byte[] h = Scheme.leaf(Scheme.leafSalt(secret, pubId, p), idBytes, rec, off, assets);
                    writeLeaf(slotOf[u * parts + p], h, rec, off);
                }
            }
        });
        byte[] zero = new byte[assets * Amount128.WIDTH];
        byte[] noUser = new byte[0];
        IntStream.range(0, ((n - real) + LEAF_BATCH - 1) / LEAF_BATCH).parallel().forEach(bi -> {
            Drbg rnd = new Drbg(padKey, bi, 1 << 12);
            byte[] salt = new byte[Scheme.HASH];
            for (int j = real + bi * LEAF_BATCH, end = Math.min(n, j + LEAF_BATCH); j < end; j++) {
                rnd.nextBytes(salt);
                writeLeaf(slotOf[j], Scheme.leaf(salt, noUser, zero, 0, assets), zero, 0);
            }
        });
    }

    /** Splits user u's balance of each asset into {@code parts} random parts (rec: part-major, 16 bytes each). */
    private void splitInto(int u, Drbg rnd, long[] r, byte[] rec) {
        for (int a = 0; a < assets; a++) {
            long hi = balances.hi(u, a);
            long lo = balances.lo(u, a);
            for (int p = 0; p < parts - 1; p++) {
                rnd.upTo(hi, lo, r);
                int off = (p * assets + a) * Amount128.WIDTH;
                Amount128.putLong(rec, off, r[0]);
                Amount128.putLong(rec, off + 8, r[1]);
                // remaining = remaining - r (r <= remaining, no underflow)
                long nlo = lo - r[1];
                long borrow = Long.compareUnsigned(lo, r[1]) < 0 ? 1 : 0;
                hi = hi - r[0] - borrow;
                lo = nlo;
            }
            int off = ((parts - 1) * assets + a) * Amount128.WIDTH;
            Amount128.putLong(rec, off, hi);
            Amount128.putLong(rec, off + 8, lo);
        }
    }

    private void writeLeaf(int slot, byte[] hash, byte[] sums, int sumsOff) {
        byte[] chunk = levels[0][slot >>> CHUNK_SHIFT];
        int o = (slot & (CHUNK - 1)) * width;
        System.arraycopy(hash, 0, chunk, o, Scheme.HASH);
        System.arraycopy(sums, sumsOff, chunk, o + Scheme.HASH, assets * Amount128.WIDTH);
    }

    private void hashLevel(int l) {
        byte[][] below = levels[l - 1];
        byte[][] here = levels[l];
        int size = 1 << (depth - l);
        int batch = 2048;
        IntStream.range(0, (size + batch - 1) / batch).parallel().forEach(bi -> {
            for (int i = bi * batch, end = Math.min(size, i + batch); i < end; i++) {
                int left = 2 * i;
                byte[] src = below[left >>> CHUNK_SHIFT]; // both children share a chunk (CHUNK is even)
                int lo = (left & (CHUNK - 1)) * width;
                int ro = lo + width;
                byte[] dst = here[i >>> CHUNK_SHIFT];
                int d = (i & (CHUNK - 1)) * width;
                for (int a = 0; a < assets; a++) {
                    int s = Scheme.HASH + a * Amount128.WIDTH;
                    if (!Amount128.add(src, lo + s, src, ro + s, dst, d + s)) {
                        throw new IllegalStateException("sum of " + balances.assets().get(a) + " overflows 2^128 at level " + l);
                    }
                }
                Scheme.node(src, lo, src, ro, assets, dst, d);
            }
        });
    }

    /** The inclusion proof of the user in row {@code row} of the input. */
    public InclusionProof proof(int row) {
        String id = balances.user(row);
        byte[] secret = Scheme.userSecret(publicationKey, id);
        List<BigInteger> total = new ArrayList<>(assets);
        for (int a = 0; a < assets; a++) {
            total.add(balances.amount(row, a));
        }
        List<InclusionProof.Leaf> leaves = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int slot = slotOf[row * parts + p];
            leaves.add(new InclusionProof.Leaf(slot, sums(0, slot), path(slot)));
        }
        return new InclusionProof(publication, id, secret, total, leaves);
    }

    /** The inclusion proof of a user by id; throws {@link IllegalArgumentException} for an unknown user. */
    public InclusionProof proof(String user) {
        int row = balances.row(user);
        if (row < 0) {
            throw new IllegalArgumentException("no user '" + user + "' in this publication");
        }
        return proof(row);
    }

    private List<InclusionProof.Sibling> path(int slot) {
        List<InclusionProof.Sibling> path = new ArrayList<>(depth);
        int i = slot;
        for (int l = 0; l < depth; l++) {
            int s = i ^ 1;
            byte[] chunk = levels[l][s >>> CHUNK_SHIFT];
            int o = (s & (CHUNK - 1)) * width;
            path.add(new InclusionProof.Sibling(java.util.Arrays.copyOfRange(chunk, o, o + Scheme.HASH), sums(l, s)));
            i >>>= 1;
        }
        return path;
    }

    private List<BigInteger> sums(int level, int i) {
        byte[] chunk = levels[level][i >>> CHUNK_SHIFT];
        int o = (i & (CHUNK - 1)) * width + Scheme.HASH;
        List<BigInteger> out = new ArrayList<>(assets);
        for (int a = 0; a < assets; a++) {
            out.add(Amount128.read(chunk, o + a * Amount128.WIDTH));
        }
        return out;
    }
}
