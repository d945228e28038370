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

        // honest trees built by SumTree: windows of 4 leaves in 16 (siblings inside the window and above it)
        Balances b = new Balances(List.of("btc", "eth", "usdt"))
                .add("alice", 150_000_000L, 2_000_000_000_000_000_000L, 0)
                .add("bob", 0, 5_000_000_000_000_000L, 1_000_000_000L)
                .add("carol", 1, 1, 1)
                .add("dave", 99_999_999L, 0, 250_000_000L)
                .add("erin", 0, 0, 0);
        SumTree tree = SumTree.build(b, HandTree.MASTER, PUB, asOf, 2, 2);
        ObjectNode alice = ProofJson.proof(tree.proof("alice"));
        add(out, "valid-alice", "honest proof: 3 assets, 5 users in 16 leaves, windows of 4", null, alice, true, "");
        add(out, "valid-bob", "honest proof of another user of the same tree", null, ProofJson.proof(tree.proof("bob")), true, "");
        add(out, "valid-zero-balance", "a user with nothing is still included", null, ProofJson.proof(tree.proof("erin")), true, "");
        add(out, "valid-alice-with-root", "honest proof checked against the published root", tree.publication().rootHex(),
                alice, true, "");
        SumTree wide = SumTree.build(b, HandTree.MASTER, PUB + "-wide", asOf, 2);
        add(out, "valid-one-window", "the default window (256 leaves) on a 16-leaf tree: the whole tree is one window",
                null, ProofJson.proof(wide.proof("dave")), true, "");

        BigInteger big = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
        Balances whales = new Balances(List.of("wei")).add("whale-1", big).add("whale-2", BigInteger.ONE.shiftLeft(126))
                .add("whale-3", BigInteger.ONE);
        SumTree wt = SumTree.build(whales, HandTree.MASTER, PUB + "-whales", asOf, 3, 3);
        add(out, "valid-near-2^128", "amounts near the 128-bit limit, 3 leaves per user (4 slots: one is padding)", null,
                ProofJson.proof(wt.proof("whale-1")), true, "");

        add(out, "wrong-root", "an honest proof of another publication than the one the user was shown",
                wt.publication().rootHex(), alice, false, "is not the published root");

        // broken-Maxwell attack: show each side a sibling sum that makes the root total max(left, right).
        // 8 leaves, windows of 4: alice at 0 and 2 (window 0), bob at 4 and 6 (window 1), padding between.
        List<String> one = List.of("btc");
        Node a0 = HandTree.leaf(PUB, "alice", 0, amounts(60));
        Node a1 = HandTree.leaf(PUB, "alice", 1, amounts(40));
        Node b0 = HandTree.leaf(PUB, "bob", 0, amounts(35));
        Node b1 = HandTree.leaf(PUB, "bob", 1, amounts(25));
        List<Node> pads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pads.add(HandTree.leaf(PUB, "padding", i, amounts(0)));
        }
        List<List<Node>> w0 = HandTree.build(Rule.SOUND, List.of(a0, pads.get(0), a1, pads.get(1)));
        List<List<Node>> w1 = HandTree.build(Rule.SOUND, List.of(b0, pads.get(2), b1, pads.get(3)));
        Node left = w0.get(2).get(0);   // 100
        Node right = w1.get(2).get(0);  // 60
        Node rightHidden = new Node(right.hash(), amounts(0));   // what alice is shown
        Node leftHidden = new Node(left.hash(), amounts(40));    // what bob is shown: 40 + 60 = 100
        Node forgedRoot = HandTree.parent(Rule.SOUND, left, rightHidden); // published total 100, true total 160
        Publication forged = HandTree.publication(PUB, one, forgedRoot, 8, 4);
        add(out, "maxwell-hidden-sum-alice",
                "broken-Maxwell attack (published total 100 of a true 160): alice's view is consistent with the root;"
                        + " the attack is caught by bob's proof", null,
                proof(forged, "alice", amounts(100), List.of(leafOf(0, a0), leafOf(2, a1)),
                        HandTree.windowPath(w0, new long[]{0, 2}, 2), List.of(HandTree.sib(rightHidden))), true, "");
        add(out, "maxwell-hidden-sum-bob",
                "broken-Maxwell attack: bob is shown a left sum of 40 (not 100); with both sums hashed in the parent"
                        + " his path cannot reach the same root", null,
                proof(forged, "bob", amounts(60), List.of(leafOf(4, b0), leafOf(6, b1)),
                        HandTree.windowPath(w1, new long[]{0, 2}, 2), List.of(HandTree.sib(leftHidden))),
                false, "does not lead to the root");

        // negative sibling sum (OKX v1): a sibling worth -50 lowers the total. The compact sibling holds unsigned
        // sums only: -50 in a signed form needs 17 bytes (refused); its 128-bit wrap, 2^128 - 50, overflows.
        List<InclusionProof.Sibling> aliceWindow = HandTree.windowPath(w0, new long[]{0, 2}, 2);
        Node negRoot = new Node(HandTree.hash(Rule.SOUND, left, new Node(right.hash(), List.of(Amount128.LIMIT
                .subtract(BigInteger.valueOf(50))))), amounts(50));
        Publication negPub = HandTree.publication(PUB, one, negRoot, 8, 4);
        ObjectNode negative = ProofJson.proof(proof(negPub, "alice", amounts(100), List.of(leafOf(0, a0), leafOf(2, a1)),
                aliceWindow, List.of(HandTree.sib(right))));
        byte[] signed = new byte[32 + 1 + 17];
        System.arraycopy(right.hash(), 0, signed, 0, 32);
        signed[32] = 17;
        byte[] minus50 = BigInteger.valueOf(-50).toByteArray(); // 0xce
        java.util.Arrays.fill(signed, 33, 50, (byte) 0xff);
        signed[49] = minus50[minus50.length - 1];
        ((ArrayNode) negative.get("path")).set(0, F.textNode(Base64Url.encode(signed)));
        add(out, "negative-sibling-sum", "a sibling sum of -50 in a signed 17-byte form (published total 50)", null,
                negative, false, "sums are unsigned 128-bit");
        Node wrapped = new Node(right.hash(), List.of(Amount128.LIMIT.subtract(BigInteger.valueOf(50))));
        add(out, "wrapping-sibling-sum", "a sibling sum of 2^128 - 50, which wraps to -50 without an overflow check", null,
                proof(negPub, "alice", amounts(100), List.of(leafOf(0, a0), leafOf(2, a1)), aliceWindow,
                        List.of(HandTree.sib(wrapped))), false, "overflow");

        // reused salt: alice's second leaf salted with her first salt (4 leaves, one window: alice at 0 and 2)
        Node a1reused = HandTree.leaf(PUB, "alice", 0, amounts(40));
        List<List<Node>> rs = HandTree.build(Rule.SOUND, List.of(a0, b0, a1reused, b1));
        Publication rsPub = HandTree.publication(PUB, one, rs.get(2).get(0), 4, 4);
        add(out, "reused-salt", "alice's second leaf reuses the salt of her first", null,
                proof(rsPub, "alice", amounts(100), List.of(leafOf(0, a0), leafOf(2, a1reused)),
                        HandTree.windowPath(rs, new long[]{0, 2}, 2), List.of()),
                false, "does not lead to the root");

        // duplicated leaf: one leaf of 50 shown twice for a balance of 100
        Node half = HandTree.leaf(PUB, "alice", 0, amounts(50));
        List<List<Node>> dl = HandTree.build(Rule.SOUND, List.of(half, b0, pads.get(0), b1));
        Publication dlPub = HandTree.publication(PUB, one, dl.get(2).get(0), 4, 4);
        add(out, "duplicated-leaf", "one leaf of 50 counted twice for a balance of 100", null,
                proof(dlPub, "alice", amounts(100), List.of(leafOf(0, half), leafOf(0, half)),
                        HandTree.windowPath(dl, new long[]{0}, 2), List.of()),
                false, "used twice");

        // another user's leaf: carol (at 1 and 3) claims alice's leaf at 2 as her second
        Node c0 = HandTree.leaf(PUB, "carol", 0, amounts(7));
        Node c1 = HandTree.leaf(PUB, "carol", 1, amounts(3));
        List<List<Node>> ol = HandTree.build(Rule.SOUND, List.of(a0, c0, a1, c1));
        Publication olPub = HandTree.publication(PUB, one, ol.get(2).get(0), 4, 4);
        add(out, "other-users-leaf", "carol's proof points at one of alice's leaves (index, part and path right)", null,
                proof(olPub, "carol", amounts(47), List.of(leafOf(1, c0), leafOf(2, a1)),
                        HandTree.windowPath(ol, new long[]{1, 2}, 2), List.of()),
                false, "does not lead to the root");

        // a custodian that breaks the layout: both of alice's leaves in one half of the window (adjacent)
        List<List<Node>> sh = HandTree.build(Rule.SOUND, List.of(a0, a1, b0, b1));
        Publication shPub = HandTree.publication(PUB, one, sh.get(2).get(0), 4, 4);
        add(out, "same-half", "alice's leaves side by side in one half: the layout the format promises is broken", null,
                proof(shPub, "alice", amounts(100), List.of(leafOf(0, a0), leafOf(1, a1)),
                        HandTree.windowPath(sh, new long[]{0, 1}, 2), List.of()),
                false, "all in one half of their window");
        // ... or in two windows
        List<List<Node>> tw = HandTree.build(Rule.SOUND, List.of(a0, pads.get(0), b0, pads.get(1), b1, pads.get(2), a1, pads.get(3)));
        Publication twPub = HandTree.publication(PUB, one, tw.get(3).get(0), 8, 4);
        ObjectNode twoWindows = ProofJson.proof(proof(twPub, "alice", amounts(100), List.of(leafOf(0, a0), leafOf(6, a1)),
                List.of(), List.of()));
        add(out, "two-windows", "alice's leaves in two windows", null, twoWindows, false, "is not in the window of leaf 0");

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
                "does not lead to the root");

        // one leaf only
        ObjectNode single = alice.deepCopy();
        ((ArrayNode) single.get("leaves")).remove(1);
        single.set("balances", single.at("/leaves/0/balances").deepCopy());
        add(out, "single-leaf", "a proof with one leaf (balances must be split across at least 2)", null, single,
                false, "at least 2 leaves");

        // a part that is not an integer
        ObjectNode fraction = alice.deepCopy();
        ((ArrayNode) fraction.at("/leaves/0/balances")).set(0, F.textNode("1.5"));
        add(out, "fractional-part", "a leaf's part that is not an integer", null, fraction, false,
                "not a non-negative integer");

        // encodings: a padded base64 sibling, a sum with a leading zero byte
        ObjectNode padded = alice.deepCopy();
        ((ArrayNode) padded.get("windowPath")).set(0, F.textNode(padded.at("/windowPath/0").asText() + "="));
        add(out, "padded-base64", "a sibling with base64 padding (one text per sibling: none)", null, padded, false,
                "not base64url");
        ObjectNode nonMinimal = alice.deepCopy();
        byte[] sib = Base64Url.decode(nonMinimal.at("/path/0").asText(), "path[0]");
        byte[] longer = new byte[sib.length + 1];
        System.arraycopy(sib, 0, longer, 0, 32);
        longer[32] = (byte) (sib[32] + 1);
        longer[33] = 0;
        System.arraycopy(sib, 33, longer, 34, sib.length - 33);
        ((ArrayNode) nonMinimal.get("path")).set(0, F.textNode(Base64Url.encode(longer)));
        add(out, "non-minimal-sum", "a sibling sum with a leading zero byte (same value, another text)", null, nonMinimal,
                false, "not minimal");

        // the first format is refused with a clear reason
        ObjectNode first = alice.deepCopy();
        first.put("format", Scheme.FORMAT_1);
        add(out, "format-1", "a proof labelled with the first format (one path per leaf)", null, first, false,
                "no longer verified");
        return out;
    }

    private static InclusionProof proof(Publication p, String user, List<BigInteger> balances, List<InclusionProof.Leaf> leaves,
                                        List<InclusionProof.Sibling> windowPath, List<InclusionProof.Sibling> path) {
        return new InclusionProof(p, user, HandTree.secret(p.id(), user), balances, leaves, windowPath, path);
    }

    private static InclusionProof.Leaf leafOf(long index, Node leaf) {
        return new InclusionProof.Leaf(index, leaf.sums());
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
        // the binary twin (base64url of ProofBinary), where the JSON has one (not: another format, a negative
        // amount, a padded sibling text); verifying it must give exactly the same reasons
        try {
            byte[] bin = ProofBinary.fromJson(proof);
            ProofVerifier.Result rb = ProofVerifier.verifyBinary(bin, root == null ? java.util.Optional.empty()
                    : java.util.Optional.of(Hex32.decode(root, 32, "root")));
            if (!rb.reasons().equals(r.reasons())) {
                throw new IllegalStateException(name + ": the binary twin gives " + rb.reasons());
            }
            v.put("binary", Base64Url.encode(bin));
        } catch (IllegalArgumentException e) {
            v.putNull("binary");
        }
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
