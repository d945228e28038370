package io.assay.descriptor;

import org.bitcoinj.base.BitcoinNetwork;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Recursive-descent parser from descriptor text (checksum already removed) to a {@link ScriptExpr}.
 * Where each expression may appear follows BIP 381-387; every error names the enclosing expressions and
 * the character where it was found.
 */
final class DescriptorParser {
    /** Where an expression sits; decides which expressions and keys it may hold. */
    private enum Ctx { TOP, P2SH, P2WSH, TAPSCRIPT }

    private static final int MAX_MULTI_KEYS = 20;
    private static final int MAX_BARE_MULTI_KEYS = 3;
    private static final int MAX_MULTI_A_KEYS = 999;
    private static final int MAX_P2SH_SCRIPT = 520;
    private static final int MAX_TAPTREE_DEPTH = 128;

    private final String s;
    private final BitcoinNetwork network;
    private final Deque<String> stack = new ArrayDeque<>();
    private int pos;

    private DescriptorParser(String s, BitcoinNetwork network) {
        this.s = s;
        this.network = network;
    }

    static ScriptExpr parse(String body, BitcoinNetwork network) {
        DescriptorParser p = new DescriptorParser(body, network);
        ScriptExpr e = p.script(Ctx.TOP);
        if (p.pos != body.length()) {
            throw p.fail("unexpected '" + abbreviate(body.substring(p.pos)) + "' after the end of the descriptor");
        }
        return e;
    }

    private ScriptExpr script(Ctx ctx) {
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        String name = s.substring(start, pos);
        if (pos >= s.length() || s.charAt(pos) != '(' || name.isEmpty()) {
            pos = start;
            String found = abbreviate(s.substring(start, until(start, ",)}")));
            throw fail(ctx == Ctx.TOP && stack.isEmpty()
                    ? "expected a script expression such as wpkh(...), found '" + found + "'"
                    : "expected a script expression, found '" + found + "'"
                    + (looksLikeKey(found) ? " (a key must be wrapped, e.g. pk(KEY) or wpkh(KEY))" : ""));
        }
        allowed(name, ctx, start);
        pos++; // '('
        stack.push(name);
        ScriptExpr e = switch (name) {
            case "pk" -> new ScriptExpr.Pk(key(ctx), ctx == Ctx.TAPSCRIPT);
            case "pkh" -> new ScriptExpr.Pkh(key(ctx), ctx == Ctx.TAPSCRIPT);
            case "wpkh" -> new ScriptExpr.Wpkh(key(Ctx.P2WSH)); // segwit key rules: compressed only
            case "combo" -> new ScriptExpr.Combo(key(ctx));
            case "sh" -> sh();
            case "wsh" -> new ScriptExpr.Wsh(script(Ctx.P2WSH));
            case "multi", "sortedmulti" -> multi(ctx, name.equals("sortedmulti"));
            case "multi_a", "sortedmulti_a" -> multiA(name.equals("sortedmulti_a"));
            case "tr" -> tr();
            case "raw" -> raw();
            case "addr" -> addr();
            default -> throw new IllegalStateException(name); // allowed() rejects unknown names
        };
        expect(')');
        stack.pop();
        return e;
    }

