package io.assay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.assay.por.MintCheck;
import io.assay.por.MintDecision;
import io.assay.por.PorFixture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mint-check answer's JSON alone (no engine, no HTTP), written four ways for the same decision (the demo picture,
 * 2 BTC requested, allowed: every field present), ns per answer:
 *
 * <ul>
 *   <li>{@code direct}: {@link MintCheckJson}'s hand writer;</li>
 *   <li>{@code written}: {@link MintCheckJson#write}, the service's call (the direct writer after its one-time
 *       self-check per shape);</li>
 *   <li>{@code mapper}: data binding, {@code mapper.writeValueAsBytes(Dto.MintCheckDto.of(d))};</li>
 *   <li>{@code splice}: {@code SnapshotJson}'s approach carried over: the mapper's bytes for the answer with sentinel
 *       per-request values, made once per snapshot and cut around the sentinels; per request {@code allowed} and
 *       {@code asOf} are written and the three per-request amounts and the reasons are written by the mapper
 *       between the kept parts.</li>
 * </ul>
 * Every variant's answer is checked against the mapper's before measuring (a wrong variant fails the run). The mapper
 * is configured as {@code MintCheckJsonTest}'s (dates as strings; the DTO pins its field order and inclusion), not
 * Quarkus' own with its generated serializers (which bench/RESULTS.md found no faster in the service). Forks,
 * warm-up and measurement are set on the command line (bench/RESULTS.md, "Mint-check JSON").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MintCheckJsonBench extends PorFixture {
    static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final String[] SENTINELS = {"\"1111111111111111111\"", "\"2222222222222222222\"",
            "\"3333333333333333333\"", "\"Z$reasons$Z\""};

    MintDecision decision;
    MintCheckJson json;
    /** The splice's kept parts for the decision's snapshot: between {@code allowed}, asOf, headroom, reasons, requested, required. */
    byte[][] parts;
    final IsoInstant isoInstant = new IsoInstant();

    @Setup(Level.Trial)
    public void decide() throws IOException {
        dir = Files.createTempDirectory("mint-bench");
        defaults();
        standardPicture();
        current();
        decision = new MintCheck(engine).check("demo", BigInteger.valueOf(2 * BTC));
        json = new MintCheckJson(MAPPER);
        parts = parts(decision);
        byte[] expected = mapper();
        for (byte[] b : List.of(direct(), written(), splice())) {
            if (!Arrays.equals(expected, b)) {
                throw new IllegalStateException("not the mapper's answer: " + new String(b, StandardCharsets.UTF_8)
                        + " vs " + new String(expected, StandardCharsets.UTF_8));
            }
        }
    }

    @TearDown(Level.Trial)
    public void closeStore() {
        close();
    }

    @Benchmark
    public byte[] direct() {
        return json.direct(decision);
    }

    @Benchmark
    public byte[] written() {
        return json.write(decision);
    }

    @Benchmark
    public byte[] mapper() throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(Dto.MintCheckDto.of(decision));
    }

    @Benchmark
    public byte[] splice() throws JsonProcessingException {
        MintDecision d = decision;
        byte[][] p = parts;
        byte[] allowed = d.allowed() ? TRUE : FALSE;
        byte[] headroom = MAPPER.writeValueAsBytes(Dto.AmountDto.of(d.headroom()));
        byte[] reasons = MAPPER.writeValueAsBytes(d.reasons());
        byte[] requested = MAPPER.writeValueAsBytes(Dto.AmountDto.of(d.requested()));
        byte[] required = MAPPER.writeValueAsBytes(Dto.AmountDto.of(d.required()));
        byte[] out = new byte[allowed.length + 42 + headroom.length + reasons.length + requested.length
                + required.length + p[0].length + p[1].length + p[2].length + p[3].length + p[4].length + p[5].length + p[6].length];
        int n = put(out, 0, p[0]);
        n = put(out, n, allowed);
        n = put(out, n, p[1]);
        out[n++] = '"';
        n = isoInstant.write(d.snapshot().asOf(), out, n);
        out[n++] = '"';
        n = put(out, n, p[2]);
        n = put(out, n, headroom);
        n = put(out, n, p[3]);
        n = put(out, n, reasons);
        n = put(out, n, p[4]);
        n = put(out, n, requested);
        n = put(out, n, p[5]);
        n = put(out, n, required);
        n = put(out, n, p[6]);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private static int put(byte[] out, int n, byte[] part) {
        System.arraycopy(part, 0, out, n, part.length);
        return n + part.length;
    }

    /** The mapper's answer with sentinels, cut around them: {@code {"allowed":} | asOf | headroom | reasons | requested | required | rest. */
    static byte[][] parts(MintDecision d) throws JsonProcessingException {
        Dto.MintCheckDto real = Dto.MintCheckDto.of(d);
        Dto.AmountDto h = new Dto.AmountDto("1111111111111111111", "0", 0);
        Dto.AmountDto q = new Dto.AmountDto("2222222222222222222", "0", 0);
        Dto.AmountDto r = new Dto.AmountDto("3333333333333333333", "0", 0);
        Dto.MintCheckDto t = new Dto.MintCheckDto(real.asset(), true, q, r, h, List.of("Z$reasons$Z"), Instant.MIN,
                real.status(), real.ratio(), real.reserves(), real.circulating());
        String s = MAPPER.writeValueAsString(t);
        String asOf = "\"" + java.time.format.DateTimeFormatter.ISO_INSTANT.format(Instant.MIN) + "\"";
        String amount = "\\{\"decimal\":\"0\",\"decimals\":0,\"raw\":%s\\}";
        String[] cut = s.split("true|" + java.util.regex.Pattern.quote(asOf) + "|" + amount.formatted(SENTINELS[0])
                + "|\\[" + java.util.regex.Pattern.quote(SENTINELS[3]) + "\\]|" + amount.formatted(SENTINELS[1]) + "|"
                + amount.formatted(SENTINELS[2]), -1);
        if (cut.length != 7) {
            throw new IllegalStateException("cannot cut " + s + " into 7 parts: " + Arrays.toString(cut));
        }
        byte[][] out = new byte[7][];
        for (int i = 0; i < 7; i++) {
            out[i] = cut[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
