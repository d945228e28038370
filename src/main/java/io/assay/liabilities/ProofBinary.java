package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The binary form of an {@code assay-liability-proof/2} proof (docs/liabilities.md, "Binary form"): the same content
 * as the JSON, field for field, so {@code toJson(fromJson(p))} equals {@code p} and the proof is verified by the same
 * rules ({@link ProofVerifier#verifyBinary}). Layout, in order:
 * <pre>
 * magic "ALP" 0x02
 * publication: id (len[1] + ASCII), assets (count[1], each len[1] + UTF-8), root[32], totals (amount per asset),
 *              leaves (varint), window (varint), asOf (len[1] + ASCII)
 * user (varint length + UTF-8), userSecret[32], balances (amount per asset)
 * leaves: count[1], each index (varint) and balances (amount per asset)
 * windowPath: count (varint), siblings; path: count (varint), siblings
 * amount  = len[1] + that many big-endian bytes, no leading zero byte (0 is len 0)
 * sibling = hash[32], then per asset len[1] + the sum's bytes: exactly the bytes of the JSON's base64url text
 * varint  = unsigned LEB128, minimal (no final 0x00 continuation byte), below 2^63
 * </pre>
 * Decoding is strict: a wrong magic, a truncated field, a non-minimal varint or amount, invalid UTF-8 and trailing
 * bytes are refused with an {@link IllegalArgumentException} saying what and at which byte offset. A sibling is only
 * framed here (its length bytes may say up to 255): whether its sums are minimal and below 2^128 is the verifier's
 * check, with the same reasons as for the JSON.
 */
public final class ProofBinary {
    /** The first bytes of every binary proof: "ALP" and the format's version. */
    public static final byte[] MAGIC = {'A', 'L', 'P', 2};
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProofBinary() {
    }

    /** Whether {@code b} starts with {@link #MAGIC} (a binary proof rather than JSON, which starts with a space or {). */
    public static boolean isBinary(byte[] b) {
        return b.length >= 3 && b[0] == 'A' && b[1] == 'L' && b[2] == 'P';
    }

    /** The binary form of an {@link InclusionProof}. */
    public static byte[] encode(InclusionProof p) {
        return fromJson(ProofJson.proof(p));
    }

    /**
     * The binary form of a JSON proof; {@link IllegalArgumentException} when the JSON has no binary form (not the
     * shape of a format-2 proof: another format, a missing or extra field, a negative or non-decimal amount, …).
     */
    public static byte[] fromJson(JsonNode p) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(2048);
        require(p.isObject() && p.size() == 8 && Scheme.FORMAT.equals(p.path("format").asText(null)),
                "not a '" + Scheme.FORMAT + "' proof of 8 fields");
        JsonNode pub = p.path("publication");
        require(pub.isObject() && pub.size() == 7, "publication: expected {id, assets, root, totals, leaves, window, asOf}");
        o.writeBytes(MAGIC);
        shortText(o, text(pub, "id"), "publication.id");
        JsonNode assets = pub.path("assets");
        require(assets.isArray() && assets.size() >= 1 && assets.size() <= 255, "publication.assets: 1 to 255 strings");
        int n = assets.size();
        o.write(n);
        for (JsonNode a : assets) {
            require(a.isTextual(), "publication.assets: strings");
            shortText(o, a.asText(), "publication.assets");
        }
        o.writeBytes(Hex32.decode(text(pub, "root"), Scheme.HASH, "publication.root"));
        amounts(o, pub.path("totals"), n, "publication.totals");
        varint(o, integer(pub, "leaves"));
        varint(o, integer(pub, "window"));
        shortText(o, text(pub, "asOf"), "publication.asOf");
        byte[] user = text(p, "user").getBytes(StandardCharsets.UTF_8);
        varint(o, user.length);
        o.writeBytes(user);
        o.writeBytes(Hex32.decode(text(p, "userSecret"), Scheme.HASH, "userSecret"));
        amounts(o, p.path("balances"), n, "balances");
        JsonNode leaves = p.path("leaves");
        require(leaves.isArray() && leaves.size() <= 255, "leaves: a list of at most 255");
        o.write(leaves.size());
        for (JsonNode l : leaves) {
            require(l.isObject() && l.size() == 2, "leaves: {index, balances}");
            varint(o, integer(l, "index"));
            amounts(o, l.path("balances"), n, "leaves[].balances");
        }
        for (String field : List.of("windowPath", "path")) {
            JsonNode s = p.path(field);
            require(s.isArray(), field + ": a list");
            varint(o, s.size());
            for (JsonNode x : s) {
                require(x.isTextual(), field + ": strings");
                byte[] b = Base64Url.decode(x.asText(), field);
                require(frame(b, 0, n) == b.length, field + ": a sibling of hash[32] and " + n + " length-prefixed sums");
                o.writeBytes(b);
            }
        }
        byte[] out = o.toByteArray();
        require(ProofJson.parse(ProofJson.line(toJson(out)).getBytes(StandardCharsets.UTF_8))
                .equals(ProofJson.parse(ProofJson.line(p).getBytes(StandardCharsets.UTF_8))),
                "the JSON has another text than its binary form gives back");
        return out;
    }

    /** The JSON proof a binary proof holds (strict; {@link IllegalArgumentException} saying why not). */
    public static ObjectNode toJson(byte[] b) {
        Reader r = new Reader(b);
        for (int i = 0; i < MAGIC.length; i++) {
            if (r.u8("magic") != (MAGIC[i] & 0xff)) {
                throw new IllegalArgumentException(i < 3 ? "not a binary liabilities proof (expected the magic 'ALP')"
                        : "binary proof version " + (b[3] & 0xff) + ": only version 2 (" + Scheme.FORMAT + ") is read");
            }
        }
        ObjectNode p = F.objectNode();
        p.put("format", Scheme.FORMAT);
        ObjectNode pub = p.putObject("publication");
        pub.put("id", r.text(r.u8("publication.id"), "publication.id"));
        int n = r.u8("publication.assets");
        if (n == 0) {
            throw new IllegalArgumentException("publication.assets: count 0 at byte " + (r.pos - 1) + ", expected 1 to 255");
        }
        ArrayNode assets = pub.putArray("assets");
        for (int i = 0; i < n; i++) {
            assets.add(r.text(r.u8("publication.assets"), "publication.assets[" + i + "]"));
        }
        pub.put("root", Hex32.encode(r.bytes(Scheme.HASH, "publication.root")));
        pub.set("totals", r.amounts(n, "publication.totals"));
        putInteger(pub, "leaves", r.varint("publication.leaves"));
        putInteger(pub, "window", r.varint("publication.window"));
        pub.put("asOf", r.text(r.u8("publication.asOf"), "publication.asOf"));
        p.put("user", r.text(checkedLength(r.varint("user"), "user"), "user"));
        p.put("userSecret", Hex32.encode(r.bytes(Scheme.HASH, "userSecret")));
        p.set("balances", r.amounts(n, "balances"));
        int count = r.u8("leaves");
        ArrayNode leaves = p.putArray("leaves");
        for (int k = 0; k < count; k++) {
            ObjectNode l = leaves.addObject();
            putInteger(l, "index", r.varint("leaves[" + k + "].index"));
            l.set("balances", r.amounts(n, "leaves[" + k + "].balances"));
        }
        for (String field : List.of("windowPath", "path")) {
            long c = r.varint(field);
            ArrayNode s = p.putArray(field);
            for (long i = 0; i < c; i++) {
                int start = r.pos;
                int end = frame(b, start, n);
                if (end < 0) {
                    throw new IllegalArgumentException(field + "[" + i + "]: truncated at byte " + b.length
                            + " (a sibling is hash[32] and " + n + " length-prefixed sums)");
                }
                s.add(Base64Url.encode(java.util.Arrays.copyOfRange(b, start, end)));
                r.pos = end;
            }
        }
        if (r.pos != b.length) {
            throw new IllegalArgumentException((b.length - r.pos) + " trailing bytes after the proof, at byte " + r.pos);
        }
        return p;
    }

    /** The end of the sibling starting at {@code at} (hash and {@code n} length-prefixed sums), or -1 if truncated. */
    private static int frame(byte[] b, int at, int n) {
        int p = at + Scheme.HASH;
        for (int a = 0; a < n; a++) {
            if (p >= b.length) {
                return -1;
            }
            p += 1 + (b[p] & 0xff);
        }
        return p <= b.length ? p : -1;
    }

    private static void putInteger(ObjectNode n, String f, long v) {
        if (v == (int) v) {
            n.put(f, (int) v);
        } else {
            n.put(f, v);
        }
    }

    private static long checkedLength(long v, String where) {
        if (v > 1 << 20) {
            throw new IllegalArgumentException(where + ": length " + v + " is too long");
        }
        return v;
    }

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new IllegalArgumentException("no binary form: " + why);
        }
    }

    private static String text(JsonNode n, String f) {
        require(n.path(f).isTextual(), f + ": a string");
        return n.get(f).asText();
    }

    private static long integer(JsonNode n, String f) {
        JsonNode v = n.path(f);
        require(v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0, f + ": a non-negative integer");
        return v.asLong();
    }

    private static void shortText(ByteArrayOutputStream o, String s, String where) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        require(b.length <= 255, where + ": at most 255 bytes");
        o.write(b.length);
        o.writeBytes(b);
    }

    private static void amounts(ByteArrayOutputStream o, JsonNode a, int n, String where) {
        require(a.isArray() && a.size() == n, where + ": one amount per asset");
        for (JsonNode x : a) {
            require(x.isTextual() && x.asText().matches("0|[1-9][0-9]{0,80}"), where + ": decimal strings without sign");
            byte[] m = minimal(new BigInteger(x.asText()));
            require(m.length <= 255, where + ": at most 255 bytes");
            o.write(m.length);
            o.writeBytes(m);
        }
    }

    private static byte[] minimal(BigInteger v) {
        byte[] b = v.toByteArray();
        int skip = 0;
        while (skip < b.length && b[skip] == 0) {
            skip++;
        }
        return java.util.Arrays.copyOfRange(b, skip, b.length);
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7fL) != 0) {
            o.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int u8(String where) {
            if (pos >= b.length) {
                throw truncated(where);
            }
            return b[pos++] & 0xff;
        }

        byte[] bytes(long n, String where) {
            if (n > b.length - pos) {
                throw truncated(where);
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        String text(long n, String where) {
            int at = pos;
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes(n, where)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(where + ": not UTF-8 at byte " + at);
            }
        }

        ArrayNode amounts(int n, String where) {
            ArrayNode a = F.arrayNode();
            for (int i = 0; i < n; i++) {
                int at = pos;
                byte[] v = bytes(u8(where), where);
                if (v.length > 0 && v[0] == 0) {
                    throw new IllegalArgumentException(where + "[" + i + "]: non-minimal amount (leading zero byte) at byte " + at);
                }
                a.add(new BigInteger(1, v).toString());
            }
            return a;
        }

        long varint(String where) {
            int at = pos;
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int x = u8(where);
                if (shift == 63 && x > 0) {
                    throw new IllegalArgumentException(where + ": varint at byte " + at + " is 2^63 or more");
                }
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    if (x == 0 && shift > 0) {
                        throw new IllegalArgumentException(where + ": non-minimal varint at byte " + at);
                    }
                    return v;
                }
            }
        }

        IllegalArgumentException truncated(String where) {
            return new IllegalArgumentException(where + ": truncated at byte " + b.length);
        }
    }
}