    /** Rejects an expression in a place BIP 381-387 does not allow it. */
    private void allowed(String name, Ctx ctx, int at) {
        String where = switch (ctx) {
            case TOP -> "at top level";
            case P2SH -> "inside sh()";
            case P2WSH -> "inside wsh()";
            case TAPSCRIPT -> "inside tr()";
        };
        boolean ok = switch (name) {
            case "pk" -> true;
            case "pkh" -> true;
            case "wpkh", "wsh" -> ctx == Ctx.TOP || ctx == Ctx.P2SH;
            case "multi", "sortedmulti" -> ctx != Ctx.TAPSCRIPT;
            case "multi_a", "sortedmulti_a" -> ctx == Ctx.TAPSCRIPT;
            case "sh", "tr", "combo", "raw", "addr" -> ctx == Ctx.TOP;
            default -> {
                pos = at;
                throw fail(unknown(name));
            }
        };
        if (!ok) {
            pos = at;
            String hint = switch (name) {
                case "multi", "sortedmulti" -> " (use multi_a()/sortedmulti_a() in tapscript)";
                case "multi_a", "sortedmulti_a" -> " (they are tapscript-only: tr(KEY," + name + "(...)))";
                case "sh", "tr", "combo", "raw", "addr" -> " (" + name + "() is top-level only)";
                default -> "";
            };
            throw fail(name + "() is not allowed " + where + hint);
        }
    }

    private static String unknown(String name) {
        return switch (name) {
            case "musig" -> "musig() (BIP 390) is not supported";
            case "rawtr", "rawnode", "rawleaf" -> name + "() is not supported";
            case "and_v", "and_b", "andor", "or_b", "or_c", "or_d", "or_i", "thresh", "older", "after", "sha256",
                 "hash256", "ripemd160", "hash160", "pk_k", "pk_h" -> "miniscript " + name
                    + "() is not supported (supported: pk, pkh, multi, sortedmulti, multi_a, sortedmulti_a, wpkh, sh, wsh, tr, combo, raw, addr)";
            default -> "unknown expression " + name + "()";
        };
    }

    private ScriptExpr sh() {
        ScriptExpr inner = script(Ctx.P2SH);
        int size = inner.script(0, 0).length;
        if (size > MAX_P2SH_SCRIPT) {
            throw fail("the redeemScript is " + size + " bytes, more than the " + MAX_P2SH_SCRIPT
                    + " a P2SH input can push (at most 15 compressed keys in sh(multi))");
        }
        return new ScriptExpr.Sh(inner);
    }

    private ScriptExpr multi(Ctx ctx, boolean sorted) {
        int thresholdAt = pos;
        int threshold = threshold();
        List<KeyExpr> keys = new ArrayList<>();
        while (peek(',')) {
            pos++;
            keys.add(key(ctx));
        }
        checkThreshold(threshold, keys.size(), thresholdAt);
        int max = ctx == Ctx.TOP ? MAX_BARE_MULTI_KEYS : MAX_MULTI_KEYS;
        if (keys.size() > max) {
            throw fail(keys.size() + " keys, but at most " + max + " are allowed"
                    + (ctx == Ctx.TOP ? " in bare multisig (wrap it in sh() or wsh())" : ""));
        }
        return new ScriptExpr.Multi(threshold, List.copyOf(keys), sorted);
    }

    private ScriptExpr multiA(boolean sorted) {
        int thresholdAt = pos;
        int threshold = threshold();
        List<KeyExpr> keys = new ArrayList<>();
        while (peek(',')) {
            pos++;
            keys.add(key(Ctx.TAPSCRIPT));
        }
        checkThreshold(threshold, keys.size(), thresholdAt);
        if (keys.size() > MAX_MULTI_A_KEYS) {
            throw fail(keys.size() + " keys, but at most " + MAX_MULTI_A_KEYS + " are allowed");
        }
        return new ScriptExpr.MultiA(threshold, List.copyOf(keys), sorted);
    }

