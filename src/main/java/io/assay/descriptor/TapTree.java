package io.assay.descriptor;

import java.util.List;

/** A BIP 386 tree expression: a tapscript leaf or a pair {@code {A,B}}; its hash is the BIP 341 Merkle node. */
sealed interface TapTree {
    byte[] hash(int index, int path);

    void collectKeys(List<KeyExpr> out);

    record Leaf(ScriptExpr script) implements TapTree {
        @Override
        public byte[] hash(int index, int path) {
            return Taproot.leafHash(Taproot.TAPSCRIPT_LEAF_VERSION, script.script(index, path));
        }

        @Override
        public void collectKeys(List<KeyExpr> out) {
            out.addAll(script.keys());
        }
    }

    record Branch(TapTree left, TapTree right) implements TapTree {
        @Override
        public byte[] hash(int index, int path) {
            return Taproot.branchHash(left.hash(index, path), right.hash(index, path));
        }

        @Override
        public void collectKeys(List<KeyExpr> out) {
            left.collectKeys(out);
            right.collectKeys(out);
        }
    }
}
