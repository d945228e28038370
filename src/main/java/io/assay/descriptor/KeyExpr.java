package io.assay.descriptor;

import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDDerivationException;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.util.Arrays;

/**
 * A parsed key expression (BIP 380): a fixed public key, or an extended public key with its unhardened
 * derivation already applied up to the wildcard. Only public data is ever held.
 */
sealed interface KeyExpr {
    /** The key as written, for messages (public data only). */
    String text();

    /** Whether the key ends in {@code /*} and so yields one key per child index. */
    boolean isRange();

    /** Number of BIP 389 multipath alternatives ({@code /<0;1>}), 1 when there are none. */
    int pathCount();

    /** Whether the key is a 65-byte uncompressed key. */
    boolean isUncompressed();

    /** Whether the key was written as a 32-byte x-only key (valid only inside {@code tr()}). */
    boolean isXOnly();

    /**
     * The SEC1 public key (33 bytes compressed, or 65 uncompressed) at child {@code index} of multipath
     * alternative {@code path}. Non-ranged keys ignore {@code index}; keys without multipath ignore {@code path}.
     */
    byte[] pubKey(int index, int path);

    /** The 32-byte x-only form of {@link #pubKey}: its x coordinate (for x-only input, the key as given). */
    default byte[] xOnly(int index, int path) {
        return Arrays.copyOfRange(pubKey(index, path), 1, 33);
    }

    /** A fixed key: compressed, uncompressed, or x-only (stored as the compressed key with even y). */
    record Fixed(String text, byte[] sec, boolean isXOnly) implements KeyExpr {
        @Override
        public boolean isRange() {
            return false;
        }

        @Override
        public int pathCount() {
            return 1;
        }

        @Override
        public boolean isUncompressed() {
            return sec.length == 65;
        }

        @Override
        public byte[] pubKey(int index, int path) {
            return sec.clone();
        }
    }

    /**
     * An extended public key. {@code parents[p]} is the key reached by every step before the wildcard on
     * multipath alternative {@code p}; a ranged key derives child {@code index} of it on demand.
     */
    final class Extended implements KeyExpr {
        private final String text;
        private final DeterministicKey[] parents;
        private final byte[][] fixedKeys;
        private final boolean range;

        Extended(String text, DeterministicKey[] parents, boolean range) {
            this.text = text;
            this.parents = parents.clone();
            this.range = range;
            this.fixedKeys = new byte[parents.length][];
            if (!range) {
                for (int p = 0; p < parents.length; p++) {
                    fixedKeys[p] = parents[p].getPubKey();
                }
            }
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public boolean isRange() {
            return range;
        }

        @Override
        public int pathCount() {
            return parents.length;
        }

        @Override
        public boolean isUncompressed() {
            return false;
        }

        @Override
        public boolean isXOnly() {
            return false;
        }

        @Override
        public byte[] pubKey(int index, int path) {
            int p = parents.length == 1 ? 0 : path;
            if (!range) {
                return fixedKeys[p].clone();
            }
            if (index < 0) {
                throw new IllegalArgumentException("child index must be 0 to 2147483647, found " + index);
            }
            try {
                return HDKeyDerivation.deriveChildKey(parents[p], new ChildNumber(index, false)).getPubKey();
            } catch (HDDerivationException e) {
                // BIP 32: about 1 in 2^127 indices has no valid child; wallets skip it, and so does no output
                throw new DescriptorException(text + ": child " + index + " is not a valid BIP 32 key (skip it)", e);
            }
        }
    }
}
