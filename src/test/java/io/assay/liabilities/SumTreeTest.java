package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SumTreeTest {
    private static final Instant T = Instant.parse("2026-12-03T00:00:00Z");
    private static final byte[] MASTER = HandTree.MASTER;

    static Balances random(int users, long seed) {
        Random r = new Random(seed);
        Balances b = new Balances(List.of("btc", "eth", "usdt"));
        for (int u = 0; u < users; u++) {
            b.add("user-" + u, new BigInteger(r.nextInt(90), r), new BigInteger(r.nextInt(120), r),
                    r.nextInt(4) == 0 ? BigInteger.ZERO : BigInteger.valueOf(r.nextLong() >>> 1));
        }
        return b;
    }

    @Test
    void everyUsersProofVerifiesAgainstThePublishedRootAndTotals() {
        Balances b = random(1000, 1);
        SumTree tree = SumTree.build(b, MASTER, "p1", T, 2);
        Publication p = tree.publication();
        assertEquals(2048, p.leaves(), "2000 leaves padded to a power of two");
        assertEquals(11, p.depth());
        assertEquals(256, p.window(), "the default window");
        for (int a = 0; a < 3; a++) {
            BigInteger sum = BigInteger.ZERO;
            for (int u = 0; u < 1000; u++) {
                sum = sum.add(b.amount(u, a));
            }
            assertEquals(sum, p.totals().get(a), "total of asset " + a);
        }
        Set<Long> used = new HashSet<>();
        for (int u = 0; u < 1000; u++) {
            InclusionProof proof = tree.proof(u);
            assertEquals(2, proof.leaves().size());
            for (int a = 0; a < 3; a++) {
                assertEquals(b.amount(u, a), proof.leaves().get(0).balances().get(a).add(proof.leaves().get(1).balances().get(a)));
            }
            proof.leaves().forEach(l -> assertTrue(used.add(l.index()), "leaf " + l.index() + " used twice"));
            long i0 = proof.leaves().get(0).index();
            long i1 = proof.leaves().get(1).index();
            assertEquals(i0 / 256, i1 / 256, "one window");
            assertNotEquals(i0 / 128, i1 / 128, "both halves");
            assertEquals(14, proof.windowPath().size(), "7 siblings in each half");
            assertEquals(3, proof.path().size(), "from the window (2^8) to the root (2^11)");
            ProofVerifier.Result r = ProofVerifier.verify(ProofJson.proof(proof), Optional.of(p.root()));
            assertTrue(r.valid(), "user " + u + ": " + r.reasons());
            assertEquals("user-" + u, r.user());
            assertEquals(List.of(b.amount(u, 0), b.amount(u, 1), b.amount(u, 2)), r.balances());
        }
        assertEquals(2000, used.size());
    }

    @Test
    void leavesAreShuffledNotInInputOrder() {
        SumTree tree = SumTree.build(random(500, 2), MASTER, "p1", T, 2);
        int inOrder = 0;
        for (int u = 0; u < 500; u++) {
            if (tree.proof(u).leaves().get(0).index() == 2L * u) {
                inOrder++;
            }
        }
        assertTrue(inOrder < 10, "leaves at their input position: " + inOrder);
        // padding leaves (24 of 1024) sit among the real ones, not at the end
        Set<Long> used = new HashSet<>();
        for (int u = 0; u < 500; u++) {
            tree.proof(u).leaves().forEach(l -> used.add(l.index()));
        }
        long paddingInFirstHalf = java.util.stream.LongStream.range(0, 512).filter(i -> !used.contains(i)).count();
        assertTrue(paddingInFirstHalf > 0 && paddingInFirstHalf < 24, "padding leaves in the first half: " + paddingInFirstHalf);
    }

    @Test
    void theSameInputAndSecretGiveTheSameTree() {
        Publication a = SumTree.build(random(300, 3), MASTER, "p1", T, 2).publication();
        Publication b = SumTree.build(random(300, 3), MASTER, "p1", T, 2).publication();
        assertArrayEquals(a.root(), b.root());
        byte[] other = MASTER.clone();
        other[0] ^= 1;
        assertFalse(java.util.Arrays.equals(a.root(), SumTree.build(random(300, 3), other, "p1", T, 2).publication().root()),
                "another secret, other salts, splits and order");
    }

    @Test
    void leavesAreUnlinkableBetweenPublications() {
        Balances b = random(200, 4);
        SumTree one = SumTree.build(b, MASTER, "2026-12-01", T, 2);
        SumTree two = SumTree.build(b, MASTER, "2026-12-02", T, 2);
        Set<String> hashesOne = new HashSet<>();
        Set<String> hashesTwo = new HashSet<>();
        for (int u = 0; u < 200; u++) {
            InclusionProof p1 = one.proof(u);
            InclusionProof p2 = two.proof(u);
            assertFalse(java.util.Arrays.equals(p1.userSecret(), p2.userSecret()), "user secret per publication");
            hashesOne.addAll(leafHashes(p1));
            hashesTwo.addAll(leafHashes(p2));
        }
        assertEquals(400, hashesOne.size());
        hashesOne.retainAll(hashesTwo);
        assertEquals(Set.of(), hashesOne, "no leaf hash appears in both publications");
    }

    /** The user's own leaf hashes, recomputed from the proof (salts from the user's secret). */
    static List<String> leafHashes(InclusionProof p) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < p.leaves().size(); k++) {
            List<BigInteger> bal = p.leaves().get(k).balances();
            byte[] rec = new byte[bal.size() * 16];
            for (int i = 0; i < bal.size(); i++) {
                Amount128.write(rec, i * 16, bal.get(i));
            }
            out.add(Hex32.encode(Scheme.leaf(Scheme.leafSalt(p.userSecret(), p.publication().id(), k),
                    Scheme.utf8(p.user()), rec, 0, bal.size())));
        }
        return out;
    }

    @Test
    void balancesAreSplitAtRandomIntoAtLeastTwoParts() {
        Balances b = new Balances(List.of("btc")).add("alice", 1_000_000_000L).add("bob", 1_000_000_000L);
        SumTree tree = SumTree.build(b, MASTER, "p1", T, 3);
        for (String u : List.of("alice", "bob")) {
            List<BigInteger> parts = tree.proof(u).leaves().stream().map(l -> l.balances().get(0)).toList();
            assertEquals(3, parts.size());
            assertEquals(BigInteger.valueOf(1_000_000_000L), parts.stream().reduce(BigInteger.ZERO, BigInteger::add));
            assertTrue(parts.stream().allMatch(x -> x.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0), "split: " + parts);
        }
        assertNotEquals(tree.proof("alice").leaves().get(0).balances(), tree.proof("bob").leaves().get(0).balances(),
                "two equal balances split differently");
        assertThrows(IllegalArgumentException.class, () -> SumTree.build(b, MASTER, "p1", T, 1));
    }

    @Test
    void amountsUpTo128BitsAreExactAndTotalsOverflowIsRefused() {
        BigInteger max = Amount128.LIMIT.subtract(BigInteger.ONE);
        Balances b = new Balances(List.of("wei")).add("whale", max).add("minnow", BigInteger.ZERO);
        SumTree tree = SumTree.build(b, MASTER, "p1", T, 2);
        assertEquals(max, tree.publication().totals().get(0));
        assertTrue(ProofVerifier.verify(ProofJson.proof(tree.proof("whale")), Optional.empty()).valid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add("another", BigInteger.ONE));
        assertTrue(e.getMessage().contains("total of wei reaches 2^128"), e.getMessage());
        assertEquals(2, b.size(), "the refused row was not added");
    }

    @Test
    void aSingleUserIsPaddedAndProvable() {
        SumTree tree = SumTree.build(new Balances(List.of("btc")).add("solo", 5), MASTER, "p1", T, 2);
        assertEquals(4, tree.publication().leaves(), "the smallest tree: one window of 4, the parts never side by side");
        assertEquals(4, tree.publication().window());
        assertNotEquals(tree.proof("solo").leaves().get(0).index() / 2, tree.proof("solo").leaves().get(1).index() / 2);
        JsonNode proof = ProofJson.proof(tree.proof("solo"));
        assertTrue(ProofVerifier.verify(proof, Optional.empty()).valid());
        assertThrows(IllegalArgumentException.class, () -> tree.proof("nobody"));
    }

    @Test
    void everyLayoutKeepsAUsersLeavesInOneWindowAndBothHalves() {
        for (int parts : new int[]{2, 3, 4, 5}) {
            for (int bits : new int[]{2, 3, 5}) {
                if ((1 << (bits - 1)) < (parts + 1) / 2) {
                    int k = bits;
                    int p = parts;
                    assertThrows(IllegalArgumentException.class, () -> SumTree.build(random(10, 9), MASTER, "p", T, p, k));
                    continue;
                }
                Balances b = random(300, parts * 10 + bits);
                SumTree tree = SumTree.build(b, MASTER, "layout", T, parts, bits);
                Publication pub = tree.publication();
                long w = pub.window();
                assertEquals(1L << bits, w);
                assertTrue(SumTree.capacity(pub.depth(), bits, parts) >= 300, "capacity");
                assertTrue(pub.depth() == 2 || SumTree.capacity(pub.depth() - 1, Math.min(bits, pub.depth() - 1), parts) < 300,
                        "the smallest tree that holds every user");
                Set<Long> used = new HashSet<>();
                for (int u = 0; u < 300; u++) {
                    InclusionProof proof = tree.proof(u);
                    long win = proof.leaves().get(0).index() / w;
                    boolean left = false;
                    boolean right = false;
                    for (InclusionProof.Leaf l : proof.leaves()) {
                        assertEquals(win, l.index() / w, "parts " + parts + ", window " + w + ": one window");
                        left |= l.index() % w < w / 2;
                        right |= l.index() % w >= w / 2;
                        assertTrue(used.add(l.index()), "leaf used twice");
                    }
                    assertTrue(left && right, "both halves");
                    assertTrue(ProofVerifier.verify(ProofJson.proof(proof), Optional.of(pub.root())).valid());
                }
            }
        }
    }

    @Test
    void theLayoutIsUniformWithinItsRules() {
        // 3,000 users x 2 parts in 8,192 leaves, windows of 8 (4 units each): 1,024 windows, 4,096 units, 3,000 users
        int users = 3000;
        SumTree tree = SumTree.build(random(users, 11), MASTER, "uniform", T, 2, 3);
        assertEquals(8192, tree.publication().leaves());
        int[] position = new int[8];
        int[] perWindow = new int[1024];
        int firstLeft = 0;
        for (int u = 0; u < users; u++) {
            InclusionProof p = tree.proof(u);
            long i0 = p.leaves().get(0).index();
            position[(int) (i0 % 8)]++;
            perWindow[(int) (i0 / 8)]++;
            if (i0 % 8 < 4) {
                firstLeft++;
            }
        }
        for (int i = 0; i < 8; i++) {
            assertTrue(Math.abs(position[i] - users / 8.0) < 5 * Math.sqrt(users / 8.0), "part 0 at slot " + i + ": " + position[i]);
        }
        assertTrue(Math.abs(firstLeft - users / 2.0) < 5 * Math.sqrt(users / 4.0), "part 0 in the left half: " + firstLeft);
        // users per window: hypergeometric (3,000 of 4,096 units, 4 per window), so padding is spread over the windows
        int[] histogram = new int[5];
        for (int c : perWindow) {
            histogram[c]++;
        }
        for (int m = 0; m <= 4; m++) {
            double pm = binomial(4, m) * Math.exp(logChoose(4092, users - m) - logChoose(4096, users));
            double expected = 1024 * pm;
            assertTrue(Math.abs(histogram[m] - expected) < 5 * Math.sqrt(expected) + 3,
                    "windows with " + m + " users: " + histogram[m] + ", expected " + expected);
        }
    }

    private static double binomial(int n, int k) {
        return Math.exp(logChoose(n, k));
    }

    private static double logChoose(int n, int k) {
        double r = 0;
        for (int i = 0; i < k; i++) {
            r += Math.log(n - i) - Math.log(i + 1);
        }
        return r;
    }

    @Test
    void badPublicationIdsAndShortSecretsAreRefused() {
        Balances b = new Balances(List.of("btc")).add("a", 1);
        assertThrows(IllegalArgumentException.class, () -> SumTree.build(b, MASTER, "bad id", T, 2));
        assertThrows(IllegalArgumentException.class, () -> SumTree.build(b, new byte[16], "p1", T, 2));
    }
}
