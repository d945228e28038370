package io.assay.store;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Burn-and-mint records round-trip through their key and value, for CCTP V1 (nonce) and V2 (match) records. */
class BurnMintRecordsTest {
    @Test
    void v1AndV2RecordsRoundTrip() {
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        BurnMintRecords.Entry v1 = new BurnMintRecords.Entry(BurnMintRecords.BURN, "usdc", 4_000_000_000L, 1L << 40, max,
                6, 123, 1_700_000_000_000L);
        BurnMintRecords.Entry back = BurnMintRecords.decode(v1.key(), v1.value());
        assertEquals(v1.amount(), back.amount());
        assertEquals(4_000_000_000L, back.sourceDomain());
        assertEquals(1L << 40, back.nonce());
        assertNull(back.match());

        byte[] match = new byte[32];
        for (int i = 0; i < 32; i++) {
            match[i] = (byte) (i * 7 + 1);
        }
        BurnMintRecords.Entry v2 = new BurnMintRecords.Entry(BurnMintRecords.RECEIVED_V2, "usdc", 0, 5,
                BigInteger.valueOf(250_000_000_000L), 6, 99, -1, match).dated(99, 1_700_000_001_000L);
        BurnMintRecords.Entry back2 = BurnMintRecords.decode(v2.key(), v2.value());
        assertEquals(BurnMintRecords.RECEIVED_V2, back2.kind());
        assertEquals("usdc", back2.asset());
        assertEquals(5, back2.nonce(), "the log index");
        assertEquals(99, back2.height());
        assertEquals(1_700_000_001_000L, back2.time());
        assertEquals(BigInteger.valueOf(250_000_000_000L), back2.amount());
        assertArrayEquals(match, back2.match());

        assertThrows(IllegalArgumentException.class, () -> new BurnMintRecords.Entry(BurnMintRecords.BURN_V2, "usdc", 0, 0,
                BigInteger.ONE, 6, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BurnMintRecords.Entry(BurnMintRecords.BURN, "usdc", 0, 0,
                BigInteger.ONE, 6, 1, 1, match));
    }
}
