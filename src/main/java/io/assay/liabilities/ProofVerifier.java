package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an inclusion proof (its JSON, format {@value Scheme#FORMAT}) without trusting the custodian: recomputes
 * each of the user's leaves from the user's secret and balance parts, requires them distinct, in one window and in
 * both of its halves, climbs inside the window (the leaves' own nodes and the listed siblings, level by level) and
 * then to the root, hashing both children's hashes and sums at every level (sums unsigned 128-bit, added with an
 * overflow check), and requires the root and its sums to equal the publication's root and totals, the parts to
 * add up to the user's balances, and (when given) the root to equal the one the custodian published.
 * The same algorithm runs in the browser ({@code liabilities-verify.js}); both pass the same vectors.
 */
public final class ProofVerifier {
    /** The outcome: valid, the reasons when not, and what the user should compare with their statement. */
    public record Result(boolean valid, List<String> reasons, String user, String publicationId, String root,
                         List<String> assets, List<BigInteger> balances, List<BigInteger> totals) {
    }

    private ProofVerifier() {
    }

    /**
     * Verifies a proof in its binary form ({@link ProofBinary}): decoded strictly, then verified exactly as its JSON.
     * Bytes that are not a binary proof give an invalid result with the decoder's reason.
     */
    public static Result verifyBinary(byte[] proof, Optional<byte[]> expectedRoot) {
        JsonNode json;
        try {
            json = ProofBinary.toJson(proof);
        } catch (IllegalArgumentException e) {
            return new Result(false, List.of("binary proof: " + e.getMessage()), null, null, null, List.of(), List.of(),
                    List.of());
        }
        return verify(json, expectedRoot);
    }

    /** Verifies {@code proof}; {@code expectedRoot}: the root the custodian published, if the caller has it. */
    public static Result verify(JsonNode proof, Optional<byte[]> expectedRoot) {
        List<String> reasons = new ArrayList<>();
        Shape s = new Shape(reasons);
        String user = null;
        String pubId = null;
        String rootHex = null;
        List<String> assets = List.of();
        List<BigInteger> balances = List.of();
        List<BigInteger> totals = List.of();
        try {
            s.require(proof.isObject(), "the proof is not a JSON object");
            String format = proof.path("format").asText(null);
            s.require(!Scheme.FORMAT_1.equals(format), "format '" + Scheme.FORMAT_1 + "' (one path per leaf) is no longer"
                    + " verified: ask the custodian for the '" + Scheme.FORMAT + "' proof");
            s.require(Scheme.FORMAT.equals(format), "format must be '" + Scheme.FORMAT + "'");
            JsonNode pub = s.object(proof, "publication");
            pubId = Scheme.checkPublicationId(text(pub, "id"));
            assets = s.strings(pub, "assets");
            s.require(!assets.isEmpty() && new HashSet<>(assets).size() == assets.size(),
                    "publication.assets must be a non-empty list of distinct asset ids");
            int a = assets.size();
            rootHex = text(pub, "root");
            byte[] root = Hex32.decode(rootHex, Scheme.HASH, "publication.root");
            totals = s.amounts(pub, "totals", a, "publication.totals");
            JsonNode leavesNode = pub.get("leaves");
            s.require(leavesNode != null && leavesNode.canConvertToLong() && leavesNode.isIntegralNumber(),
                    "publication.leaves must be an integer");
            long size = leavesNode.asLong();
            s.require(size >= 4 && Long.bitCount(size) == 1 && size <= (1L << SumTree.MAX_DEPTH),
                    "publication.leaves must be a power of two between 4 and 2^" + SumTree.MAX_DEPTH + " (found " + size + ")");
            int depth = Long.numberOfTrailingZeros(size);
            JsonNode windowNode = pub.get("window");
            s.require(windowNode != null && windowNode.isIntegralNumber() && windowNode.canConvertToLong()
                            && windowNode.asLong() >= 4 && windowNode.asLong() <= size && Long.bitCount(windowNode.asLong()) == 1,
                    "publication.window must be a power of two between 4 and publication.leaves");
            long window = windowNode.asLong();
            int k = Long.numberOfTrailingZeros(window);
            user = text(proof, "user");
            byte[] userId = Scheme.checkUserId(user);
            byte[] secret = Hex32.decode(text(proof, "userSecret"), 32, "userSecret");
            balances = s.amounts(proof, "balances", a, "balances");
            JsonNode leaves = proof.get("leaves");
            s.require(leaves != null && leaves.isArray(), "leaves must be an array");
            s.require(leaves.size() >= 2, "a balance is split across at least 2 leaves (the proof has " + leaves.size() + ")");
            s.require(leaves.size() <= SumTree.MAX_PARTS, "at most " + SumTree.MAX_PARTS + " leaves (the proof has " + leaves.size() + ")");
            JsonNode windowPath = proof.get("windowPath");
            s.require(windowPath != null && windowPath.isArray(), "windowPath must be an array");
            JsonNode path = proof.get("path");
            s.require(path != null && path.isArray(), "path must be an array");
            if (expectedRoot.isPresent() && !Arrays.equals(expectedRoot.get(), root)) {
                reasons.add("the proof's root " + rootHex + " is not the published root " + Hex32.encode(expectedRoot.get()));
            }
            // the leaves: indices, parts, hashes
            int n = leaves.size();
            long[] index = new long[n];
            byte[][] rec = new byte[n][];
            BigInteger[] sumOfParts = new BigInteger[a];
            Arrays.fill(sumOfParts, BigInteger.ZERO);
            Set<Long> seen = new HashSet<>();
            for (int j = 0; j < n; j++) {
                String where = "leaves[" + j + "]";
                JsonNode leaf = leaves.get(j);
                s.require(leaf.isObject(), where + " must be an object");
                JsonNode idx = leaf.get("index");
                s.require(idx != null && idx.isIntegralNumber() && idx.canConvertToLong()
                        && idx.asLong() >= 0 && idx.asLong() < size, where + ".index must be an integer in [0, " + size + ")");
                index[j] = idx.asLong();
                s.require(seen.add(index[j]), where + ": leaf " + index[j] + " is used twice in this proof (a duplicated leaf)");
                s.require(index[j] / window == index[0] / window, where + ": leaf " + index[j] + " is not in the window of leaf "
                        + index[0] + " (leaves " + (index[0] / window * window) + " to " + (index[0] / window * window + window - 1)
                        + "): a balance's leaves share one window");
                List<BigInteger> part = s.amounts(leaf, "balances", a, where + ".balances");
                for (int i = 0; i < a; i++) {
                    sumOfParts[i] = sumOfParts[i].add(part.get(i));
                }
                rec[j] = new byte[Scheme.HASH + a * Amount128.WIDTH];
                for (int i = 0; i < a; i++) {
                    Amount128.write(rec[j], Scheme.HASH + i * Amount128.WIDTH, part.get(i));
                }
                byte[] h = Scheme.leaf(Scheme.leafSalt(secret, pubId, j), userId, rec[j], Scheme.HASH, a);
                System.arraycopy(h, 0, rec[j], 0, Scheme.HASH);
            }
            long win = index[0] / window;
            long half = window / 2;
            boolean left = false;
            boolean right = false;
            long[] rel = new long[n];
            for (int j = 0; j < n; j++) {
                rel[j] = index[j] - win * window;
                left |= rel[j] < half;
                right |= rel[j] >= half;
            }
            s.require(left && right, "the leaves are all in one half of their window (leaves " + (win * window) + " to "
                    + (win * window + window - 1) + "): a balance's leaves lie in both halves");
            List<long[]> needs = SumTree.windowNeeds(rel, k);
            s.require(windowPath.size() == needs.size(), "windowPath must have " + needs.size()
                    + " siblings for these leaves (found " + windowPath.size() + ")");
            s.require(path.size() == depth - k, "path must have " + (depth - k) + " siblings (log2 of " + size
                    + " leaves minus log2 of the window's " + window + ") (found " + path.size() + ")");
            // climb inside the window: level by level, the order the siblings are listed in
            java.util.TreeMap<Long, byte[]> known = new java.util.TreeMap<>();
            for (int j = 0; j < n; j++) {
                known.put(rel[j], rec[j]);
            }
            int used = 0;
            String failure = null;
            for (int l = 0; l < k && failure == null; l++) {
                java.util.TreeMap<Long, byte[]> next = new java.util.TreeMap<>();
                for (Long pos : new ArrayList<>(known.keySet())) {
                    if (next.containsKey(pos >>> 1)) {
                        continue;
                    }
                    byte[] mine = known.get(pos);
                    byte[] other = known.get(pos ^ 1);
                    String sw = null;
                    if (other == null) {
                        sw = "windowPath[" + used + "]";
                        other = Scheme.decodeSibling(text(windowPath, used, sw), assets, sw);
                        used++;
                    }
                    byte[] parent = new byte[mine.length];
                    byte[] lo = (pos & 1) == 0 ? mine : other;
                    byte[] hi = (pos & 1) == 0 ? other : mine;
                    failure = combine(lo, hi, parent, assets, sw == null ? "window level " + l : sw);
                    next.put(pos >>> 1, parent);
                    if (failure != null) {
                        break;
                    }
                }
                known = next;
            }
            byte[] node = failure == null ? known.firstEntry().getValue() : null;
            long pos = win;
            for (int l = 0; l < depth - k && failure == null; l++) {
                String sw = "path[" + l + "]";
                byte[] sib = Scheme.decodeSibling(text(path, l, sw), assets, sw);
                byte[] parent = new byte[node.length];
                failure = (pos & 1) == 0 ? combine(node, sib, parent, assets, sw) : combine(sib, node, parent, assets, sw);
                node = parent;
                pos >>>= 1;
            }
            if (failure != null) {
                reasons.add(failure);
            } else if (!Arrays.equals(Arrays.copyOf(node, Scheme.HASH), root)) {
                reasons.add("the path does not lead to the root (computed " + Hex32.encode(Arrays.copyOf(node, Scheme.HASH)) + ")");
            } else {
                for (int i = 0; i < a; i++) {
                    BigInteger got = Amount128.read(node, Scheme.HASH + i * Amount128.WIDTH);
                    if (!got.equals(totals.get(i))) {
                        reasons.add("the root sum of " + assets.get(i) + " is " + got + ", not the published total " + totals.get(i));
                    }
                }
            }
            for (int i = 0; i < a; i++) {
                if (!sumOfParts[i].equals(balances.get(i))) {
                    reasons.add("the leaves hold " + sumOfParts[i] + " " + assets.get(i) + ", not the balance "
                            + balances.get(i));
                }
            }
        } catch (IllegalArgumentException e) {
            reasons.add(e.getMessage());
        }
        return new Result(reasons.isEmpty(), List.copyOf(reasons), user, pubId, rootHex, assets, balances, totals);
    }

    /** The parent of two records (sums added with an overflow check, then hashed); a reason on overflow, else null. */
    private static String combine(byte[] left, byte[] right, byte[] parent, List<String> assets, String where) {
        for (int i = 0; i < assets.size(); i++) {
            int o = Scheme.HASH + i * Amount128.WIDTH;
            if (!Amount128.add(left, o, right, o, parent, o)) {
                return where + ": the sum of " + assets.get(i) + " reaches 2^128 (overflow)";
            }
        }
        Scheme.node(left, 0, right, 0, assets.size(), parent, 0);
        return null;
    }

    private static String text(JsonNode array, int i, String where) {
        JsonNode v = array.get(i);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + " must be a string (base64url)");
        }
        return v.asText();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    /** Shape checks that stop the verification with one reason. */
    private record Shape(List<String> reasons) {
        void require(boolean ok, String reason) {
            if (!ok) {
                throw new IllegalArgumentException(reason);
            }
        }

        JsonNode object(JsonNode n, String field) {
            JsonNode v = n.get(field);
            require(v != null && v.isObject(), "'" + field + "' must be an object");
            return v;
        }

        List<String> strings(JsonNode n, String field) {
            JsonNode v = n.get(field);
            require(v != null && v.isArray(), "'" + field + "' must be an array of strings");
            List<String> out = new ArrayList<>();
            v.forEach(x -> {
                require(x.isTextual(), "'" + field + "' must be an array of strings");
                out.add(x.asText());
            });
            return out;
        }

        List<BigInteger> amounts(JsonNode n, String field, int count, String where) {
            JsonNode v = n.get(field);
            require(v != null && v.isArray() && v.size() == count,
                    where + " must be an array of " + count + " amounts (one per asset)");
            List<BigInteger> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                JsonNode x = v.get(i);
                require(x.isTextual(), where + "[" + i + "] must be a decimal string");
                try {
                    out.add(Amount128.parse(x.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "[" + i + "]: " + e.getMessage());
                }
            }
            return out;
        }
    }
}
