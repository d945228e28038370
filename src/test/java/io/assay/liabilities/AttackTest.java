package io.assay.liabilities;

import io.assay.liabilities.HandTree.Node;
import io.assay.liabilities.HandTree.Rule;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import static io.assay.liabilities.HandTree.PUB;
import static io.assay.liabilities.HandTree.amounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soundness attacks against the parent rule itself. The same attack, run against a tree with the broken Maxwell
 * parent rule (the parent hashes only its children's total), goes unnoticed by every user; against Assay's rule
 * (both children's hashes and sums hashed) at least one honest user's verification fails.
 */
class AttackTest {
    /** Alice holds 60 + 40 on the left, bob 35 + 25 on the right; true total 160. */
    private static final Node A0 = HandTree.leaf(PUB, "alice", 0, amounts(60));
    private static final Node A1 = HandTree.leaf(PUB, "alice", 1, amounts(40));
    private static final Node B0 = HandTree.leaf(PUB, "bob", 0, amounts(35));
    private static final Node B1 = HandTree.leaf(PUB, "bob", 1, amounts(25));

    /**
     * The hidden-sibling-sum attack: the prover publishes total S = max(left, right) = 100 and shows each side the
     * sibling sum S - own. Returns true when some user's verification (under the rule) fails.
     */
    static boolean hiddenSiblingSumIsCaught(Rule rule) {
        Node left = HandTree.parent(rule, A0, A1);
        Node right = HandTree.parent(rule, B0, B1);
        BigInteger s = left.sums().get(0).max(right.sums().get(0));
        Node rightShownToAlice = new Node(right.hash(), List.of(s.subtract(left.sums().get(0))));
        Node leftShownToBob = new Node(left.hash(), List.of(s.subtract(right.sums().get(0))));
        Node root = HandTree.parent(rule, left, rightShownToAlice);
        assertEquals(BigInteger.valueOf(100), root.sums().get(0), "the published total hides 60 of 160");
        boolean all = HandTree.climbs(rule, A0, 0, List.of(sib(A1), sib(rightShownToAlice)), root.hash(), root.sums())
                && HandTree.climbs(rule, A1, 1, List.of(sib(A0), sib(rightShownToAlice)), root.hash(), root.sums())
                && HandTree.climbs(rule, B0, 2, List.of(sib(B1), sib(leftShownToBob)), root.hash(), root.sums())
                && HandTree.climbs(rule, B1, 3, List.of(sib(B0), sib(leftShownToBob)), root.hash(), root.sums());
        return !all;
    }

    @Test
    void theHiddenSiblingSumAttackIsCaughtByOurParentRule() {
        assertTrue(hiddenSiblingSumIsCaught(Rule.SOUND));
    }

    @Test
    void theHiddenSiblingSumAttackPassesTheBrokenMaxwellRule() {
        // the same test as above fails on a tree built with the broken Maxwell parent rule
        assertFalse(hiddenSiblingSumIsCaught(Rule.MAXWELL));
    }

    @Test
    void ourRuleIsSoundForEverySiblingSumTheProverMightShow() {
        // whatever sum bob is shown for the left side, only the true one (100) reaches a root alice also accepts
        Node left = HandTree.parent(Rule.SOUND, A0, A1);
        Node right = HandTree.parent(Rule.SOUND, B0, B1);
        Node honest = HandTree.parent(Rule.SOUND, left, right);
        for (long shown = 0; shown <= 200; shown++) {
            Node l = new Node(left.hash(), amounts(shown));
            boolean bobAccepts = HandTree.climbs(Rule.SOUND, B0, 2, List.of(sib(B1), sib(l)), honest.hash(), honest.sums());
            assertEquals(shown == 100, bobAccepts, "left sum shown to bob: " + shown);
        }
    }

    @Test
    void theBrokenMaxwellAttackAsRealProofsIsCaughtByTheVerifier() throws Exception {
        // the vectors carry the attack in the published proof format: alice's view is consistent, bob's is not
        var vectors = Vectors.read();
        var alice = vectors.stream().filter(v -> v.get("name").asText().equals("maxwell-hidden-sum-alice")).findFirst().orElseThrow();
        var bob = vectors.stream().filter(v -> v.get("name").asText().equals("maxwell-hidden-sum-bob")).findFirst().orElseThrow();
        assertEquals(alice.at("/proof/publication/root"), bob.at("/proof/publication/root"), "one published root");
        assertTrue(ProofVerifier.verify(alice.get("proof"), Optional.empty()).valid());
        ProofVerifier.Result r = ProofVerifier.verify(bob.get("proof"), Optional.empty());
        assertFalse(r.valid());
        assertTrue(r.reasons().get(0).contains("does not lead to the root"), r.reasons().toString());
    }

    private static InclusionProof.Sibling sib(Node n) {
        return new InclusionProof.Sibling(n.hash(), n.sums());
    }

    @Test
    void anyChangeToAnySiblingHashOrSumOrLeafPartIsRefused() {
        Balances b = new Balances(List.of("btc", "eth")).add("alice", 700, 3).add("bob", 5, 9).add("carol", 0, 1)
                .add("dave", 12, 0).add("erin", 1, 1);
        SumTree tree = SumTree.build(b, HandTree.MASTER, PUB, java.time.Instant.EPOCH, 2, 2);
        com.fasterxml.jackson.databind.node.ObjectNode proof = ProofJson.proof(tree.proof("alice"));
        assertTrue(ProofVerifier.verify(proof, Optional.empty()).valid());
        assertTrue(proof.get("windowPath").size() == 2 && proof.get("path").size() == 2, proof.toString());
        int changes = 0;
        for (String list : List.of("windowPath", "path")) {
            var siblings = (com.fasterxml.jackson.databind.node.ArrayNode) proof.get(list);
            for (int l = 0; l < siblings.size(); l++) {
                String was = siblings.get(l).asText();
                byte[] rec = Scheme.decodeSibling(was, List.of("btc", "eth"), list);
                byte[] hash = java.util.Arrays.copyOf(rec, 32);
                List<BigInteger> sums = List.of(Amount128.read(rec, 32), Amount128.read(rec, 48));
                for (int a = 0; a < 2; a++) {
                    for (int d : new int[]{1, -1}) {
                        BigInteger v = sums.get(a).add(BigInteger.valueOf(d));
                        if (v.signum() < 0) {
                            continue;
                        }
                        List<BigInteger> changed = new java.util.ArrayList<>(sums);
                        changed.set(a, v);
                        siblings.set(l, Scheme.encodeSibling(hash, changed));
                        assertFalse(ProofVerifier.verify(proof, Optional.empty()).valid(), list + " " + l + " sum " + a + " " + d);
                        changes++;
                    }
                }
                for (int bit = 0; bit < 256; bit += 9) {
                    byte[] h = hash.clone();
                    h[bit / 8] ^= (byte) (1 << (bit % 8));
                    siblings.set(l, Scheme.encodeSibling(h, sums));
                    assertFalse(ProofVerifier.verify(proof, Optional.empty()).valid(), list + " " + l + " hash bit " + bit);
                    changes++;
                }
                siblings.set(l, was);
            }
        }
        // moving a part between the user's leaves keeps the balance but breaks both leaf hashes
        var p0 = (com.fasterxml.jackson.databind.node.ArrayNode) proof.at("/leaves/0/balances");
        var p1 = (com.fasterxml.jackson.databind.node.ArrayNode) proof.at("/leaves/1/balances");
        BigInteger x0 = new BigInteger(p0.get(0).asText());
        BigInteger x1 = new BigInteger(p1.get(0).asText());
        BigInteger d = x0.signum() > 0 ? BigInteger.ONE : BigInteger.ONE.negate();
        p0.set(0, x0.subtract(d).toString());
        p1.set(0, x1.add(d).toString());
        ProofVerifier.Result r = ProofVerifier.verify(proof, Optional.empty());
        assertFalse(r.valid());
        assertEquals(List.of("the path does not lead to the root"), r.reasons().stream()
                .map(x -> x.substring(0, x.indexOf(" (computed"))).toList());
        p0.set(0, x0.toString());
        p1.set(0, x1.toString());
        // moving a leaf to another index (its sibling's place) breaks the window's hash
        var leaf0 = (com.fasterxml.jackson.databind.node.ObjectNode) proof.at("/leaves/0");
        long index = leaf0.get("index").asLong();
        leaf0.put("index", index ^ 1);
        assertFalse(ProofVerifier.verify(proof, Optional.empty()).valid(), "leaf moved");
        leaf0.put("index", index);
        assertTrue(ProofVerifier.verify(proof, Optional.empty()).valid(), "restored");
        assertTrue(changes > 50, "changes tried: " + changes);
    }
}
