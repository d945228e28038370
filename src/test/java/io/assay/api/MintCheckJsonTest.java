package io.assay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.assay.por.Amount;
import io.assay.por.MintCheck;
import io.assay.por.MintDecision;
import io.assay.por.PorFixture;
import io.assay.por.Snapshot;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directly written mint-check answer is byte for byte what the mapper writes for {@code Dto.MintCheckDto.of(d)}
 * (fields by name, as the REST layer writes every DTO; {@code DemoEndToEndTest} checks the running app's mapper agrees): allowed, denied for reserves, stale, refused and without any snapshot; amounts of
 * every size; reasons that need escaping. A mapper that writes otherwise makes it fall back to the mapper.
 */
class MintCheckJsonTest extends PorFixture {
    /** Dates as strings, as Quarkus configures the application's mapper (the DTO pins its field order). */
    private static final ObjectMapper BY_NAME = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final MintCheckJson json = new MintCheckJson(BY_NAME);

    private String assertAsMapped(MintDecision d) throws Exception {
        String written = new String(json.write(d), StandardCharsets.UTF_8);
        assertEquals(BY_NAME.writeValueAsString(Dto.MintCheckDto.of(d)), written);
        // the direct writer itself (past the self-check): the same bytes
        assertEquals(written, new String(json.direct(d), StandardCharsets.UTF_8));
        assertTrue(json.direct(), "still written directly: " + written);
        return written;
    }

    @Test
    void everyKindOfDecisionIsWrittenAsTheMapperWritesIt() throws Exception {
        MintCheck check = new MintCheck(engine);
        String refused = assertAsMapped(check.check("demo", BigInteger.ONE));
        assertTrue(refused.contains("\"allowed\":false") && refused.contains("inconsistent data: "), refused);
        standardPicture();
        String allowed = assertAsMapped(check.check("demo", BigInteger.valueOf(2 * BTC)));
        assertEquals("{\"allowed\":true,\"asOf\":\"" + clock.now + "\",\"asset\":\"demo\","
                + "\"circulating\":{\"decimal\":\"8.00000000\",\"decimals\":8,\"raw\":\"800000000\"},"
                + "\"headroom\":{\"decimal\":\"0.00000000\",\"decimals\":8,\"raw\":\"0\"},"
                + "\"ratio\":\"1.250000000000000000\",\"reasons\":[],"
                + "\"requested\":{\"decimal\":\"2.00000000\",\"decimals\":8,\"raw\":\"200000000\"},"
                + "\"required\":{\"decimal\":\"10.00000000\",\"decimals\":8,\"raw\":\"1000000000\"},"
                + "\"reserves\":{\"decimal\":\"10.00000000\",\"decimals\":8,\"raw\":\"1000000000\"},\"status\":\"OK\"}",
                allowed);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            BigInteger amount = switch (i % 4) {
                case 0 -> BigInteger.valueOf(1 + r.nextInt(100));
                case 1 -> BigInteger.valueOf(r.nextLong(1, 4 * BTC));
                case 2 -> BigInteger.valueOf(r.nextLong(1, Long.MAX_VALUE));
                default -> new BigInteger(40 + r.nextInt(200), new java.util.Random(i)).add(BigInteger.ONE);
            };
            clock.now = Instant.ofEpochSecond(T0 / 1000, r.nextInt(1_000_000_000)).plusSeconds(r.nextInt(5));
            MintDecision d = check.check("demo", amount);
            String w = assertAsMapped(d);
            assertEquals(d.allowed(), w.startsWith("{\"allowed\":true"), w);
        }
        // a commit: new reserves and circulating objects
        block("ethereum", 1001, T0 + 500, Map.of("demo/ethereum/supply/_total", 9 * BTC));
        clock.now = Instant.ofEpochMilli(T0 + 1000);
        current(); // every chain known final through now: the cut passes the commit
        String denied = assertAsMapped(check.check("demo", BigInteger.valueOf(2 * BTC)));
        assertTrue(denied.contains("insufficient reserves") && denied.contains("\"raw\":\"-100000000\""), denied);
        // stale: reasons naming the lag
        clock.now = Instant.ofEpochMilli(T0 + 11 * 60_000);
        synced.clear();
        String stale = assertAsMapped(check.check("demo", BigInteger.ONE));
        assertTrue(stale.contains("\"status\":\"STALE\"") && stale.contains("is known final only through"), stale);
    }

    @Test
    void decisionsWithoutSnapshotAndReasonsThatNeedEscapingAreWrittenAsTheMapperWritesThem() throws Exception {
        Amount one = new Amount(BigInteger.valueOf(BTC), 8);
        assertAsMapped(new MintDecision(false, "wbtc-demo", one, null, null,
                List.of("denied: proof of reserve could not be computed (no data)"), null));
        assertAsMapped(new MintDecision(false, "w\"b\\t\u00e9\u20ac\ud83d\ude00", one, null, null,
                List.of("a \"quoted\" \\ reason\n\ttab \u0001 \u007f \u00e9 \u2028 </script>", "", "second"), null));
        // amounts of any sign, size and number of decimals
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            BigInteger v = switch (i % 3) {
                case 0 -> BigInteger.valueOf(r.nextLong(-1000, 1000));
                case 1 -> BigInteger.valueOf(r.nextLong());
                default -> new BigInteger(1 + r.nextInt(100), new java.util.Random(i));
            };
            int decimals = new int[]{0, 1, 2, 8, 9, 18, 19, 20, 30, 40, 41}[i % 11];
            Amount a = new Amount(i % 5 == 0 ? v.negate() : v, decimals);
            assertAsMapped(new MintDecision(false, "x", new Amount(v.abs().add(BigInteger.ONE), decimals), a, a,
                    List.of("r"), null));
        }
        assertAsMapped(new MintDecision(false, "x", one, new Amount(BigInteger.valueOf(Long.MAX_VALUE), 8),
                new Amount(BigInteger.valueOf(Long.MIN_VALUE), 8), List.of(), null));
        // a snapshot whose ratio is absent (nothing circulates), required and headroom present
        standardPicture();
        Snapshot s = engine.latest("demo");
        Snapshot noRatio = new Snapshot(s.asset(), s.asOf(), s.scale(), s.reserves(), s.supply(), s.excluded(),
                s.reservesTotal(), s.supplyTotal(), s.excludedTotal(), s.circulating(), null, false, s.chains(),
                s.status(), s.reasons());
        assertAsMapped(new MintDecision(true, "demo", one, one, one.subtract(one), List.of(), noRatio));
        assertAsMapped(new MintDecision(false, "demo", one, null, null, List.of("x"), s));
    }

    @Test
    void aMapperThatWritesOtherwiseWritesEveryAnswer() throws Exception {
        ObjectMapper numeric = JsonMapper.builder().findAndAddModules().build(); // instants as epoch seconds
        MintCheckJson other = new MintCheckJson(numeric);
        standardPicture();
        MintCheck check = new MintCheck(engine);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MintDecision d = check.check("demo", BigInteger.valueOf(BTC + i));
            String w = new String(other.write(d), StandardCharsets.UTF_8);
            assertEquals(numeric.writeValueAsString(Dto.MintCheckDto.of(d)), w);
            answers.add(w);
        }
        assertFalse(other.direct(), "the self-check switched to the mapper");
        assertTrue(answers.get(0).startsWith("{\"allowed\":true,\"asOf\":" + T0 / 1000 + "."), answers.get(0));
    }

    @Test
    void decimalsAreWrittenAsBigDecimalWritesThem() {
        SplittableRandom r = new SplittableRandom(3);
        List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(),
                BigInteger.TEN.pow(8), BigInteger.TEN.pow(8).negate(), BigInteger.TEN.pow(77)));
        for (int i = 0; i < 3000; i++) {
            BigInteger v = new BigInteger(1 + r.nextInt(130), new java.util.Random(i));
            values.add(r.nextBoolean() ? v : v.negate());
        }
        for (BigInteger v : values) {
            for (int decimals : new int[]{0, 1, 2, 6, 8, 9, 18, 30, 40}) {
                assertEquals(new java.math.BigDecimal(v, decimals).toPlainString(), new Amount(v, decimals).decimal(),
                        v + " at " + decimals);
            }
        }
    }
}
