package io.assay.liabilities;

import java.math.BigInteger;
import java.util.List;

/**
 * One user's inclusion proof (format {@value Scheme#FORMAT}): the publication, the user's id and secret (from which
 * every leaf salt is derived), the user's balance per asset, the user's leaves (all in one window of the tree, in
 * both of its halves) with their parts of the balance, the siblings inside the window that the leaves do not
 * themselves give ({@code windowPath}, level by level, left to right) and the siblings from the window's root up
 * to the tree's root ({@code path}).
 */
public record InclusionProof(Publication publication, String user, byte[] userSecret, List<BigInteger> balances,
                             List<Leaf> leaves, List<Sibling> windowPath, List<Sibling> path) {
    public InclusionProof {
        balances = List.copyOf(balances);
        leaves = List.copyOf(leaves);
        windowPath = List.copyOf(windowPath);
        path = List.copyOf(path);
        userSecret = userSecret.clone();
    }

    @Override
    public byte[] userSecret() {
        return userSecret.clone();
    }

    /** A leaf at {@code index} (0 = leftmost) with its part of the balances; the k-th leaf is salted with rank k. */
    public record Leaf(long index, List<BigInteger> balances) {
        public Leaf {
            balances = List.copyOf(balances);
        }
    }

    /** A sibling node: its hash and its per-asset sums (both hashed into the parent). */
    public record Sibling(byte[] hash, List<BigInteger> sums) {
        public Sibling {
            hash = hash.clone();
            sums = List.copyOf(sums);
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        /** The proof's text of this sibling ({@link Scheme#encodeSibling}). */
        public String encoded() {
            return Scheme.encodeSibling(hash, sums);
        }
    }
}
