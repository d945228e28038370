package io.assay.liabilities;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small Merkle-sum tree built by hand from explicit leaves, with a choice of parent rule: what a dishonest prover
 * (or an older, broken design) can build, for the attack tests. {@link Rule#SOUND} is Assay's rule (both
 * children's hashes and sums hashed); {@link Rule#MAXWELL} is the broken Maxwell rule (the parent hashes only the
 * total of its children: H(0x01 || leftHash || rightHash || leftSum + rightSum)).
 */
final class HandTree {
    enum Rule { SOUND, MAXWELL }

    /** A node: hash and per-asset sums. */
    record Node(byte[] hash, List<BigInteger> sums) {
    }

    private HandTree() {
    }

    static final String PUB = "vectors-2026-12-03";
    static final byte[] MASTER = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            MASTER[i] = (byte) (i * 7 + 1);
        }
    }

    static byte[] pubKey(String pubId) {
        return Scheme.publicationKey(MASTER, pubId);
    }

    static byte[] secret(String pubId, String user) {
        return Scheme.userSecret(pubKey(pubId), user);
    }

    /** The user's k-th leaf, salted as the scheme says (or with {@code saltRank} instead of k, for a reused salt). */
    static Node leaf(String pubId, String user, int saltRank, List<BigInteger> balances) {
        byte[] rec = new byte[balances.size() * Amount128.WIDTH];
        for (int i = 0; i < balances.size(); i++) {
            Amount128.write(rec, i * Amount128.WIDTH, balances.get(i));
        }
        byte[] salt = Scheme.leafSalt(secret(pubId, user), pubId, saltRank);
        return new Node(Scheme.leaf(salt, Scheme.utf8(user), rec, 0, balances.size()), balances);
    }

    static Node parent(Rule rule, Node l, Node r) {
        List<BigInteger> sums = new ArrayList<>();
        for (int i = 0; i < l.sums().size(); i++) {
            sums.add(l.sums().get(i).add(r.sums().get(i)));
        }
        return new Node(hash(rule, l, r), sums);
    }

    /** The parent hash of two nodes as a rule computes it (sums taken as given, even if out of range). */
    static byte[] hash(Rule rule, Node l, Node r) {
        int a = l.sums().size();
        if (rule == Rule.SOUND) {
            byte[] lb = record(l);
            byte[] rb = record(r);
            byte[] out = new byte[32];
            Scheme.node(lb, 0, rb, 0, a, out, 0);
            return out;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Scheme.NODE_TAG);
            md.update(l.hash());
            md.update(r.hash());
            byte[] s = new byte[a * Amount128.WIDTH];
            for (int i = 0; i < a; i++) {
                Amount128.write(s, i * Amount128.WIDTH, l.sums().get(i).add(r.sums().get(i)));
            }
            md.update(s);
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] record(Node n) {
        byte[] b = new byte[32 + n.sums().size() * Amount128.WIDTH];
        System.arraycopy(n.hash(), 0, b, 0, 32);
        for (int i = 0; i < n.sums().size(); i++) {
            BigInteger v = n.sums().get(i);
            // a negative or oversized sum is written modulo 2^128, as a naive implementation would
            Amount128.write(b, 32 + i * Amount128.WIDTH, v.mod(Amount128.LIMIT));
        }
        return b;
    }

    /** Levels of a full tree over {@code leaves} (a power of two), bottom first. */
    static List<List<Node>> build(Rule rule, List<Node> leaves) {
        List<List<Node>> levels = new ArrayList<>();
        levels.add(leaves);
        List<Node> cur = leaves;
        while (cur.size() > 1) {
            List<Node> next = new ArrayList<>();
            for (int i = 0; i < cur.size(); i += 2) {
                next.add(parent(rule, cur.get(i), cur.get(i + 1)));
            }
            levels.add(next);
            cur = next;
        }
        return levels;
    }

    /** The siblings inside the window of 2^k leaves that leaves at {@code indices} need, in the proof's order. */
    static List<InclusionProof.Sibling> windowPath(List<List<Node>> levels, long[] indices, int k) {
        long win = indices[0] >>> k;
        long[] rel = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            rel[i] = indices[i] - (win << k);
        }
        List<InclusionProof.Sibling> out = new ArrayList<>();
        for (long[] need : SumTree.windowNeeds(rel, k)) {
            int level = (int) need[0];
            out.add(sib(levels.get(level).get((int) ((win << (k - level)) + need[1]))));
        }
        return out;
    }

    /** The siblings from the root of window {@code win} (of 2^k leaves) up to the root. */
    static List<InclusionProof.Sibling> above(List<List<Node>> levels, long win, int k) {
        List<InclusionProof.Sibling> out = new ArrayList<>();
        long i = win;
        for (int l = k; l < levels.size() - 1; l++) {
            out.add(sib(levels.get(l).get((int) (i ^ 1))));
            i >>>= 1;
        }
        return out;
    }

    static InclusionProof.Sibling sib(Node n) {
        return new InclusionProof.Sibling(n.hash(), n.sums());
    }

    static Publication publication(String pubId, List<String> assets, Node root, long leaves, long window) {
        return new Publication(pubId, assets, root.hash(), root.sums(), leaves, "2026-12-03T00:00:00Z", window);
    }

    /**
     * Climbs a path under a rule (the verification of a rule, reduced to hashes and sums): true when the path from
     * {@code leaf} at {@code index} reaches {@code root} with the root's sums equal to {@code totals}.
     */
    static boolean climbs(Rule rule, Node leaf, int index, List<InclusionProof.Sibling> path, byte[] root,
                          List<BigInteger> totals) {
        Node cur = leaf;
        int i = index;
        for (InclusionProof.Sibling s : path) {
            Node sib = new Node(s.hash(), s.sums());
            cur = (i & 1) == 0 ? parent(rule, cur, sib) : parent(rule, sib, cur);
            i >>>= 1;
        }
        return Arrays.equals(cur.hash(), root) && cur.sums().equals(totals);
    }

    static List<BigInteger> amounts(long... v) {
        List<BigInteger> out = new ArrayList<>();
        for (long x : v) {
            out.add(BigInteger.valueOf(x));
        }
        return out;
    }
}
