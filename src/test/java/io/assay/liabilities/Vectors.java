package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.liabilities.HandTree.Node;
import io.assay.liabilities.HandTree.Rule;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.assay.liabilities.HandTree.PUB;
import static io.assay.liabilities.HandTree.amounts;

/**
 * The shared verification vectors ({@code src/test/resources/liabilities/vectors.json}): honest proofs and every
 * attack of issue 22 built as a proof, each with the expected outcome and a fragment of the expected reason. The
 * Java verifier, {@code assay verify-liability}, {@code POST /v1/liabilities/verify}, the JavaScript verifier under
 * Node and the browser page in Chromium all run these. Deterministic (fixed master secret and time), so
 * {@link LiabilityVectorsTest} regenerates them and requires the committed file to match.
 * Regenerate: run {@link #main} with the file as argument.
 */
final class Vectors {
    static final Path FILE = Path.of("src/test/resources/liabilities/vectors.json");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Vectors() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args.length > 0 ? args[0] : FILE.toString()), text());
    }

    static String text() {
        return ProofJson.pretty(generate()) + "\n";
    }

    static ArrayNode generate() {
        ArrayNode out = F.arrayNode();
        Instant asOf = Instant.parse("2026-12-03T00:00:00Z");

        // honest trees built by SumTree
        Balances b = new Balances(List.of("btc", "eth", "usdt"))
                .add("alice", 150_000_000L, 2_000_000_000_000_000_000L, 0)
                .add("bob", 0, 5_000_000_000_000_000L, 1_000_000_000L)
                .add("carol", 1, 1, 1)
                .add("dave", 99_999_999L, 0, 250_000_000L)
                .add("erin", 0, 0, 0);
        SumTree tree = SumTree.build(b, HandTree.MASTER, PUB, asOf, 2);
        ObjectNode alice = ProofJson.proof(tree.proof("alice"));
        add(out, "valid-alice", "honest proof: 3 assets, 5 users in 16 leaves", null, alice, true, "");
        add(out, "valid-bob", "honest proof of another user of the same tree", null, ProofJson.proof(tree.proof("bob")), true, "");
        add(out, "valid-zero-balance", "a user with nothing is still included", null, ProofJson.proof(tree.proof("erin")), true, "");
        add(out, "valid-alice-with-root", "honest proof checked against the published root", tree.publication().rootHex(),
                alice, true, "");

        BigInteger big = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
        Balances whales = new Balances(List.of("wei")).add("whale-1", big).add("whale-2", BigInteger.ONE.shiftLeft(126));
        SumTree wt = SumTree.build(whales, HandTree.MASTER, PUB + "-whales", asOf, 3);
        add(out, "valid-near-2^128", "amounts near the 128-bit limit, 3 leaves per user", null,
                ProofJson.proof(wt.proof("whale-1")), true, "");

        add(out, "wrong-root", "an honest proof of another publication than the one the user was shown",
                wt.publication().rootHex(), alice, false, "is not the published root");

        // broken-Maxwell attack: show each side a sibling sum that makes the root total max(left, right)
        List<String> one = List.of("btc");
        Node a0 = HandTree.leaf(PUB, "alice", 0, amounts(60));
        Node a1 = HandTree.leaf(PUB, "alice", 1, amounts(40));
        Node b0 = HandTree.leaf(PUB, "bob", 0, amounts(35));
        Node b1 = HandTree.leaf(PUB, "bob", 1, amounts(25));
        Node left = HandTree.parent(Rule.SOUND, a0, a1);   // 100
        Node right = HandTree.parent(Rule.SOUND, b0, b1);  // 60
        Node rightHidden = new Node(right.hash(), amounts(0));   // what alice is shown
        Node leftHidden = new Node(left.hash(), amounts(40));    // what bob is shown: 40 + 60 = 100
        Node forgedRoot = HandTree.parent(Rule.SOUND, left, rightHidden); // published total 100, true total 160
        Publication forged = HandTree.publication(PUB, one, forgedRoot, 4);
        add(out, "maxwell-hidden-sum-alice",
                "broken-Maxwell attack (published total 100 of a true 160): alice's view is consistent with the root;"
                        + " the attack is caught by bob's proof", null,
                proof(forged, "alice", amounts(100), List.of(
                        leafOf(0, a0, List.of(sib(a1), sib(rightHidden))),
                        leafOf(1, a1, List.of(sib(a0), sib(rightHidden))))), true, "");
        add(out, "maxwell-hidden-sum-bob",
                "broken-Maxwell attack: bob is shown a left sum of 40 (not 100); with both sums hashed in the parent"
                        + " his path cannot reach the same root", null,
                proof(forged, "bob", amounts(60), List.of(
                        leafOf(2, b0, List.of(sib(b1), sib(leftHidden))),
                        leafOf(3, b1, List.of(sib(b0), sib(leftHidden))))), false, "does not lead to the root");

        // negative sibling sum (OKX v1): a sibling worth -50 lowers the total; a naive 128-bit encoding wraps it
        Node negative = new Node(right.hash(), amounts(-50));
        Node negRoot = new Node(HandTree.hash(Rule.SOUND, left, negative), amounts(50));
        Publication negPub = HandTree.publication(PUB, one, negRoot, 4);
        add(out, "negative-sibling-sum", "a sibling sum of -50 (published total 50)", null,
                proof(negPub, "alice", amounts(100), List.of(
                        leafOf(0, a0, List.of(sib(a1), sib(negative))),
                        leafOf(1, a1, List.of(sib(a0), sib(negative))))), false, "negative amount");
        BigInteger wrap = Amount128.LIMIT.subtract(BigInteger.valueOf(50));
        Node wrapped = new Node(right.hash(), List.of(wrap));
        Node wrapRoot = new Node(HandTree.hash(Rule.SOUND, left, wrapped), amounts(50));
        Publication wrapPub = HandTree.publication(PUB, one, wrapRoot, 4);
        add(out, "wrapping-sibling-sum", "a sibling sum of 2^128 - 50, which wraps to -50 without an overflow check", null,
                proof(wrapPub, "alice", amounts(100), List.of(
                        leafOf(0, a0, List.of(sib(a1), sib(wrapped))),
                        leafOf(1, a1, List.of(sib(a0), sib(wrapped))))), false, "overflow");

        // reused salt: both of alice's leaves salted with her first salt
        Node a1reused = HandTree.leaf(PUB, "alice", 0, amounts(40));
        List<List<Node>> rs = HandTree.build(Rule.SOUND, List.of(a0, a1reused, b0, b1));
        Publication rsPub = HandTree.publication(PUB, one, rs.get(2).get(0), 4);
        add(out, "reused-salt", "alice's second leaf reuses the salt of her first", null,
                proof(rsPub, "alice", amounts(100), List.of(
                        leafOf(0, a0, HandTree.path(rs, 0)), leafOf(1, a1reused, HandTree.path(rs, 1)))),
                false, "leaves[1]: the path does not lead to the root");

        // duplicated leaf: one leaf of 50 shown twice for a balance of 100
        Node half = HandTree.leaf(PUB, "alice", 0, amounts(50));
        Node pad = HandTree.leaf(PUB, "nobody", 0, amounts(0));
        List<List<Node>> dl = HandTree.build(Rule.SOUND, List.of(half, b0, b1, pad));
        Publication dlPub = HandTree.publication(PUB, one, dl.get(2).get(0), 4);
        add(out, "duplicated-leaf", "one leaf of 50 counted twice for a balance of 100", null,
                proof(dlPub, "alice", amounts(100), List.of(
                        leafOf(0, half, HandTree.path(dl, 0)), leafOf(0, half, HandTree.path(dl, 0)))),
                false, "used twice");

        // another user's leaf: carol's proof borrows alice's leaf (same index, path and part)
        JsonNode carol = ProofJson.proof(tree.proof("carol"));
        ObjectNode borrowed = carol.deepCopy();
        ((ArrayNode) borrowed.get("leaves")).set(1, alice.get("leaves").get(1).deepCopy());
        BigInteger[] sum = new BigInteger[3];
        for (int i = 0; i < 3; i++) {
            sum[i] = new BigInteger(borrowed.at("/leaves/0/balances/" + i).asText())
                    .add(new BigInteger(borrowed.at("/leaves/1/balances/" + i).asText()));
        }
        borrowed.set("balances", ProofJson.amounts(List.of(sum)));
        add(out, "other-users-leaf", "carol's proof points at one of alice's leaves", null, borrowed, false,
                "leaves[1]: the path does not lead to the root");

        // replayed into another publication id (salts are bound to the publication)
        ObjectNode replay = alice.deepCopy();
        ((ObjectNode) replay.get("publication")).put("id", "vectors-2026-11-01");
        add(out, "other-publication", "alice's proof relabelled as another publication: its salts do not derive",
                null, replay, false, "does not lead to the root");

        // tampered part
        ObjectNode tampered = alice.deepCopy();
        BigInteger part = new BigInteger(tampered.at("/leaves/0/balances/0").asText()).add(BigInteger.ONE);
        ((ArrayNode) tampered.at("/leaves/0/balances")).set(0, F.textNode(part.toString()));
        ((ArrayNode) tampered.get("balances")).set(0, F.textNode("150000001"));
        add(out, "tampered-balance", "one unit added to a leaf and to the balance", null, tampered, false,
                "leaves[0]: the path does not lead to the root");

        // one leaf only
        ObjectNode single = alice.deepCopy();
        ((ArrayNode) single.get("leaves")).remove(1);
        single.set("balances", single.at("/leaves/0/balances").deepCopy());
        add(out, "single-leaf", "a proof with one leaf (balances must be split across at least 2)", null, single,
                false, "at least 2 leaves");

        // non-integer sum
        ObjectNode fraction = alice.deepCopy();
        ((ArrayNode) fraction.at("/leaves/0/path/0/sums")).set(0, F.textNode("1.5"));
        add(out, "fractional-sum", "a sibling sum that is not an integer", null, fraction, false,
                "not a non-negative integer");
        return out;
    }

    private static InclusionProof proof(Publication p, String user, List<BigInteger> balances, List<InclusionProof.Leaf> leaves) {
        return new InclusionProof(p, user, HandTree.secret(p.id(), user), balances, leaves);
    }

    private static InclusionProof.Leaf leafOf(long index, Node leaf, List<InclusionProof.Sibling> path) {
        return new InclusionProof.Leaf(index, leaf.sums(), path);
    }

    private static InclusionProof.Sibling sib(Node n) {
        return new InclusionProof.Sibling(n.hash(), n.sums());
    }

    private static void add(ArrayNode out, String name, String description, String root, JsonNode proof, boolean valid,
                            String reason) {
        ObjectNode v = out.addObject();
        v.put("name", name);
        v.put("description", description);
        if (root == null) {
            v.putNull("root");
        } else {
            v.put("root", root);
        }
        v.put("valid", valid);
        v.put("reason", reason);
        // the Java verifier's full answer: the JavaScript verifier must give exactly these reasons
        ProofVerifier.Result r = ProofVerifier.verify(proof, root == null ? java.util.Optional.empty()
                : java.util.Optional.of(Hex32.decode(root, 32, "root")));
        ArrayNode reasons = v.putArray("reasons");
        r.reasons().forEach(reasons::add);
        v.set("proof", proof);
    }

    private static void add(ArrayNode out, String name, String description, String root, InclusionProof proof,
                            boolean valid, String reason) {
        add(out, name, description, root, ProofJson.proof(proof), valid, reason);
    }

    static List<JsonNode> read() throws java.io.IOException {
        List<JsonNode> l = new ArrayList<>();
        ProofJson.parse(Files.readAllBytes(FILE)).forEach(l::add);
        return l;
    }
}
