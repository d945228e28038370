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
 * Verifies an inclusion proof (its JSON, as published) without trusting the custodian: recomputes each of the
 * user's leaves from the user's secret and balance parts, climbs to the root hashing both children's hashes and
 * sums at every level (sums checked non-negative, below 2^128, added with an overflow check), and requires the
 * root and its sums to equal the publication's root and totals, the parts to add up to the user's balances, at
 * least two distinct leaves, and (when given) the root to equal the one the custodian published.
 * The same algorithm runs in the browser ({@code liabilities-verify.js}); both pass the same vectors.
 */
public final class ProofVerifier {
    /** The outcome: valid, the reasons when not, and what the user should compare with their statement. */
    public record Result(boolean valid, List<String> reasons, String user, String publicationId, String root,
                         List<String> assets, List<BigInteger> balances, List<BigInteger> totals) {
    }

    private ProofVerifier() {
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
            s.require(Scheme.FORMAT.equals(proof.path("format").asText(null)), "format must be '" + Scheme.FORMAT + "'");
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
            s.require(size >= 2 && Long.bitCount(size) == 1 && size <= (1L << SumTree.MAX_DEPTH),
                    "publication.leaves must be a power of two between 2 and 2^" + SumTree.MAX_DEPTH + " (found " + size + ")");
            int depth = Long.numberOfTrailingZeros(size);
            user = text(proof, "user");
            byte[] userId = Scheme.checkUserId(user);
            byte[] secret = Hex32.decode(text(proof, "userSecret"), 32, "userSecret");
            balances = s.amounts(proof, "balances", a, "balances");
            JsonNode leaves = proof.get("leaves");
            s.require(leaves != null && leaves.isArray(), "leaves must be an array");
            s.require(leaves.size() >= 2, "a balance is split across at least 2 leaves (the proof has " + leaves.size() + ")");
            if (expectedRoot.isPresent() && !Arrays.equals(expectedRoot.get(), root)) {
                reasons.add("the proof's root " + rootHex + " is not the published root " + Hex32.encode(expectedRoot.get()));
            }
            BigInteger[] sumOfParts = new BigInteger[a];
            Arrays.fill(sumOfParts, BigInteger.ZERO);
            Set<Long> seen = new HashSet<>();
            for (int k = 0; k < leaves.size(); k++) {
                String where = "leaves[" + k + "]";
                JsonNode leaf = leaves.get(k);
                s.require(leaf.isObject(), where + " must be an object");
                JsonNode idx = leaf.get("index");
                s.require(idx != null && idx.isIntegralNumber() && idx.canConvertToLong()
                        && idx.asLong() >= 0 && idx.asLong() < size, where + ".index must be an integer in [0, " + size + ")");
                long index = idx.asLong();
                if (!seen.add(index)) {
                    reasons.add(where + ": leaf " + index + " is used twice in this proof (a duplicated leaf)");
                    continue;
                }
                List<BigInteger> part = s.amounts(leaf, "balances", a, where + ".balances");
                JsonNode path = leaf.get("path");
                s.require(path != null && path.isArray() && path.size() == depth,
                        where + ".path must have " + depth + " siblings (log2 of " + size + " leaves)");
                for (int i = 0; i < a; i++) {
                    sumOfParts[i] = sumOfParts[i].add(part.get(i));
                }
                byte[] rec = new byte[Scheme.HASH + a * Amount128.WIDTH];
                byte[] sib = new byte[rec.length];
                byte[] parent = new byte[rec.length];
                for (int i = 0; i < a; i++) {
                    Amount128.write(rec, Scheme.HASH + i * Amount128.WIDTH, part.get(i));
                }
                byte[] h = Scheme.leaf(Scheme.leafSalt(secret, pubId, k), userId, rec, Scheme.HASH, a);
                System.arraycopy(h, 0, rec, 0, Scheme.HASH);
                long pos = index;
                String failure = null;
                for (int l = 0; l < depth && failure == null; l++) {
                    JsonNode sn = path.get(l);
                    String sw = where + ".path[" + l + "]";
                    s.require(sn.isObject(), sw + " must be an object");
                    System.arraycopy(Hex32.decode(text(sn, "hash"), Scheme.HASH, sw + ".hash"), 0, sib, 0, Scheme.HASH);
                    List<BigInteger> sums = s.amounts(sn, "sums", a, sw + ".sums");
                    for (int i = 0; i < a; i++) {
                        Amount128.write(sib, Scheme.HASH + i * Amount128.WIDTH, sums.get(i));
                    }
                    boolean right = (pos & 1) == 1;
                    byte[] left = right ? sib : rec;
                    byte[] rgt = right ? rec : sib;
                    for (int i = 0; i < a; i++) {
                        int o = Scheme.HASH + i * Amount128.WIDTH;
                        if (!Amount128.add(left, o, rgt, o, parent, o)) {
                            failure = sw + ": the sum of " + assets.get(i) + " reaches 2^128 (overflow)";
                        }
                    }
                    Scheme.node(left, 0, rgt, 0, a, parent, 0);
                    byte[] t = rec;
                    rec = parent;
                    parent = t;
                    pos >>>= 1;
                }
                if (failure != null) {
                    reasons.add(failure);
                    continue;
                }
                if (!Arrays.equals(Arrays.copyOf(rec, Scheme.HASH), root)) {
                    reasons.add(where + ": the path does not lead to the root (computed "
                            + Hex32.encode(Arrays.copyOf(rec, Scheme.HASH)) + ")");
                    continue;
                }
                for (int i = 0; i < a; i++) {
                    BigInteger got = Amount128.read(rec, Scheme.HASH + i * Amount128.WIDTH);
                    if (!got.equals(totals.get(i))) {
                        reasons.add(where + ": the root sum of " + assets.get(i) + " is " + got
                                + ", not the published total " + totals.get(i));
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
