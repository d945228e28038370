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
 * zero-balance leaves to a power of two and laid out at random in windows ({@link #layout}: all of a user's leaves
 * in one window of 2^k leaves, in both of its halves), then each level is hashed from the one below (both
 * children's hashes and sums, {@link Scheme#node}); sums are added with an overflow check. The salts, the splits
 * and the layout all come from the master secret and the publication id, so the same input and secret give the
 * same tree, and without the secret nothing about them can be predicted.
 * <p>
 * Memory: {@code 2 * leaves * (32 + 16 * assets)} bytes for the nodes plus about 6 bytes per leaf for the layout
 * (10M users, 2 parts, 3 assets: 2^25 leaves, about 5.6 GB).
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
    private final int windowBits;
    private final byte[][][] levels;
    private final int[] slotOf;
    private final Publication publication;
    private final long[] phaseNanos;

    private SumTree(Balances balances, byte[] master, String publicationId, Instant asOf, int parts, int windowBits) {
        if (parts < 2 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("each balance is split into 2 to " + MAX_PARTS + " leaves (parts=" + parts + ")");
        }
        if (windowBits < 2 || windowBits > MAX_DEPTH) {
            throw new IllegalArgumentException("a window has 2^2 to 2^" + MAX_DEPTH + " leaves (window bits " + windowBits + ")");
        }
        if ((1L << (windowBits - 1)) < (parts + 1) / 2) {
            throw new IllegalArgumentException("a window of 2^" + windowBits + " leaves cannot hold " + parts + " parts in its two halves");
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
        int d = 2;
        while (capacity(d, Math.min(windowBits, d), parts) < balances.size()) {
            d++;
            if (d > MAX_DEPTH) {
                throw new IllegalArgumentException("too many leaves: " + real + " (at most 2^" + MAX_DEPTH + ")");
            }
        }
        this.depth = d;
        this.windowBits = Math.min(windowBits, d);
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
        this.slotOf = layout(n);
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
                totals, n, asOf.toString(), 1L << this.windowBits);
    }

    /** Most leaves per user. */
    public static final int MAX_PARTS = 16;

    /** Users a tree of 2^d leaves holds with windows of 2^k leaves: windows x units per window. */
    static long capacity(int d, int k, int parts) {
        long unitsPerWindow = (1L << (k - 1)) / ((parts + 1) / 2);
        return (1L << (d - k)) * unitsPerWindow;
    }

    /**
     * Builds the tree. {@code master}: the custodian's secret (>= 32 bytes, kept private); {@code publicationId}:
     * unique per publication (salts differ between publications); {@code parts}: leaves per user (>= 2).
     */
    public static SumTree build(Balances balances, byte[] master, String publicationId, Instant asOf, int parts) {
        return build(balances, master, publicationId, asOf, parts, Scheme.DEFAULT_WINDOW_BITS);
    }

    /** As {@link #build(Balances, byte[], String, Instant, int)} with windows of 2^{@code windowBits} leaves (2-30; a tree smaller than that is one window). */
    public static SumTree build(Balances balances, byte[] master, String publicationId, Instant asOf, int parts,
                                int windowBits) {
        return new SumTree(balances, master, publicationId, asOf, parts, windowBits);
    }

    public Publication publication() {
        return publication;
    }

    /** Build time per phase, in nanoseconds: layout, leaves, upper levels (for benchmarks). */
    public long[] phaseNanos() {
        return phaseNanos.clone();
    }

    public int users() {
        return balances.size();
    }

    /**
     * The layout: slotOf[leaf] = position in level 0, leaf ids {@code user * parts + part} first, then padding.
     * <p>
     * A window of {@code w = 2^k} leaves has {@code w/2} leaf slots in each half; a <i>unit</i> takes
     * {@code u = ceil(parts/2)} slots in each half of one window, and a window holds {@code c = floor(w/2/u)} units
     * (slots left over, when u does not divide w/2, hold padding). Every user is one unit; every unit no user takes is
     * padding. Drawn uniformly: which unit each user is (Fisher-Yates over all units), which slots of its half each
     * unit rank takes (a uniform permutation of each half of each window), and which of the unit's 2u slots holds
     * which part (a uniform permutation; with 2u > parts the spare slot is padding). So a user's parts are always in
     * one window and in both of its halves, padding is spread over the windows exactly as the users' units are not,
     * and nothing else about the positions depends on the input.
     */
    private int[] layout(int n) {
        int users = balances.size();
        int k = windowBits;
        int w = 1 << k;
        int h = w >>> 1;
        int u = (parts + 1) / 2;
        int c = h / u;
        int windows = n >>> k;
        int units = windows * c;
        HmacSha256 pk = new HmacSha256(publicationKey);
        int[] owner = new int[units];
        for (int i = 0; i < units; i++) {
            owner[i] = i < users ? i : -1;
        }
        Drbg rnd = new Drbg(Scheme.expand(pk, "layout", new byte[0]), 1 << 16);
        for (int i = units - 1; i > 0; i--) {
            int j = (int) rnd.below(i + 1L);
            int t = owner[i];
            owner[i] = owner[j];
            owner[j] = t;
        }
        int[] slotOf = new int[n];
        int real = users * parts;
        int[] padStart = new int[windows];
        int nextPad = real;
        for (int win = 0; win < windows; win++) {
            padStart[win] = nextPad;
            int usersHere = 0;
            for (int r = 0; r < c; r++) {
                if (owner[win * c + r] >= 0) {
                    usersHere++;
                }
            }
            nextPad += w - usersHere * parts;
        }
        if (nextPad != n) {
            throw new IllegalStateException("layout: " + nextPad + " leaves placed of " + n);
        }
        byte[] windowKey = Scheme.expand(pk, "windows", new byte[0]);
        int batch = Math.max(1, LEAF_BATCH >>> k);
        IntStream.range(0, (windows + batch - 1) / batch).parallel().forEach(bi -> {
            Drbg wr = new Drbg(windowKey, bi, 1 << 12);
            int[] perm = new int[w];
            int[] unit = new int[2 * u];
            for (int win = bi * batch, end = Math.min(windows, win + batch); win < end; win++) {
                for (int i = 0; i < w; i++) {
                    perm[i] = i;
                }
                shuffle(perm, 0, h, wr);
                shuffle(perm, h, h, wr);
                int base = win << k;
                int pad = padStart[win]; // this window's padding leaf ids: windows fill independently
                for (int r = 0; r < c; r++) {
                    for (int t = 0; t < u; t++) {
                        unit[t] = base + perm[r * u + t];
                        unit[u + t] = base + perm[h + r * u + t];
                    }
                    int o = owner[win * c + r];
                    if (o >= 0) {
                        shuffle(unit, 0, 2 * u, wr);
                        for (int p = 0; p < parts; p++) {
                            slotOf[o * parts + p] = unit[p];
                        }
                        for (int p = parts; p < 2 * u; p++) {
                            slotOf[pad++] = unit[p];
                        }
                    } else {
                        for (int p = 0; p < 2 * u; p++) {
                            slotOf[pad++] = unit[p];
                        }
                    }
                }
                for (int q = c * u; q < h; q++) {
                    slotOf[pad++] = base + perm[q];
                    slotOf[pad++] = base + perm[h + q];
                }
            }
        });
        return slotOf;
    }

    private static void shuffle(int[] a, int from, int len, Drbg rnd) {
        for (int i = len - 1; i > 0; i--) {
            int j = (int) rnd.below(i + 1L);
            int t = a[from + i];
            a[from + i] = a[from + j];
            a[from + j] = t;
        }
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

    /**
     * The inclusion proof of the user in row {@code row} of the input: the user's leaves in rank order, the siblings
     * inside their window that the leaves do not give themselves (level by level, left to right: {@link #windowNeeds}),
     * then the siblings from the window's root up.
     */
    public InclusionProof proof(int row) {
        String id = balances.user(row);
        byte[] secret = Scheme.userSecret(publicationKey, id);
        List<BigInteger> total = new ArrayList<>(assets);
        for (int a = 0; a < assets; a++) {
            total.add(balances.amount(row, a));
        }
        List<InclusionProof.Leaf> leaves = new ArrayList<>(parts);
        long[] rel = new long[parts];
        int win = slotOf[row * parts] >>> windowBits;
        for (int p = 0; p < parts; p++) {
            int slot = slotOf[row * parts + p];
            leaves.add(new InclusionProof.Leaf(slot, sums(0, slot)));
            rel[p] = slot - ((long) win << windowBits);
        }
        List<InclusionProof.Sibling> inWindow = new ArrayList<>();
        for (long[] need : windowNeeds(rel, windowBits)) {
            int level = (int) need[0];
            inWindow.add(sibling(level, (int) (((long) win << (windowBits - level)) + need[1])));
        }
        List<InclusionProof.Sibling> above = new ArrayList<>(depth - windowBits);
        int i = win;
        for (int l = windowBits; l < depth; l++) {
            above.add(sibling(l, i ^ 1));
            i >>>= 1;
        }
        return new InclusionProof(publication, id, secret, total, leaves, inWindow, above);
    }

    /**
     * The siblings a set of leaves needs to reach the root of their window of 2^{@code k} leaves, as
     * {@code {level, position in the window at that level}}, in the order the proof lists them: level by level from
     * the leaves up, and within a level by ascending position of the node whose sibling it is. A node whose sibling
     * is itself computed from the leaves needs nothing. (The verifiers walk the same order.)
     */
    static List<long[]> windowNeeds(long[] relativeIndices, int k) {
        List<long[]> out = new ArrayList<>();
        long[] known = java.util.Arrays.stream(relativeIndices).distinct().sorted().toArray();
        for (int l = 0; l < k; l++) {
            List<Long> next = new ArrayList<>();
            for (int j = 0; j < known.length; j++) {
                long pos = known[j];
                if ((pos & 1) == 0 && j + 1 < known.length && known[j + 1] == pos + 1) {
                    j++; // both children known
                } else {
                    out.add(new long[]{l, pos ^ 1});
                }
                next.add(pos >>> 1);
            }
            known = next.stream().mapToLong(Long::longValue).toArray();
        }
        return out;
    }

    private InclusionProof.Sibling sibling(int level, int i) {
        byte[] chunk = levels[level][i >>> CHUNK_SHIFT];
        int o = (i & (CHUNK - 1)) * width;
        return new InclusionProof.Sibling(java.util.Arrays.copyOfRange(chunk, o, o + Scheme.HASH), sums(level, i));
    }

    /** The inclusion proof of a user by id; throws {@link IllegalArgumentException} for an unknown user. */
    public InclusionProof proof(String user) {
        int row = balances.row(user);
        if (row < 0) {
            throw new IllegalArgumentException("no user '" + user + "' in this publication");
        }
        return proof(row);
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
