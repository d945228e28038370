package io.assay.chain.evm;

import io.assay.chain.rpc.RpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider messages that mean "fewer blocks", and the spans they suggest. */
class AdaptiveRangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x1, 0x7d0]|2000",
            "query returned more than 10000 results. Try with this block range [0x10A0, 0x10FF].|96",
            "exceed maximum block range: 5000|5000",
            "eth_getLogs is limited to a 10,000 range|10000",
            "block range limit (2048) exceeded|2048",
            "ranges over 3000 blocks are not supported|3000",
    })
    void suggestedSpansAreReadFromProviderMessages(String message, long span) {
        assertEquals(OptionalLong.of(span), AdaptiveRange.suggested(message));
        assertTrue(AdaptiveRange.isRangeError(RpcException.rpc(-32602, message)), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "query returned more than 10000 results|-32005",
            "block range is too wide|-32000",
            "Query timeout exceeded. Consider reducing your block range.|-32000",
            "response size should not greater than 10000000 bytes|-32005",
    })
    void messagesWithoutASpanStillMeanShrink(String message, int code) {
        assertTrue(AdaptiveRange.isRangeError(RpcException.rpc(code, message)), message);
        assertEquals(OptionalLong.empty(), AdaptiveRange.suggested(message));
    }

    @Test
    void otherErrorsAreNotRangeErrors() {
        assertFalse(AdaptiveRange.isRangeError(RpcException.rpc(-32005, "rate limit exceeded")));
        assertFalse(AdaptiveRange.isRangeError(RpcException.rpc(-32602, "invalid argument 0: hex string without 0x prefix")));
        assertFalse(AdaptiveRange.isRangeError(RpcException.http(503, "HTTP 503", 0)));
        assertFalse(AdaptiveRange.isRangeError(RpcException.transport("connection reset", null)));
        assertTrue(AdaptiveRange.isRangeError(RpcException.http(413, "HTTP 413", 0)));
        assertTrue(AdaptiveRange.isRangeError(new io.assay.chain.rpc.RpcTimeoutException("no complete answer within 15000 ms", null)));
    }

    @Test
    void aRefusalHalvesWithoutHintTakesAHintAndCapsGrowthUntilReprobe() {
        AdaptiveRange r = new AdaptiveRange(10_000);
        assertEquals(AdaptiveRange.INITIAL, r.span(), "starts small so the first segments run in parallel");
        while (r.span() < 10_000) {
            r.success(r.span(), 0);
        }
        assertEquals(5_000, r.refused(10_000, RpcException.rpc(-32005, "query returned more than 10000 results")));
        assertEquals(5_000, r.span());
        assertEquals(2_000, r.refused(5_000, RpcException.rpc(-32602, "this block range should work: [0x0, 0x7cf]")));
        for (int i = 0; i < 10; i++) {
            r.success(r.span(), 10);
        }
        assertEquals(2_000, r.span(), "growth stays under the refused span");
        for (int i = 0; i < AdaptiveRange.REPROBE_AFTER; i++) {
            r.success(r.span(), 10);
        }
        assertTrue(r.span() > 2_000, "after many successes the ceiling is probed again: " + r.span());
    }

    @Test
    void denseAnswersSteerTheSpanTowardsTheTargetLogCount() {
        AdaptiveRange r = new AdaptiveRange(10_000);
        r.success(500, 1_000_000);
        assertEquals(5, r.span());
        r.success(5, 2_000);
        assertEquals(10, r.span(), "light answer: grows, at most twofold");
        r.success(10, 6_000);
        assertEquals(10, r.span(), "near the target: stays");
    }
}
