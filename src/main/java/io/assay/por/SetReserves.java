package io.assay.por;

import io.assay.config.ReserveSet;
import io.assay.config.ReserveSource;
import io.assay.config.SetMember;
import io.assay.store.Checkpoint;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.SetMembers;
import io.assay.store.Store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Reads a reserve set at one moment from the store: the members in force then (a file's always; a dynamic set's from
 * its membership series, read at the same cut as every other component) and each one's balance then. A member in
 * force whose balance is not known at the moment (the Bitcoin indexer began to watch it only later) makes the set
 * uncountable there: the answer is refused with the member named, never counted as zero.
 */
final class SetReserves {
    private final Store store;
    private final Function<SeriesKey, OptionalInt> ids;

    SetReserves(Store store, Function<SeriesKey, OptionalInt> ids) {
        this.store = store;
        this.ids = ids;
    }

    ReserveSetView read(String asset, ReserveSource r, PorEngine.Reader reader) {
        ReserveSet set = r.set();
        String kind = set.kind().name().toLowerCase(java.util.Locale.ROOT);
        List<ReserveSetView.Member> members = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        Point p = new Point();
        Instant lastRefresh = null;
        if (set.kind() == ReserveSet.Kind.FILE) {
            for (SetMember m : set.members()) {
                String tag = SetMembers.tag(m.script());
                total = total.add(balance(asset, r, tag, m.display(), null, reader, p, false, members, problems));
            }
        } else {
            String mc = set.membershipChain();
            Optional<Checkpoint> cp = store.checkpoint(mc);
            if (cp.isEmpty()) {
                problems.add("reserve set " + r.id() + ": membership (" + describe(r) + ") not read yet");
            } else {
                lastRefresh = Instant.ofEpochMilli(cp.get().time());
                KeyValue state = SetMembers.state(store, mc);
                Map<String, SetMembers.Member> known = SetMembers.read(state);
                List<SeriesKey> keys = store.list(SetMembers.membershipPrefix(asset, mc));
                for (SeriesKey k : keys) {
                    String tag = k.source().substring(k.source().indexOf('.') + 1);
                    OptionalInt id = ids.apply(k);
                    if (id.isEmpty() || !reader.read(id.getAsInt(), p) || p.value.lo() != 1) {
                        continue;
                    }
                    Instant since = Instant.ofEpochMilli(p.time);
                    SetMembers.Member m = known.get(tag);
                    String display = m == null ? tag : m.display();
                    total = total.add(balance(asset, r, tag, display, since, reader, p, true, members, problems));
                }
            }
        }
        return new ReserveSetView(r.id(), kind, describe(r), r.chain(), set.membershipChain(), lastRefresh,
                List.copyOf(members), problems.isEmpty() ? new Amount(total, r.decimals()) : null,
                List.copyOf(problems));
    }

    private BigInteger balance(String asset, ReserveSource r, String tag, String display, Instant since,
                               PorEngine.Reader reader, Point p, boolean exact, List<ReserveSetView.Member> out,
                               List<String> problems) {
        SeriesKey key = SetMembers.balance(asset, r.chain(), r.id(), tag);
        OptionalInt id = ids.apply(key);
        boolean found = id.isPresent() && (exact ? reader.readExact(id.getAsInt(), p) : reader.read(id.getAsInt(), p));
        String script = scriptOf(r, tag);
        if (!found) {
            problems.add("reserve set " + r.id() + ": member " + display + " is in force but its balance on " + r.chain()
                    + " is not known at that moment (" + (id.isPresent() ? "watched only from a later block"
                    : "not watched yet") + ")");
            out.add(new ReserveSetView.Member(display, script, since, null, -1));
            return BigInteger.ZERO;
        }
        BigInteger v = p.value.toBigInteger();
        out.add(new ReserveSetView.Member(display, script, since, new Amount(v, r.decimals()), p.height));
        return v;
    }

    private String scriptOf(ReserveSource r, String tag) {
        if (r.set().kind() == ReserveSet.Kind.FILE) {
            for (SetMember m : r.set().members()) {
                if (SetMembers.tag(m.script()).equals(tag)) {
                    return m.scriptHex();
                }
            }
            return null;
        }
        byte[] v = SetMembers.state(store, r.set().membershipChain()).get(SetMembers.stateKey(tag));
        return v == null ? null : SetMembers.decode(tag, v).scriptHex();
    }

    static String describe(ReserveSource r) {
        ReserveSet s = r.set();
        return switch (s.kind()) {
            case CONTRACT -> "PoRAddressList " + s.contract() + " on " + s.listChain();
            case EVENTS -> "wallet events of " + s.contract() + " on " + s.listChain();
            case HTTP -> s.http().url().toString();
            case FILE -> "file (" + s.members().size() + " entries)";
        };
    }
}
