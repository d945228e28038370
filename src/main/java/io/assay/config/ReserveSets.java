package io.assay.config;

import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.runtime.annotations.RegisterForReflection;
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
 * Bound with Jackson YAML to the records below; errors name the file, line and field like every other profile error.
 * Kept apart from {@link ProfileLoader}, which only dispatches here.
 */
final class ReserveSets {
    private static final ObjectReader ENTRY = ProfileDoc.mapper().readerFor(Entry.class);
    private static final List<String> KINDS = List.of("contract", "events", "http", "file");

    /** {@code reserves[i]} with a {@code set:}. */
    @RegisterForReflection
    record Entry(String id, String chain, Long decimals, Members set) {
    }

    /** {@code set:}: exactly one membership source. */
    @RegisterForReflection
    record Members(ListContract contract, ListContract events, Http http, String file, String source) {
    }

    /** {@code set.contract} or {@code set.events}: a list contract on an EVM chain. */
    @RegisterForReflection
    record ListContract(String chain, String address, Long startBlock) {
    }

    /** {@code set.http}: a published list. */
    @RegisterForReflection
    record Http(String url, String form, String type, Long pageSize, String pollInterval, String timeout,
                Long maxShrinkBps, Long maxMembers) {
    }

    private ReserveSets() {
    }

    static ReserveSource reserve(ProfileDoc.At r, String assetId, Map<String, ChainProfile> chains, Path profileFile) {
        Entry e = r.bind(ENTRY);
        String id = r.text("id", e.id());
        ProfileLoader.checkId(r, "id", id);
        if (id.length() > 40) {
            throw r.error("id", "a set's id is at most 40 characters (it names one series per member), found "
                    + id.length());
        }
        ChainProfile c = ProfileLoader.chainRef(r, e.chain(), chains);
        if (c.family() != ChainFamily.BITCOIN) {
            throw r.error("chain", "a reserve set's members are Bitcoin scripts: '" + c.name() + "' is a "
                    + c.family().name().toLowerCase(Locale.ROOT) + " chain");
        }
        BitcoinNetwork network = Addresses.bitcoinNetwork(c.network());
        int decimals = r.decimals("decimals", e.decimals(), 8);
        ProfileDoc.At s = r.at("set");
        Members set = e.set();
        List<String> given = KINDS.stream().filter(s::has).toList();
        if (given.size() != 1) {
            throw s.error("expected exactly one of contract, events, http or file" + (given.isEmpty() ? ""
                    : ", found " + given));
        }
        String membershipChain = ReserveSet.chainName(assetId, id);
        if (membershipChain.length() > 64) {
            throw r.error("id", "asset id and set id together are too long for a chain name ('" + membershipChain
                    + "' has " + membershipChain.length() + " characters, at most 64)");
        }
        String source = set.source() == null ? "" : set.source();
        ReserveSet out = switch (given.get(0)) {
            case "contract", "events" -> {
                boolean contract = given.get(0).equals("contract");
                ProfileDoc.At o = s.at(given.get(0));
                ListContract l = contract ? set.contract() : set.events();
                ChainProfile lc = ProfileLoader.chainRef(o, l.chain(), chains);
                if (lc.family() != ChainFamily.EVM) {
                    throw o.error("chain", "the list contract is read from an EVM chain; '" + lc.name() + "' is a "
                            + lc.family().name().toLowerCase(Locale.ROOT) + " chain");
                }
                String address = o.evm("address", l.address());
                long start = o.nonNegative("startBlock", l.startBlock(), lc.startHeight());
                yield new ReserveSet(contract ? ReserveSet.Kind.CONTRACT : ReserveSet.Kind.EVENTS,
                        membershipChain, lc.name(), address, start, null, List.of(), source);
            }
            case "http" -> new ReserveSet(ReserveSet.Kind.HTTP, membershipChain, null, null, 0,
                    http(s.at("http"), set.http()), List.of(), source);
            default -> new ReserveSet(ReserveSet.Kind.FILE, null, null, null, 0, null,
                    file(s, set.file(), profileFile, network), source);
        };
        String target = switch (out.kind()) {
            case CONTRACT, EVENTS -> out.kind().name().toLowerCase(Locale.ROOT) + ":" + out.listChain() + ":"
                    + out.contract();
            case HTTP -> out.http().url().toString();
            case FILE -> "file:" + id;
        };
        return new ReserveSource(id, c.name(), SourceKind.SET, target, null, decimals, 0, null, out);
    }

    private static ReserveSet.Http http(ProfileDoc.At h, Http p) {
        URI u = OffchainProfiles.httpUrl(h, p.url(), "credentials in the URL are not allowed (the URL is shown in the API)");
        String f = p.form() == null ? "array" : p.form();
        ReserveSet.Form form = switch (f) {
            case "wbtc-paged" -> ReserveSet.Form.WBTC_PAGED;
            case "array" -> ReserveSet.Form.ARRAY;
            default -> throw h.error("form", "expected wbtc-paged or array, found '" + f + "'");
        };
        String type = p.type();
        if (type != null && form != ReserveSet.Form.WBTC_PAGED) {
            throw h.error("type", "a type filter applies to the wbtc-paged form only");
        }
        long pageSize = p.pageSize() == null ? 100 : p.pageSize();
        if (pageSize < 1 || pageSize > 10_000) {
            throw h.error("pageSize", "expected 1-10000, found " + pageSize);
        }
        Duration poll = OffchainProfiles.positive(h, "pollInterval", p.pollInterval(), Duration.ofMinutes(10));
        Duration timeout = OffchainProfiles.positive(h, "timeout", p.timeout(), Duration.ofSeconds(10));
        long shrink = h.nonNegative("maxShrinkBps", p.maxShrinkBps(), 1000);
        if (shrink > 10_000) {
            throw h.error("maxShrinkBps", "expected 0-10000 basis points of the current members, found " + shrink);
        }
        long max = p.maxMembers() == null ? 100_000 : p.maxMembers();
        if (max < 1 || max > 1_000_000) {
            throw h.error("maxMembers", "expected 1-1000000, found " + max);
        }
        return new ReserveSet.Http(u, form, type, (int) pageSize, poll, timeout, shrink, (int) max);
    }

    private static List<SetMember> file(ProfileDoc.At s, String file, Path profileFile, BitcoinNetwork network) {
        String name = s.text("file", file);
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
