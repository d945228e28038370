package io.assay.descriptor;

import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDDerivationException;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Parses one key expression (BIP 380, with BIP 389 multipath):
 * {@code [fingerprint/origin/path]KEY/step/.../<a;b>/.../*}. Steps after an extended key must be
 * unhardened: Assay holds no private keys, and a hardened child cannot be derived without one.
 * Errors are {@link DescriptorException}s with the bare problem; the caller adds where it happened.
 */
final class KeyParser {
    private static final int MAX_INDEX = 0x7fffffff;

    private KeyParser() {
    }

    /**
     * @param text   the key expression as written
     * @param xOnlyAllowed whether 64-hex x-only keys are allowed (inside {@code tr()})
     */
    static KeyExpr parse(String text, BitcoinNetwork network, boolean xOnlyAllowed) {
        if (text.isEmpty()) {
            throw new DescriptorException("missing key");
        }
        String rest = text;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new DescriptorException("key origin '[' is not closed with ']'");
            }
            origin(rest.substring(1, close));
            rest = rest.substring(close + 1);
            if (rest.startsWith("[") || rest.indexOf(']') >= 0) {
                throw new DescriptorException("a key has at most one key origin [...]");
            }
            if (rest.isEmpty()) {
                throw new DescriptorException("key origin [" + text.substring(1, close) + "] is not followed by a key");
            }
        } else if (rest.indexOf(']') >= 0) {
            throw new DescriptorException("key origin ends with ']' but does not start with '['");
        }
        int slash = rest.indexOf('/');
        String key = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (isHex(key) && (key.length() == 64 || key.length() == 66 || key.length() == 130)) {
            if (!path.isEmpty()) {
                throw new DescriptorException("derivation steps '" + path + "' follow a plain public key; only an extended key (xpub) can be derived");
            }
            return fixed(key, xOnlyAllowed);
        }
        if (isHex(key) && key.length() > 8) {
            throw new DescriptorException("hex public key '" + ExtendedKeys.abbreviate(key) + "' has " + key.length()
                    + " hex characters; expected 66 (compressed) or 130 (uncompressed)" + (xOnlyAllowed ? " or 64 (x-only)" : ""));
        }
        DeterministicKey base = ExtendedKeys.decodePublic(key, network);
        return extended(text, base, path);
    }

    private static KeyExpr fixed(String hex, boolean xOnlyAllowed) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        switch (hex.length()) {
            case 64 -> {
                if (!xOnlyAllowed) {
                    throw new DescriptorException("x-only key '" + ExtendedKeys.abbreviate(hex)
                            + "' (64 hex characters) is only valid inside tr(); give the 66-character compressed key");
                }
                byte[] sec = new byte[33];
                sec[0] = 0x02;
                System.arraycopy(bytes, 0, sec, 1, 32);
                if (!Taproot.isValidCompressed(sec)) {
                    throw new DescriptorException("x-only key '" + ExtendedKeys.abbreviate(hex) + "' is not a point on secp256k1");
                }
                return new KeyExpr.Fixed(hex, sec, true);
            }
            case 66 -> {
                if ((bytes[0] != 0x02 && bytes[0] != 0x03) || !Taproot.isValidCompressed(bytes)) {
                    throw new DescriptorException("public key '" + ExtendedKeys.abbreviate(hex)
                            + "' is invalid (a compressed key starts with 02 or 03 and lies on secp256k1)");
                }
                return new KeyExpr.Fixed(hex, bytes, false);
            }
            default -> {
                if (bytes[0] != 0x04 || !Taproot.isValidUncompressed(bytes)) {
                    throw new DescriptorException("public key '" + ExtendedKeys.abbreviate(hex)
                            + "' is invalid (an uncompressed key starts with 04 and lies on secp256k1)");
                }
                return new KeyExpr.Fixed(hex, bytes, false);
            }
        }
    }

    private static void origin(String origin) {
        int slash = origin.indexOf('/');
        String fingerprint = slash < 0 ? origin : origin.substring(0, slash);
        if (fingerprint.length() != 8 || !isHex(fingerprint)) {
            throw new DescriptorException("key origin fingerprint must be exactly 8 hex characters, found '" + fingerprint + "'");
        }
        if (slash < 0) {
            return;
        }
        for (String step : origin.substring(slash + 1).split("/", -1)) {
            if (step.startsWith("<")) {
                throw new DescriptorException("multipath step '" + step + "' is not allowed in a key origin");
            }
            if (step.startsWith("*")) {
                throw new DescriptorException("wildcard '*' is not allowed in a key origin");
            }
            index(step, true, "key origin");
        }
    }

    private static KeyExpr extended(String text, DeterministicKey base, String path) {
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        List<Integer> alternatives = null;
        boolean range = false;
        if (!path.isEmpty()) {
            String[] steps = path.substring(1).split("/", -1);
            for (int i = 0; i < steps.length; i++) {
                String step = steps[i];
                if (range) {
                    throw new DescriptorException("wildcard '*' must be the last derivation step");
                }
                if (step.startsWith("*")) {
                    if (step.length() > 1) {
                        if (step.equals("*h") || step.equals("*'")) {
                            throw new DescriptorException("hardened wildcard '/" + step
                                    + "' needs the private key for every child; Assay watches public keys only (use /*)");
                        }
                        throw new DescriptorException("invalid wildcard step '/" + step + "'");
                    }
                    range = true;
                } else if (step.startsWith("<") || step.endsWith(">")) {
                    if (alternatives != null) {
                        throw new DescriptorException("a key has at most one multipath step <a;b;...>");
                    }
                    alternatives = multipath(step);
                } else {
                    int n = index(step, false, "derivation");
                    (alternatives == null ? before : after).add(n);
                }
            }
        }
        if (alternatives == null) {
            alternatives = List.of();
        }
        DeterministicKey prefix = derive(base, before, text);
        DeterministicKey[] parents;
        if (alternatives.isEmpty()) {
            parents = new DeterministicKey[]{prefix};
        } else {
            parents = new DeterministicKey[alternatives.size()];
            for (int p = 0; p < parents.length; p++) {
                DeterministicKey k = derive(prefix, List.of(alternatives.get(p)), text);
                parents[p] = derive(k, after, text);
            }
        }
        return new KeyExpr.Extended(text, parents, range);
    }

    private static List<Integer> multipath(String step) {
        if (!step.startsWith("<") || !step.endsWith(">") || step.length() < 2) {
            throw new DescriptorException("multipath step '" + step + "' must look like <0;1>");
        }
        String inner = step.substring(1, step.length() - 1);
        if (inner.isEmpty()) {
            throw new DescriptorException("multipath step '<>' is empty");
        }
        String[] parts = inner.split(";", -1);
        if (parts.length < 2) {
            throw new DescriptorException("multipath step '" + step + "' needs at least two indices, e.g. <0;1>");
        }
        List<Integer> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String part : parts) {
            int n = index(part, false, "multipath");
            if (!seen.add(n)) {
                throw new DescriptorException("multipath step '" + step + "' repeats index " + n);
            }
            out.add(n);
        }
        return out;
    }

    /**
     * One path element: a decimal index up to 2^31-1, optionally followed by {@code h} or {@code '}
     * (hardened) when {@code hardenedAllowed}. Returns the unhardened index.
     */
    private static int index(String step, boolean hardenedAllowed, String where) {
        if (step.isEmpty()) {
            throw new DescriptorException("empty " + where + " step (a '/' with nothing after it)");
        }
        boolean hardened = step.endsWith("h") || step.endsWith("'");
        String digits = hardened ? step.substring(0, step.length() - 1) : step;
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DescriptorException("invalid " + where + " step '" + step
                    + "' (expected a number, optionally followed by h or ' for hardened)");
        }
        long v = Long.parseLong(digits);
        if (v > MAX_INDEX) {
            throw new DescriptorException(where + " index " + digits + " is out of range (0 to 2147483647; add h for hardened)");
        }
        if (hardened && !hardenedAllowed) {
            throw new DescriptorException("hardened step '" + step + "' after an extended public key needs the private key; "
                    + "publish the xpub derived at the last hardened step (with a [fingerprint/path] origin) instead");
        }
        return (int) v;
    }

    private static DeterministicKey derive(DeterministicKey key, List<Integer> steps, String text) {
        DeterministicKey k = key;
        for (int n : steps) {
            try {
                k = HDKeyDerivation.deriveChildKey(k, new ChildNumber(n, false));
            } catch (HDDerivationException e) {
                throw new DescriptorException("step /" + n + " of " + ExtendedKeys.abbreviate(text)
                        + " has no valid BIP 32 child", e);
            }
        }
        return k;
    }

    static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
