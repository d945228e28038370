package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.assay.por.Amount;
import io.assay.por.MintDecision;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The mint-check answer leaves out what could not be computed instead of answering nulls. */
class MintCheckDtoTest {
    @Test
    void aDecisionWithoutProofOfReserveOmitsTheFiguresItCouldNotCompute() throws Exception {
        MintDecision d = new MintDecision(false, "wbtc-demo", new Amount(BigInteger.valueOf(100_000_000), 8), null, null,
                List.of("denied: proof of reserve could not be computed (no data)"), null);
        JsonNode json = new ObjectMapper().registerModule(new JavaTimeModule())
                .readTree(new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(Dto.MintCheckDto.of(d)));
        assertFalse(json.get("allowed").asBoolean());
        assertEquals("1.00000000", json.get("requested").get("decimal").asText());
        assertEquals("100000000", json.get("requested").get("raw").asText());
        for (String absent : List.of("required", "headroom", "asOf", "status", "ratio", "reserves", "circulating")) {
            assertFalse(json.has(absent), absent + " is left out, not null: " + json);
        }
        assertEquals("denied: proof of reserve could not be computed (no data)", json.get("reasons").get(0).asText());
    }
}
