package io.assay.chain.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Call parameters become JSON by hand (no data binding, so nothing a native image lacks), as binding wrote them. */
class JsonRpcParamsTest {
    @Test
    void everyParameterShapeTheClientsPassIsWrittenAsDataBindingWroteIt() throws Exception {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("encoding", "jsonParsed");
        cfg.put("commitment", "finalized");
        cfg.put("minContextSlot", 123L);
        cfg.put("rewards", false);
        cfg.put("limit", 1000);
        cfg.put("before", null);
        Object[] params = {"0xabc", false, Map.of("blockHash", "0x01"), cfg, List.of("a", 7), new String[]{"x", "y"},
                new BigInteger("123456789012345678901234567890"), new BigDecimal("0.4999"), null, (short) 3, (byte) 4,
                Map.of("nested", List.of(Map.of("deep", true)))};
        assertEquals(new ObjectMapper().valueToTree(params).toString(), JsonRpcClient.param(params).toString());
        assertEquals("[\"0xabc\",false]", JsonRpcClient.param(Arrays.asList("0xabc", false)).toString());
        // bitcoind amounts keep the scale they were given (binding wrote 10, the same number)
        assertEquals("{\"addr\":10.00000000}", JsonRpcClient.param(Map.of("addr", BigDecimal.valueOf(1_000_000_000L, 8))).toString());
    }

    @Test
    void aParameterOfAnyOtherTypeIsRefusedWithItsClassNamed() {
        record Tx(String to) {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonRpcClient.param(new Object[]{"0x1", Map.of("tx", new Tx("0x2"))}));
        assertEquals("a JSON-RPC parameter of type " + Tx.class.getName() + ": pass a JsonNode, string, boolean, integer, "
                + "BigInteger, BigDecimal, Map, Collection or array", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonRpcClient.param(1.5));
    }
}
