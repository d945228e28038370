package io.assay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.por.Snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an unsigned {@link Dto.SnapshotDto} as the same JSON bytes that {@code mapper} writes for it, cheaply when
 * the same answer is asked for again and again (the API's "now" snapshot).
 *
 * <p>Everything after {@code asOf} (status, reasons, amounts, components, chains with their freshness) is serialized
 * by {@code mapper} once and kept, per asset, keyed by the DTO values it was written from (compared with
 * {@code equals}: every rendered value, e.g. {@code lagSeconds}, {@code coveredUntil}, the reasons). It changes when a
 * chain commits, an indexer reports a sync, or a lag crosses a whole second. Only {@code asOf}, which changes on every
 * request, is written on every call, at its full precision as {@code DateTimeFormatter.ISO_INSTANT} (Jackson's
 * {@code InstantSerializer} with dates not written as timestamps) renders it. {@code SnapshotJsonTest} checks the bytes
 * against {@code mapper} and against freshly computed snapshots. Thread-safe.
 */
@jakarta.inject.Singleton
public final class SnapshotJson {
    private final ObjectMapper mapper;
    private final Map<String, Entry> byAsset = new ConcurrentHashMap<>();
    private volatile Second second = new Second(Long.MIN_VALUE, new byte[0]);

    /** @param mapper the application's mapper (dates as ISO-8601 strings, as the REST layer writes them) */
    @jakarta.inject.Inject
    public SnapshotJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What is written after {@code asOf}, and the values it was written from. */
    private record Tail(String status, List<String> reasons, Stable stable, List<Dto.ChainDto> chains) {
    }

    /**
     * The members of {@link Dto.SnapshotDto} from {@code ratio} to {@code excludedHolders}, in its order and with its
     * inclusion rule: written alone, the text between its braces is that part of the DTO's JSON.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Stable(String ratio, String minRatio, boolean belowMinRatio, Dto.AmountDto reserves, Dto.AmountDto supply,
                  Dto.AmountDto excluded, Dto.AmountDto circulating, List<Dto.ComponentDto> reserveSources,
                  List<Dto.ComponentDto> supplyByChain, List<Dto.ComponentDto> excludedHolders) {
    }

    private record Entry(byte[] head, Tail tail, byte[] tailBytes) {
    }

    /** The epoch second last rendered and its "yyyy-MM-ddTHH:mm:ss" (ISO_INSTANT without fraction and zone). */
    private record Second(long epochSecond, byte[] text) {
    }

    /** The JSON of {@code Dto.SnapshotDto.of(s, minRatio, null)}. */
    public byte[] write(Snapshot s, String minRatio) {
        Dto.SnapshotDto d = Dto.SnapshotDto.of(s, minRatio, null);
        if (d.asOf() == null || d.asset() == null) {
            return bytes(d); // not an answer of the engine's "as of a time"; not worth a special path
        }
        Tail tail = new Tail(d.status(), d.reasons(), new Stable(d.ratio(), d.minRatio(), d.belowMinRatio(),
                d.reserves(), d.supply(), d.excluded(), d.circulating(), d.reserveSources(), d.supplyByChain(),
                d.excludedHolders()), d.chains());
        Entry e = byAsset.get(d.asset());
        if (e == null || !e.tail().equals(tail)) {
            e = new Entry(e != null ? e.head() : head(d.asset()), tail, tailBytes(tail));
            byAsset.put(d.asset(), e);
        }
        byte[] asOf = new byte[42];
        int len = isoInstant(d.asOf(), asOf, 1);
        asOf[0] = '"';
        asOf[len++] = '"';
        byte[] head = e.head();
        byte[] rest = e.tailBytes();
        byte[] out = new byte[head.length + len + rest.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(asOf, 0, out, head.length, len);
        System.arraycopy(rest, 0, out, head.length + len, rest.length);
        return out;
    }

    /** {@code {"asset":<id>,"asOf":} */
    private byte[] head(String asset) {
        return ("{\"asset\":" + new String(bytes(asset), StandardCharsets.UTF_8) + ",\"asOf\":")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] tailBytes(Tail t) {
        String stable = new String(bytes(t.stable()), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(stable.length() + 1024);
        if (t.status() != null) {
            b.append(",\"status\":").append(new String(bytes(t.status()), StandardCharsets.UTF_8));
        }
        if (t.reasons() != null) {
            b.append(",\"reasons\":").append(new String(bytes(t.reasons()), StandardCharsets.UTF_8));
        }
        // belowMinRatio is a primitive: the stable part is never "{}"
        b.append(',').append(stable, 1, stable.length() - 1);
        if (t.chains() != null) {
            b.append(",\"chains\":").append(new String(bytes(t.chains()), StandardCharsets.UTF_8));
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(Object o) {
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + o.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code t} as {@code DateTimeFormatter.ISO_INSTANT} does into {@code out} at {@code at} (room for 40 bytes)
     * and returns the next position. The date and time of day come from the JDK's formatter, once per second; the
     * fraction follows ISO_INSTANT's rule: none when zero, else as many groups of three digits as needed.
     */
    int isoInstant(Instant t, byte[] out, int at) {
        Second s = second;
        if (s.epochSecond() != t.getEpochSecond()) {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(t.getEpochSecond()));
            s = new Second(t.getEpochSecond(), whole.substring(0, whole.length() - 1).getBytes(StandardCharsets.US_ASCII));
            second = s;
        }
        byte[] text = s.text();
        System.arraycopy(text, 0, out, at, text.length);
        int n = at + text.length;
        int nano = t.getNano();
        if (nano > 0) {
            out[n++] = '.';
            int div = 100_000_000;
            for (int i = 0; nano > 0 || i % 3 != 0; i++) {
                int digit = nano / div;
                out[n++] = (byte) ('0' + digit);
                nano -= digit * div;
                div /= 10;
            }
        }
        out[n++] = 'Z';
        return n;
    }
}
