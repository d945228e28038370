package io.assay.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed script expression and the script template it fills (BIP 381-387). {@link #script} is the
 * script the expression stands for at a child index and multipath alternative: the scriptPubKey at top
 * level, the redeemScript inside {@code sh()}, the witnessScript inside {@code wsh()}, the leaf script
 * inside {@code tr()}.
 */
sealed interface ScriptExpr {
    byte[] script(int index, int path);

    /** The output scripts at top level: one, except for {@code combo()}. */
    default List<byte[]> outputs(int index, int path) {
        return List.of(script(index, path));
    }

    /** Every key expression below this one, in order. */
    List<KeyExpr> keys();

    /** {@code pk(KEY)}: {@code <KEY> OP_CHECKSIG}; in tapscript the key is x-only. */
    record Pk(KeyExpr key, boolean tapscript) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            byte[] k = tapscript ? key.xOnly(index, path) : key.pubKey(index, path);
            return new ScriptWriter(k.length + 2).push(k).op(ScriptWriter.OP_CHECKSIG).toByteArray();
        }

        @Override
        public List<KeyExpr> keys() {
            return List.of(key);
        }
    }

    /** {@code pkh(KEY)}: {@code OP_DUP OP_HASH160 <HASH160(KEY)> OP_EQUALVERIFY OP_CHECKSIG}; x-only key in tapscript. */
    record Pkh(KeyExpr key, boolean tapscript) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            byte[] k = tapscript ? key.xOnly(index, path) : key.pubKey(index, path);
            return p2pkh(Hashes.hash160(k));
        }

        @Override
        public List<KeyExpr> keys() {
            return List.of(key);
        }
    }

    /** {@code wpkh(KEY)}: {@code OP_0 <HASH160(KEY)>}. */
    record Wpkh(KeyExpr key) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            return witnessV0(Hashes.hash160(key.pubKey(index, path)));
        }

        @Override
        public List<KeyExpr> keys() {
            return List.of(key);
        }
    }

    /** {@code sh(SCRIPT)}: {@code OP_HASH160 <HASH160(redeemScript)> OP_EQUAL}. */
    record Sh(ScriptExpr inner) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            return p2sh(Hashes.hash160(inner.script(index, path)));
        }

        @Override
        public List<KeyExpr> keys() {
            return inner.keys();
        }
    }

    /** {@code wsh(SCRIPT)}: {@code OP_0 <SHA256(witnessScript)>}. */
    record Wsh(ScriptExpr inner) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            return witnessV0(Hashes.sha256(inner.script(index, path)));
        }

        @Override
        public List<KeyExpr> keys() {
            return inner.keys();
        }
    }

    /** {@code multi(k,KEY,...)} / {@code sortedmulti(...)}: {@code k <KEY>... n OP_CHECKMULTISIG}. */
    record Multi(int threshold, List<KeyExpr> keys, boolean sorted) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            byte[][] k = new byte[keys.size()][];
            for (int i = 0; i < k.length; i++) {
                k[i] = keys.get(i).pubKey(index, path);
            }
            if (sorted) {
                Arrays.sort(k, Arrays::compareUnsigned);
            }
            ScriptWriter w = new ScriptWriter(3 + 34 * k.length).number(threshold);
            for (byte[] key : k) {
                w.push(key);
            }
            return w.number(k.length).op(ScriptWriter.OP_CHECKMULTISIG).toByteArray();
        }
    }

    /**
     * {@code multi_a(k,KEY,...)} / {@code sortedmulti_a(...)} (BIP 387, tapscript only):
     * {@code <KEY1> OP_CHECKSIG <KEY2> OP_CHECKSIGADD ... k OP_NUMEQUAL} with x-only keys.
     */
    record MultiA(int threshold, List<KeyExpr> keys, boolean sorted) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            byte[][] k = new byte[keys.size()][];
            for (int i = 0; i < k.length; i++) {
                k[i] = keys.get(i).xOnly(index, path);
            }
            if (sorted) {
                Arrays.sort(k, Arrays::compareUnsigned);
            }
            ScriptWriter w = new ScriptWriter(34 * k.length + 4);
            for (int i = 0; i < k.length; i++) {
                w.push(k[i]).op(i == 0 ? ScriptWriter.OP_CHECKSIG : ScriptWriter.OP_CHECKSIGADD);
            }
            return w.number(threshold).op(ScriptWriter.OP_NUMEQUAL).toByteArray();
        }
    }

    /** {@code tr(KEY)} or {@code tr(KEY,TREE)}: {@code OP_1 <output key>} after the BIP 341 tweak. */
    record Tr(KeyExpr internalKey, TapTree tree) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            byte[] root = tree == null ? null : tree.hash(index, path);
            return Taproot.outputScript(Taproot.outputKey(internalKey.xOnly(index, path), root));
        }

        @Override
        public List<KeyExpr> keys() {
            List<KeyExpr> out = new ArrayList<>();
            out.add(internalKey);
            if (tree != null) {
                tree.collectKeys(out);
            }
            return out;
        }
    }

    /** {@code combo(KEY)} (BIP 384): P2PK and P2PKH, plus P2WPKH and P2SH-P2WPKH when the key is compressed. */
    record Combo(KeyExpr key) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            throw new IllegalStateException("combo() stands for several scripts; use outputs()");
        }

        @Override
        public List<byte[]> outputs(int index, int path) {
            byte[] pub = key.pubKey(index, path);
            byte[] hash = Hashes.hash160(pub);
            byte[] p2pk = new ScriptWriter(pub.length + 2).push(pub).op(ScriptWriter.OP_CHECKSIG).toByteArray();
            if (pub.length == 65) {
                return List.of(p2pk, p2pkh(hash));
            }
            byte[] p2wpkh = witnessV0(hash);
            return List.of(p2pk, p2pkh(hash), p2wpkh, p2sh(Hashes.hash160(p2wpkh)));
        }

        @Override
        public List<KeyExpr> keys() {
            return List.of(key);
        }
    }

    /** {@code raw(HEX)} and {@code addr(ADDR)}: a fixed script. */
    record Fixed(byte[] bytes) implements ScriptExpr {
        @Override
        public byte[] script(int index, int path) {
            return bytes.clone();
        }

        @Override
        public List<KeyExpr> keys() {
            return List.of();
        }
    }

    private static byte[] p2pkh(byte[] hash160) {
        return new ScriptWriter(25).op(ScriptWriter.OP_DUP).op(ScriptWriter.OP_HASH160).push(hash160)
                .op(ScriptWriter.OP_EQUALVERIFY).op(ScriptWriter.OP_CHECKSIG).toByteArray();
    }

    private static byte[] p2sh(byte[] hash160) {
        return new ScriptWriter(23).op(ScriptWriter.OP_HASH160).push(hash160).op(ScriptWriter.OP_EQUAL).toByteArray();
    }

    private static byte[] witnessV0(byte[] program) {
        return new ScriptWriter(program.length + 2).op(ScriptWriter.OP_0).push(program).toByteArray();
    }
}
