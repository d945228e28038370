package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared vectors: the committed file is what {@link Vectors} generates, and the Java verifier agrees with it. */
class LiabilityVectorsTest {
    @Test
    void theCommittedVectorsAreTheGeneratedOnes() throws Exception {
        assertEquals(Vectors.text(), Files.readString(Vectors.FILE),
                "regenerate with Vectors.main (see its Javadoc) after changing the scheme or the vectors");
    }

    @Test
    void everyVectorVerifiesAsExpected() throws Exception {
        List<JsonNode> vectors = Vectors.read();
        assertEquals(23, vectors.size());
        for (JsonNode v : vectors) {
            Optional<byte[]> root = v.get("root").isNull() ? Optional.empty()
                    : Optional.of(Hex32.decode(v.get("root").asText(), 32, "root"));
            ProofVerifier.Result r = ProofVerifier.verify(v.get("proof"), root);
            String name = v.get("name").asText();
            assertEquals(v.get("valid").asBoolean(), r.valid(), name + ": " + r.reasons());
            List<String> recorded = new java.util.ArrayList<>();
            v.get("reasons").forEach(x -> recorded.add(x.asText()));
            assertEquals(recorded, r.reasons(), name);
            if (r.valid()) {
                assertEquals(List.of(), r.reasons(), name);
            } else {
                String want = v.get("reason").asText();
                assertTrue(r.reasons().stream().anyMatch(x -> x.contains(want)), name + ": expected '" + want + "' in " + r.reasons());
            }
        }
    }
}
