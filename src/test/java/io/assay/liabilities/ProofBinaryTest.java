package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binary form of a proof: exact round trip with the JSON, the same verdicts, strict decoding. */
class ProofBinaryTest {
    @Test
    void everyVectorWithABinaryFormRoundTripsAndVerifiesAlike() throws Exception {
        int twins = 0;
        for (JsonNode v : Vectors.read()) {
            String name = v.get("name").asText();
            if (v.get("binary").isNull()) {
                assertThrows(IllegalArgumentException.class, () -> ProofBinary.fromJson(v.get("proof")), name);
                continue;
            }
            twins++;
            byte[] bin = Base64Url.decode(v.get("binary").asText(), name);
            assertArrayEquals(bin, ProofBinary.fromJson(v.get("proof")), name);
            assertEquals(v.get("proof"), ProofJson.parse(ProofJson.line(ProofBinary.toJson(bin)).getBytes()), name);
            assertArrayEquals(bin, ProofBinary.fromJson(ProofBinary.toJson(bin)), name + ": binary -> JSON -> binary");
            Optional<byte[]> root = v.get("root").isNull() ? Optional.empty()
                    : Optional.of(Hex32.decode(v.get("root").asText(), 32, "root"));
            ProofVerifier.Result r = ProofVerifier.verifyBinary(bin, root);
            assertEquals(v.get("valid").asBoolean(), r.valid(), name);
            List<String> recorded = new java.util.ArrayList<>();
            v.get("reasons").forEach(x -> recorded.add(x.asText()));
            assertEquals(recorded, r.reasons(), name);
        }
        assertEquals(20, twins);
    }

    @Test
    void decodingIsStrict() throws Exception {
        JsonNode alice = Vectors.read().get(0);
        byte[] b = Base64Url.decode(alice.get("binary").asText(), "alice");
        assertEquals("1 trailing bytes after the proof, at byte " + b.length,
                refusal(Arrays.copyOf(b, b.length + 1)));
        for (int cut = 0; cut < b.length; cut++) {
            String why = refusal(Arrays.copyOf(b, cut));
            assertTrue(why.contains("truncated at byte " + cut) || why.startsWith("not a binary"), cut + ": " + why);
        }
        assertEquals("binary proof version 1: only version 2 (assay-liability-proof/2) is read",
                refusal(new byte[]{'A', 'L', 'P', 1}));
        // publication.leaves (16) as the non-minimal varint 0x90 0x00
        int p = leavesOffset(b);
        assertEquals(16, b[p]);
        byte[] varint = concat(Arrays.copyOf(b, p), new byte[]{(byte) 0x90, 0}, Arrays.copyOfRange(b, p + 1, b.length));
        assertEquals("publication.leaves: non-minimal varint at byte " + p, refusal(varint));
        // the first total with a leading zero byte
        int q = 4 + 1 + b[4] + 1;
        for (int i = 0; i < 3; i++) {
            q += 1 + b[q];
        }
        q += 32;
        byte[] padded = concat(Arrays.copyOf(b, q), new byte[]{(byte) (b[q] + 1), 0}, Arrays.copyOfRange(b, q + 1, b.length));
        assertEquals("publication.totals[0]: non-minimal amount (leading zero byte) at byte " + q, refusal(padded));
        ProofVerifier.Result r = ProofVerifier.verifyBinary(padded, Optional.empty());
        assertEquals(List.of("binary proof: publication.totals[0]: non-minimal amount (leading zero byte) at byte " + q),
                r.reasons());
        // JSON without a binary form
        ObjectNode extra = alice.get("proof").deepCopy();
        extra.put("note", "x");
        assertEquals("no binary form: not a 'assay-liability-proof/2' proof of 8 fields",
                assertThrows(IllegalArgumentException.class, () -> ProofBinary.fromJson(extra)).getMessage());
    }

    private static int leavesOffset(byte[] b) {
        int p = 4 + 1 + b[4];
        int n = b[p++];
        for (int i = 0; i < n; i++) {
            p += 1 + b[p];
        }
        p += 32;
        for (int i = 0; i < n; i++) {
            p += 1 + b[p];
        }
        return p;
    }

    private static String refusal(byte[] b) {
        return assertThrows(IllegalArgumentException.class, () -> ProofBinary.toJson(b)).getMessage();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] x : parts) {
            o.writeBytes(x);
        }
        return o.toByteArray();
    }
}
