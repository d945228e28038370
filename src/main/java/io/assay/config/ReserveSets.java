package io.assay.config;

import org.bitcoinj.base.BitcoinNetwork;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a reserve set ({@code set:} under a reserve entry) from an asset profile. Exactly one membership source:
 * <pre>
 * - id: custodial
 *   chain: bitcoin                 # where the members' coins are (a Bitcoin chain)
 *   set:
 *     contract: {chain: ethereum, address: "0x...", startBlock: 19000000}   # Chainlink PoRAddressList
 *     events:   {chain: ethereum, address: "0x...", startBlock: 16000000}   # tBTC Bridge wallet events
 *     http:     {url: https://..., form: wbtc-paged, type: custodial, pageSize: 100, pollInterval: 10m,
 *                timeout: 10s, maxShrinkBps: 1000, maxMembers: 100000}
 *     file:     cbbtc-addresses.txt   # next to the profile; one address or raw(hex) a line, '#' comments
 *     source: "where the address or URL was checked"
 * </pre>
 * Errors name the file and field like every other profile error. Kept apart from {@link ProfileLoader}, which only
 * dispatches here.
 */
final class ReserveSets {
    private ReserveSets() {
    }

    static ReserveSource reserve(YamlNode r, String assetId, Map<String, ChainProfile> chains, Path profileFile) {
        String id = r.str("id");
        if (!ProfileLoader.ID.matcher(id).matches()) {
            throw r.error("id", "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
        if (id.length() > 40) {
            throw r.error("id", "a set's id is at most 40 characters (it names one series per member), found "
                    + id.length());
        }
        ChainProfile c = ProfileLoader.chainRef(r, chains);
        if (c.family() != ChainFamily.BITCOIN) {
            throw r.error("chain", "a reserve set's members are Bitcoin scripts: '" + c.name() + "' is a "
                    + c.family().name().toLowerCase(Locale.ROOT) + " chain");
        }
        BitcoinNetwork network = Addresses.bitcoinNetwork(c.network());
        int decimals = r.has("decimals") ? ProfileLoader.decimals(r, "decimals") : 8;
        YamlNode s = r.obj("set");
        List<String> given = new ArrayList<>();
        for (String k : List.of("contract", "events", "http", "file")) {
            if (s.has(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            for (String k : List.of("contract", "events", "http")) {
                s.optObj(k);
            }
            s.optStr("file");
            throw s.error("expected exactly one of contract, events, http or file" + (given.isEmpty() ? ""
                    : ", found " + given));
        }
        String membershipChain = ReserveSet.chainName(assetId, id);
        if (membershipChain.length() > 64) {
            throw r.error("id", "asset id and set id together are too long for a chain name ('" + membershipChain
                    + "' has " + membershipChain.length() + " characters, at most 64)");
        }
        String source = s.str("source", "");
        ReserveSet set = switch (given.get(0)) {
            case "contract", "events" -> {
                YamlNode o = s.obj(given.get(0));
                ChainProfile lc = ProfileLoader.chainRef(o, chains);
                if (lc.family() != ChainFamily.EVM) {
                    throw o.error("chain", "the list contract is read from an EVM chain; '" + lc.name() + "' is a "
                            + lc.family().name().toLowerCase(Locale.ROOT) + " chain");
                }
                String address = ProfileLoader.evm(o, "address");
                long start = o.nonNegative("startBlock", lc.startHeight());
                o.done();
                yield new ReserveSet(given.get(0).equals("contract") ? ReserveSet.Kind.CONTRACT : ReserveSet.Kind.EVENTS,
                        membershipChain, lc.name(), address, start, null, List.of(), source);
            }
            case "http" -> new ReserveSet(ReserveSet.Kind.HTTP, membershipChain, null, null, 0, http(s.obj("http")),
                    List.of(), source);
            default -> new ReserveSet(ReserveSet.Kind.FILE, null, null, null, 0, null,
                    file(s, profileFile, network), source);
        };
        s.done();
        r.done();
        String target = switch (set.kind()) {
            case CONTRACT, EVENTS -> set.kind().name().toLowerCase(Locale.ROOT) + ":" + set.listChain() + ":"
                    + set.contract();
            case HTTP -> set.http().url().toString();
            case FILE -> "file:" + id;
        };
        return new ReserveSource(id, c.name(), SourceKind.SET, target, null, decimals, 0, null, set);
    }

    private static ReserveSet.Http http(YamlNode h) {
        URI u = OffchainProfiles.httpUrl(h, "credentials in the URL are not allowed (the URL is shown in the API)");
        String f = h.str("form", "array");
        ReserveSet.Form form = switch (f) {
            case "wbtc-paged" -> ReserveSet.Form.WBTC_PAGED;
            case "array" -> ReserveSet.Form.ARRAY;
            default -> throw h.error("form", "expected wbtc-paged or array, found '" + f + "'");
        };
        String type = h.optStr("type");
        if (type != null && form != ReserveSet.Form.WBTC_PAGED) {
            throw h.error("type", "a type filter applies to the wbtc-paged form only");
        }
        long pageSize = h.optInteger("pageSize", 100);
        if (pageSize < 1 || pageSize > 10_000) {
            throw h.error("pageSize", "expected 1-10000, found " + pageSize);
        }
        Duration poll = positive(h, "pollInterval", Duration.ofMinutes(10));
        Duration timeout = positive(h, "timeout", Duration.ofSeconds(10));
        long shrink = h.nonNegative("maxShrinkBps", 1000);
        if (shrink > 10_000) {
            throw h.error("maxShrinkBps", "expected 0-10000 basis points of the current members, found " + shrink);
        }
        long max = h.optInteger("maxMembers", 100_000);
        if (max < 1 || max > 1_000_000) {
            throw h.error("maxMembers", "expected 1-1000000, found " + max);
        }
        h.done();
        return new ReserveSet.Http(u, form, type, (int) pageSize, poll, timeout, shrink, (int) max);
    }

    private static Duration positive(YamlNode n, String field, Duration fallback) {
        Duration d = n.duration(field, fallback);
        if (d.isZero() || d.isNegative()) {
            throw n.error(field, "must be greater than zero");
        }
        return d;
    }

    private static List<SetMember> file(YamlNode s, Path profileFile, BitcoinNetwork network) {
        String name = s.str("file");
        Path dir = profileFile.toAbsolutePath().normalize().getParent();   // "./chains" or "x/../chains" must not refuse a file beside the profile
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(dir)) {
            throw s.error("file", "expected a file next to the profile (or below it), found '" + name + "'");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw s.error("file", "cannot read " + p + ": " + e.getMessage());
        }
        List<SetMember> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            SetMember m;
            try {
                m = SetMember.parse(entry, network);
            } catch (IllegalArgumentException e) {
                throw s.error("file", name + " line " + (i + 1) + ": " + e.getMessage());
            }
            if (!seen.add(HexFormat.of().formatHex(m.script()))) {
                throw s.error("file", name + " line " + (i + 1) + ": duplicate member '" + entry + "'");
            }
            out.add(m);
        }
        if (out.isEmpty()) {
            throw s.error("file", name + " lists no member");
        }
        return List.copyOf(out);
    }
}
