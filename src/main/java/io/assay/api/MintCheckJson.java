package io.assay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.por.Amount;
import io.assay.por.MintDecision;
import io.assay.por.Snapshot;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes the mint-check answer, {@code Dto.MintCheckDto.of(d)}, as exactly the JSON bytes the application's mapper
 * writes for it, without building the DTO or going through data binding. The mint check is the call a bridge makes
 * before every mint; data binding and the DTO were the largest part of its cost (bench/RESULTS.md, "API load").
 *
 * <p>Fields by name (the order Quarkus' generated serializers write), absent fields left out (the DTO's
 * {@code NON_NULL}), strings escaped by Jackson's own encoder, instants as {@code ISO_INSTANT} ({@link IsoInstant}),
 * amounts as {@code {"decimal":..,"decimals":..,"raw":..}} ({@link Amount#decimal}). The snapshot's reserves and circulating, which the engine
 * reuses until a chain commits, are rendered once per object.
 *
 * <p>Self-checking: the first answer of each shape (a snapshot or none, a ratio or none, required/headroom or none,
 * reasons or none) is also written by the mapper and compared. If they differ (a mapper configured otherwise, a field
 * added to the DTO but not here) a warning is logged and from then on every answer is the mapper's. Thread-safe.
 */
@jakarta.inject.Singleton
public final class MintCheckJson {
    private static final Logger LOG = Logger.getLogger(MintCheckJson.class);
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private final ObjectMapper mapper;
    private final IsoInstant isoInstant = new IsoInstant();
    private final IdentityMemo<Amount, byte[]> reserves = new IdentityMemo<>(MintCheckJson::amount);
    private final IdentityMemo<Amount, byte[]> circulating = new IdentityMemo<>(MintCheckJson::amount);
    /** Bit {@code shape} set: that shape was written equal to the mapper's answer. */
    private final AtomicInteger checkedShapes = new AtomicInteger();
    private volatile boolean mapperOnly;

    /** @param mapper the application's mapper, the one the REST layer writes DTOs with */
    @jakarta.inject.Inject
    public MintCheckJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON of {@code Dto.MintCheckDto.of(d)}, as {@code mapper} writes it. */
    public byte[] write(MintDecision d) {
        if (mapperOnly) {
            return mapped(d);
        }
        byte[] direct = direct(d);
        int shape = shape(d);
        if ((checkedShapes.get() & (1 << shape)) != 0) {
            return direct;
        }
        byte[] mapped = mapped(d);
        if (Arrays.equals(direct, mapped)) {
            checkedShapes.getAndUpdate(v -> v | (1 << shape));
        } else {
            mapperOnly = true;
            LOG.warnf("mint-check answers are written by data binding from now on: the direct writer's answer differs "
                    + "from the mapper's (%s vs %s)", new String(direct, StandardCharsets.UTF_8),
                    new String(mapped, StandardCharsets.UTF_8));
        }
        return mapped;
    }

    /** Whether answers are written directly (false: the self-check found a difference; the mapper writes them). */
    boolean direct() {
        return !mapperOnly;
    }

    private static int shape(MintDecision d) {
        Snapshot s = d.snapshot();
        return (s == null ? 0 : 1) | (s != null && s.ratio() != null ? 2 : 0) | (d.required() == null ? 0 : 4)
                | (d.headroom() == null ? 0 : 8) | (d.reasons() == null || d.reasons().isEmpty() ? 0 : 16);
    }

    private byte[] mapped(MintDecision d) {
        try {
            return mapper.writeValueAsBytes(Dto.MintCheckDto.of(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the mint-check answer: " + e.getMessage(), e);
        }
    }

    /** Field by field in name order; hazard: a field added to {@code Dto.MintCheckDto} must be added here. */
    byte[] direct(MintDecision d) {
        Snapshot s = d.snapshot();
        Out o = new Out();
        o.ascii("{\"allowed\":").ascii(d.allowed() ? "true" : "false");
        if (s != null && s.asOf() != null) {
            o.ascii(",\"asOf\":\"");
            o.ensure(48);
            o.n = isoInstant.write(s.asOf(), o.b, o.n);
            o.raw('"');
        }
        if (d.asset() != null) {
            o.ascii(",\"asset\":").string(d.asset());
        }
        if (s != null && s.circulating() != null) {
            o.ascii(",\"circulating\":").bytes(circulating.apply(s.circulating()));
        }
        if (d.headroom() != null) {
            o.ascii(",\"headroom\":").amount(d.headroom());
        }
        if (s != null && s.ratio() != null) {
            o.ascii(",\"ratio\":").string(s.ratio());
        }
        if (d.reasons() != null) {
            o.ascii(",\"reasons\":[");
            List<String> reasons = d.reasons();
            for (int i = 0; i < reasons.size(); i++) {
                if (i > 0) {
                    o.raw(',');
                }
                o.string(reasons.get(i));
            }
            o.raw(']');
        }
        if (d.requested() != null) {
            o.ascii(",\"requested\":").amount(d.requested());
        }
        if (d.required() != null) {
            o.ascii(",\"required\":").amount(d.required());
        }
        if (s != null && s.reservesTotal() != null) {
            o.ascii(",\"reserves\":").bytes(reserves.apply(s.reservesTotal()));
        }
        if (s != null && s.status() != null) {
            o.ascii(",\"status\":").string(s.status().name());
        }
        o.raw('}');
        return o.toBytes();
    }

    /** One amount's JSON, for the amounts rendered once per engine object. */
    private static byte[] amount(Amount a) {
        return new Out().amount(a).toBytes();
    }

    /** A growing byte buffer. */
    private static final class Out {
        byte[] b = new byte[512];
        int n;

        void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        Out raw(char c) {
            ensure(1);
            b[n++] = (byte) c;
            return this;
        }

        /** Text known to be ASCII without anything JSON escapes (field names, literals). */
        Out ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                b[n++] = (byte) s.charAt(i);
            }
            return this;
        }

        Out bytes(byte[] x) {
            ensure(x.length);
            System.arraycopy(x, 0, b, n, x.length);
            n += x.length;
            return this;
        }

        /** {@code {"decimal":"12.50000000","decimals":8,"raw":"1250000000"}}: digits, a sign and a point need no escape. */
        Out amount(Amount a) {
            String raw = a.raw().toString();
            return ascii("{\"decimal\":\"").ascii(Amount.decimal(raw, a.decimals())).ascii("\",\"decimals\":")
                    .ascii(Integer.toString(a.decimals())).ascii(",\"raw\":\"").ascii(raw).ascii("\"}");
        }

        byte[] toBytes() {
            return Arrays.copyOf(b, n);
        }

        /** A JSON string: quoted, escaped as Jackson's generator escapes (its own encoder), UTF-8. */
        Out string(String s) {
            raw('"');
            bytes(ENCODER.quoteAsUTF8(s));
            return raw('"');
        }
    }
}
