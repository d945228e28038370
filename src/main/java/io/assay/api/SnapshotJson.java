package io.assay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.por.Snapshot;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an unsigned {@link Dto.SnapshotDto} as exactly the JSON bytes {@code mapper} writes for it, cheaply when the
 * same answer is asked for again and again at a moving moment (the API's "now" snapshot).
 *
 * <p>Per asset, the answer is serialized by {@code mapper} once with a sentinel {@code asOf} and split around it; the
 * two parts are kept, keyed by the DTO without {@code asOf} (compared with {@code equals}: every rendered value, down
 * to {@code lagSeconds}, {@code coveredUntil} and the reasons). They change when a chain commits, an indexer reports a
 * sync, or a lag crosses a whole second. The usual request skips building the DTO: the snapshot's component lists
 * and amounts are the very objects the parts were made from (the engine reuses them until a commit) and its chain
 * entries render equal. Only {@code asOf}, which changes on every request, is written on every call,
 * at full precision, as {@code DateTimeFormatter.ISO_INSTANT} writes it (Jackson's {@code InstantSerializer} with
 * dates as strings). The mapper's own field order and inclusion rules are kept whatever they are (Quarkus' generated
 * serializers order fields by name). Each time new parts are made, the spliced answer is checked against the
 * mapper's full answer for the real {@code asOf}; if they differ (a mapper that writes instants otherwise) that
 * answer is never spliced. Thread-safe.
 */
@jakarta.inject.Singleton
public final class SnapshotJson {
    private static final Logger LOG = Logger.getLogger(SnapshotJson.class);
    /** An {@code asOf} no clock gives; its rendering is searched for in the serialized answer. */
    private static final Instant SENTINEL = Instant.MIN;

    private final ObjectMapper mapper;
    private final Map<String, Parts> byAsset = new ConcurrentHashMap<>();
    private final IsoInstant isoInstant = new IsoInstant();

    /** @param mapper the application's mapper, the one the REST layer writes the DTO with */
    @jakarta.inject.Inject
    public SnapshotJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The answer without {@code asOf}, the snapshot it was made from, and its JSON before and after the {@code asOf}
     * value; null parts: never splice.
     */
    private record Parts(Dto.SnapshotDto key, Snapshot source, byte[] head, byte[] tail) {
    }

    /** The JSON of {@code Dto.SnapshotDto.of(s, minRatio, null)}, as {@code mapper} writes it. */
    public byte[] write(Snapshot s, String minRatio) {
        Parts kept = s.asset() == null ? null : byAsset.get(s.asset());
        if (kept != null && kept.head() != null && rendersAsKept(s, minRatio, kept)) {
            return splice(kept, s.asOf());
        }
        Dto.SnapshotDto d = Dto.SnapshotDto.of(s, minRatio, null);
        if (d.asOf() == null || d.asset() == null) {
            return bytes(d);
        }
        Dto.SnapshotDto key = withAsOf(d, null);
        Parts p = byAsset.get(d.asset());
        if (p != null && p.key().equals(key)) {
            if (p.head() == null) {
                return bytes(d);
            }
            // equal values in other objects (the engine recomputed): remember these for the identity check
            byAsset.put(d.asset(), new Parts(p.key(), s, p.head(), p.tail()));
            return splice(p, d.asOf());
        }
        byte[] full = bytes(d);
        byAsset.put(d.asset(), parts(key, s, d.asOf(), full));
        return full;
    }

    /**
     * Whether {@code s} renders as the kept answer apart from {@code asOf}, without building its DTO: the engine hands
     * out the very same component lists and amounts until a chain commits (identity implies equal values; a different
     * object only costs the slow comparison), and the chain entries are compared as rendered. Hazard: this must look at
     * everything {@code Dto.SnapshotDto.of} renders from a snapshot; a field added there must be compared here.
     */
    private static boolean rendersAsKept(Snapshot s, String minRatio, Parts kept) {
        Snapshot k = kept.source();
        if (s.asOf() == null || s.reserves() != k.reserves() || s.supply() != k.supply() || s.excluded() != k.excluded()
                || s.reservesTotal() != k.reservesTotal() || s.supplyTotal() != k.supplyTotal()
                || s.excludedTotal() != k.excludedTotal() || s.circulating() != k.circulating()
                || s.belowMinRatio() != k.belowMinRatio() || s.status() != k.status()
                || !Objects.equals(s.ratio(), k.ratio()) || !s.asset().equals(k.asset())
                || !minRatio.equals(kept.key().minRatio()) || !s.reasons().equals(kept.key().reasons())) {
            return false;
        }
        List<Dto.ChainDto> chains = kept.key().chains();
        if (s.chains().size() != chains.size()) {
            return false;
        }
        for (int i = 0; i < chains.size(); i++) {
            if (!Dto.ChainDto.of(s.chains().get(i)).equals(chains.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the last answer for {@code asset} was made of reused parts (false: serialized whole every time). */
    boolean splices(String asset) {
        Parts p = byAsset.get(asset);
        return p != null && p.head() != null;
    }

    private Parts parts(Dto.SnapshotDto key, Snapshot source, Instant asOf, byte[] full) {
        byte[] withSentinel = bytes(withAsOf(key, SENTINEL));
        byte[] quoted = ('"' + DateTimeFormatter.ISO_INSTANT.format(SENTINEL) + '"').getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(withSentinel, quoted, 0);
        if (at >= 0 && indexOf(withSentinel, quoted, at + 1) < 0) {
            Parts p = new Parts(key, source, Arrays.copyOfRange(withSentinel, 0, at),
                    Arrays.copyOfRange(withSentinel, at + quoted.length, withSentinel.length));
            if (Arrays.equals(splice(p, asOf), full)) {
                return p;
            }
        }
        LOG.warnf("snapshot of %s: the mapper's answer cannot be spliced at asOf; serializing every answer", key.asset());
        return new Parts(key, source, null, null);
    }

    private byte[] splice(Parts p, Instant asOf) {
        byte[] head = p.head();
        byte[] tail = p.tail();
        byte[] out = new byte[head.length + 42 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        int n = head.length;
        out[n++] = '"';
        n = isoInstant.write(asOf, out, n);
        out[n++] = '"';
        System.arraycopy(tail, 0, out, n, tail.length);
        return n + tail.length == out.length ? out : Arrays.copyOf(out, n + tail.length);
    }

    private static Dto.SnapshotDto withAsOf(Dto.SnapshotDto d, Instant asOf) {
        return new Dto.SnapshotDto(d.asset(), asOf, d.status(), d.reasons(), d.ratio(), d.minRatio(), d.belowMinRatio(),
                d.reserves(), d.supply(), d.excluded(), d.circulating(), d.reserveSources(), d.supplyByChain(),
                d.excludedHolders(), d.chains(), d.attestation());
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code o} as the application's mapper writes it (a declared type: the native image registers it, docs/native.md). */
    byte[] bytes(Dto.SnapshotDto o) {
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + o.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
