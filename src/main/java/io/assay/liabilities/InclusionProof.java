package io.assay.liabilities;

import java.math.BigInteger;
import java.util.List;

/**
 * One user's inclusion proof: the publication, the user's id and secret (from which every leaf salt is derived),
 * the user's balance per asset, and each leaf holding a part of it with its path to the root.
 */
public record InclusionProof(Publication publication, String user, byte[] userSecret, List<BigInteger> balances,
                             List<Leaf> leaves) {
    public InclusionProof {
        balances = List.copyOf(balances);
        leaves = List.copyOf(leaves);
        userSecret = userSecret.clone();
    }

    @Override
    public byte[] userSecret() {
        return userSecret.clone();
    }

    /** A leaf at {@code index} (0 = leftmost) with its part of the balances and its siblings from the bottom up. */
    public record Leaf(long index, List<BigInteger> balances, List<Sibling> path) {
        public Leaf {
            balances = List.copyOf(balances);
            path = List.copyOf(path);
        }
    }

    /** A sibling node on the path: its hash and its per-asset sums (both hashed into the parent). */
    public record Sibling(byte[] hash, List<BigInteger> sums) {
        public Sibling {
            hash = hash.clone();
            sums = List.copyOf(sums);
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }
    }
}