    private int threshold() {
        int start = pos;
        int end = until(pos, ",)");
        String t = s.substring(start, end);
        if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw fail("threshold must be a number, found '" + abbreviate(t) + "'");
        }
        pos = end;
        return Integer.parseInt(t);
    }

    private void checkThreshold(int threshold, int keys, int at) {
        int end = pos;
        pos = at; // point messages at the threshold
        if (keys == 0) {
            throw fail("needs at least one key");
        }
        if (threshold < 1) {
            throw fail("threshold must be at least 1, found " + threshold);
        }
        if (threshold > keys) {
            throw fail("threshold " + threshold + " exceeds the " + keys + " key" + (keys == 1 ? "" : "s"));
        }
        pos = end;
    }

    private ScriptExpr tr() {
        KeyExpr internal = key(Ctx.TAPSCRIPT);
        TapTree tree = null;
        if (peek(',')) {
            pos++;
            tree = tree(0);
        }
        return new ScriptExpr.Tr(internal, tree);
    }

    private TapTree tree(int depth) {
        if (depth > MAX_TAPTREE_DEPTH) {
            throw fail("script tree deeper than " + MAX_TAPTREE_DEPTH + " levels");
        }
        if (peek('{')) {
            pos++;
            TapTree left = tree(depth + 1);
            expect(',');
            TapTree right = tree(depth + 1);
            expect('}');
            return new TapTree.Branch(left, right);
        }
        return new TapTree.Leaf(script(Ctx.TAPSCRIPT));
    }

    private ScriptExpr raw() {
        int end = until(pos, ")");
        String hex = s.substring(pos, end);
        if (hex.isEmpty() || hex.length() % 2 != 0 || !KeyParser.isHex(hex)) {
            throw fail("expected the script as an even number of hex digits, found '" + abbreviate(hex) + "'");
        }
        pos = end;
        return new ScriptExpr.Fixed(HexFormat.of().parseHex(hex));
    }

    private ScriptExpr addr() {
        int end = until(pos, ")");
        String address = s.substring(pos, end);
        try {
            byte[] script = AddressScripts.scriptPubKey(address, network);
            pos = end;
            return new ScriptExpr.Fixed(script);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    /** A key expression; its text runs to the next ',', ')' or '}'. Context decides which keys are allowed. */
    private KeyExpr key(Ctx ctx) {
        int start = pos;
        int end = until(pos, ",)}(");
        if (end < s.length() && s.charAt(end) == '(') {
            String name = s.substring(start, end);
            throw fail("expected a key, found the script expression " + name + "(...); " + stack.peek()
                    + "() takes a key here");
        }
        String text = s.substring(start, end);
        KeyExpr key;
        try {
            key = KeyParser.parse(text, network, ctx == Ctx.TAPSCRIPT);
        } catch (DescriptorException e) {
            throw fail(e.getMessage(), e);
        }
        if (key.isUncompressed() && (ctx == Ctx.P2WSH || ctx == Ctx.TAPSCRIPT)) {
            throw fail("uncompressed key '" + abbreviate(text) + "' is not allowed "
                    + (ctx == Ctx.TAPSCRIPT ? "in tr()" : "in segwit scripts") + " (give the compressed 02/03 form)");
        }
        pos = end;
        return key;
    }

    private int until(int from, String stops) {
        int i = from;
        while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw fail(pos >= s.length()
                    ? "expected '" + c + "' but the descriptor ends"
                    : "expected '" + c + "' but found '" + s.charAt(pos) + "'");
        }
        pos++;
    }

    private DescriptorException fail(String problem) {
        return fail(problem, null);
    }

    private DescriptorException fail(String problem, Throwable cause) {
        StringBuilder where = new StringBuilder();
        Iterator<String> outerFirst = stack.descendingIterator();
        int depth = 0;
        while (outerFirst.hasNext()) {
            where.append(outerFirst.next()).append('(');
            depth++;
        }
        String message = (depth == 0 ? "" : where + "..." + ")".repeat(depth) + ": ") + problem
                + " (at character " + (pos + 1) + ")";
        return cause == null ? new DescriptorException(message) : new DescriptorException(message, cause);
    }

    private static boolean looksLikeKey(String token) {
        return token.startsWith("xpub") || token.startsWith("tpub") || token.startsWith("[")
                || (KeyParser.isHex(token) && token.length() >= 64);
    }

    private static String abbreviate(String t) {
        return ExtendedKeys.abbreviate(t);
    }
}
