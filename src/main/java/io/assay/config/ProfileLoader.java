package io.assay.config;

import org.bitcoinj.base.BitcoinNetwork;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads {@code <dir>/*.yaml} (chains) and {@code <dir>/assets/*.yaml} (assets) and validates them together.
 * The first problem stops loading with a {@link ProfileException} naming file, field and expectation.
 *
 * <p>Endpoints in a chain file are defaults: {@code endpointOverride} (backed by Quarkus config, so
 * {@code assay.chains.<name>.endpoints} or the environment variable {@code ASSAY_CHAINS_<NAME>_ENDPOINTS})
 * replaces them when it has a value.
 */
public final class ProfileLoader {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    private static final int MAX_DECIMALS = 36;

    private final Function<String, Optional<List<String>>> endpointOverride;
    private final Function<String, Optional<String>> secrets;

    public ProfileLoader(Function<String, Optional<List<String>>> endpointOverride) {
        this(endpointOverride, name -> Optional.ofNullable(System.getenv(name)));
    }

    /**
     * @param secrets looks up a secret by the name a profile gives (an off-chain source's {@code auth.secret}):
     *                the application passes its configuration (environment variables, system properties, config
     *                keys); the values are never logged or put in an error message
     */
    public ProfileLoader(Function<String, Optional<List<String>>> endpointOverride,
                         Function<String, Optional<String>> secrets) {
        this.endpointOverride = endpointOverride;
        this.secrets = secrets;
    }

    public ProfileLoader() {
        this(name -> Optional.empty());
    }

    public Profiles load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ProfileException(dir.toString(), "", "profile directory not found (set assay.profiles to the folder holding chain profiles)");
        }
        Map<String, ChainProfile> chains = new LinkedHashMap<>();
        for (Path f : yamlFiles(dir)) {
            ChainProfile c = chain(f);
            chains.put(c.name(), c);
        }
        Map<String, AssetProfile> assets = new LinkedHashMap<>();
        Path assetDir = dir.resolve("assets");
        if (Files.isDirectory(assetDir)) {
            for (Path f : yamlFiles(assetDir)) {
                AssetProfile a = asset(f, chains);
                assets.put(a.id(), a);
            }
        }
        return new Profiles(java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(chains)),
                java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(assets)));
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new ProfileException(dir.toString(), "", "cannot list directory: " + e.getMessage(), e);
        }
    }

    static YamlNode read(Path f) {
        String file = f.toString();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(1 << 20);
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            return YamlNode.root(file, new Yaml(new SafeConstructor(options)).load(r));
        } catch (YAMLException e) {
            throw new ProfileException(file, "", "unreadable YAML: " + e.getMessage().replace('\n', ' '), e);
        } catch (IOException e) {
            throw new ProfileException(file, "", "cannot read file: " + e, e);
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    ChainProfile chain(Path f) {
        YamlNode y = read(f);
        String name = y.str("name", stem(f));
        if (!ID.matcher(name).matches()) {
            throw y.error("name", "expected lowercase letters, digits, '-' or '_', found '" + name + "'");
        }
        if (!name.equals(stem(f))) {
            throw y.error("name", "must match the file name '" + stem(f) + "', found '" + name + "'");
        }
        ChainFamily family = y.enumValue("family", ChainFamily.class, null);
        long chainId = 0;
        String network = null;
        switch (family) {
            case EVM -> {
                chainId = y.integer("chainId");
                if (chainId <= 0) {
                    throw y.error("chainId", "must be a positive EVM chain id, found " + chainId);
                }
            }
            case BITCOIN -> {
                network = y.str("network");
                try {
                    Addresses.bitcoinNetwork(network);
                } catch (IllegalArgumentException e) {
                    throw y.error("network", e.getMessage());
                }
                network = network.toLowerCase(Locale.ROOT);
            }
            case SOLANA -> network = y.str("network", "mainnet-beta");
        }
        Finality finality = finality(y, family);
        List<String> urls = endpointOverride.apply(name).filter(l -> !l.isEmpty()).orElse(y.strings("endpoints"));
        y.strings("endpoints"); // mark as read even when overridden
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String u = urls.get(i);
            if (u.isBlank()) {
                continue;
            }
            try {
                endpoints.add(Endpoint.parse(u));
            } catch (IllegalArgumentException e) {
                throw y.error("endpoints[" + i + "]", e.getMessage() + " (value not shown: it may hold a key)");
            }
        }
        String rest = y.optStr("rest");
        if (rest != null && family != ChainFamily.BITCOIN) {
            throw y.error("rest", "only Bitcoin chains have a REST endpoint");
        }
        Duration blockTime = y.duration("blockTime", switch (family) {
            case EVM -> Duration.ofSeconds(12);
            case BITCOIN -> Duration.ofMinutes(10);
            case SOLANA -> Duration.ofMillis(400);
        });
        long esplora = endpoints.stream().filter(Endpoint::isEsplora).count();
        if (esplora > 0 && family != ChainFamily.BITCOIN) {
            throw y.error("endpoints", "esplora+ endpoints serve Bitcoin chains only");
        }
        if (esplora > 0 && esplora < endpoints.size()) {
            throw y.error("endpoints", "a chain reads either Core endpoints or esplora+ endpoints, not both");
        }
        String backfill = y.optStr("backfill");
        if (esplora > 0 && ChainProfile.FILTERS.equals(backfill)) {
            throw y.error("backfill", "filters need a Bitcoin Core endpoint (getblockfilter); Esplora has none");
        }
        if (esplora == 0 && !endpoints.isEmpty() && ChainProfile.HISTORY.equals(backfill)) {
            throw y.error("backfill", "history needs esplora+ endpoints (per-script history); Core has none");
        }
        if (backfill != null && family != ChainFamily.BITCOIN) {
            throw y.error("backfill", "only Bitcoin chains choose a backfill mode");
        }
        if (backfill != null && !backfill.equals(ChainProfile.FULL) && !backfill.equals(ChainProfile.FILTERS)
                && !backfill.equals(ChainProfile.HISTORY)) {
            throw y.error("backfill", "expected '" + ChainProfile.FULL + "', '" + ChainProfile.FILTERS + "' or '"
                    + ChainProfile.HISTORY + "', found '" + backfill + "'");
        }
        if (backfill == null && family == ChainFamily.BITCOIN) {
            backfill = ChainProfile.FULL;
        }
        long start = y.nonNegative("startHeight", 0);
        ChainLimits limits = limits(y.has("limits") ? y.obj("limits") : null, family);
        y.done();
        return new ChainProfile(name, f.toString(), family, chainId, network, finality, List.copyOf(endpoints), rest,
                blockTime, start, limits, backfill);
    }

    private static Finality finality(YamlNode y, ChainFamily family) {
        YamlNode f = y.obj("finality");
        String tag = f.optStr("tag");
        long confirmations = f.has("confirmations") ? f.nonNegative("confirmations", 0) : -1;
        f.optInteger("confirmations", 0);
        String commitment = f.optStr("commitment");
        // quietSkew: a duration, or none (a quiet chain is covered only through its last final block)
        Duration quietSkew = "none".equals(f.optStr("quietSkew")) ? Duration.ofMillis(-1) : f.duration("quietSkew", null);
        f.done();
        int given = (tag != null ? 1 : 0) + (confirmations >= 0 ? 1 : 0) + (commitment != null ? 1 : 0);
        if (given != 1) {
            throw f.error("expected exactly one of tag (finalized|safe), confirmations (a number) or commitment");
        }
        return switch (family) {
            case EVM -> {
                if (commitment != null) {
                    throw f.error("commitment", "EVM chains use tag or confirmations");
                }
                if (tag != null && !(tag.equals("finalized") || tag.equals("safe"))) {
                    throw f.error("tag", "expected finalized or safe, found '" + tag + "'");
                }
                yield new Finality(tag, tag != null ? 0 : confirmations, quietSkew);
            }
            case BITCOIN -> {
                if (confirmations < 0) {
                    throw f.error("confirmations", "Bitcoin chains need a number of confirmations");
                }
                yield new Finality(null, confirmations, quietSkew);
            }
            case SOLANA -> {
                if (commitment == null || !(commitment.equals("finalized") || commitment.equals("confirmed"))) {
                    throw f.error("commitment", "Solana chains need commitment finalized (or confirmed)");
                }
                yield new Finality(commitment, 0, quietSkew);
            }
        };
    }

    private static ChainLimits limits(YamlNode l, ChainFamily family) {
        if (l == null) {
            return defaultLimits(family);
        }
        ChainLimits d = defaultLimits(family);
        long maxLogRange = positive(l, "maxLogRange", d.maxLogRange());
        int batch = (int) positive(l, "batchSize", d.batchSize());
        int parallelism = (int) positive(l, "parallelism", d.parallelism());
        int rps = (int) l.nonNegative("requestsPerSecond", d.requestsPerSecond());
        Duration timeout = l.duration("timeout", d.timeout());
        int maxReorg = (int) positive(l, "maxReorgDepth", d.maxReorgDepth());
        Duration poll = l.duration("pollInterval", d.pollInterval());
        long reconcile = l.nonNegative("reconcileEvery", d.reconcileEvery());
        l.done();
        if (timeout.isZero()) {
            throw l.error("timeout", "must be greater than zero");
        }
        return new ChainLimits(maxLogRange, batch, parallelism, rps, timeout, maxReorg, poll, reconcile);
    }

    private static long positive(YamlNode n, String field, long fallback) {
        long v = n.optInteger(field, fallback);
        if (v <= 0) {
            throw n.error(field, "must be > 0, found " + v);
        }
        return v;
    }

    static ChainLimits defaultLimits(ChainFamily family) {
        return switch (family) {
            case EVM -> new ChainLimits(10_000, 50, 4, 0, Duration.ofSeconds(15), 128, Duration.ofSeconds(4), 1000);
            case BITCOIN -> new ChainLimits(1, 16, 4, 0, Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 100);
            case SOLANA -> new ChainLimits(1000, 20, 4, 0, Duration.ofSeconds(15), 1, Duration.ofSeconds(2), 1000);
        };
    }

    AssetProfile asset(Path f, Map<String, ChainProfile> chains) {
        YamlNode y = read(f);
        String id = y.str("id", stem(f));
        if (!ID.matcher(id).matches()) {
            throw y.error("id", "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
        String name = y.str("name", id);
        String symbol = y.str("symbol", id.toUpperCase(Locale.ROOT));
        int decimals = decimals(y, "decimals");

        List<ReserveSource> reserves = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> targets = new HashSet<>();
        List<YamlNode> rs = y.objects("reserves");
        if (rs.isEmpty()) {
            throw y.error("reserves", "missing; an asset needs at least one reserve source");
        }
        for (YamlNode r : rs) {
            ReserveSource s = r.has("set") ? ReserveSets.reserve(r, id, chains, f)
                    : r.has("http") ? OffchainProfiles.reserve(r, id, secrets) : reserve(r, chains);
            if (!ids.add(s.id())) {
                throw r.error("id", "duplicate source id '" + s.id() + "'");
            }
            if (!targets.add(s.chain() + "|" + s.kind() + "|" + s.target() + "|" + s.token())) {
                throw r.error("duplicate source: " + s.chain() + " " + s.target()
                        + " is already a reserve source of this asset (it would be counted twice)");
            }
            reserves.add(s);
        }

        List<SupplySource> supply = new ArrayList<>();
        Set<String> supplyChains = new HashSet<>();
        List<YamlNode> ss = y.objects("supply");
        if (ss.isEmpty()) {
            throw y.error("supply", "missing; an asset needs its token on at least one chain");
        }
        for (YamlNode s : ss) {
            SupplySource src = supply(s, chains);
            if (!supplyChains.add(src.chain())) {
                throw s.error("chain", "duplicate supply entry for chain '" + src.chain() + "'");
            }
            supply.add(src);
        }

        List<ExcludedHolder> excluded = new ArrayList<>();
        for (YamlNode e : y.objects("excluded")) {
            ExcludedHolder h = excluded(e, chains, supplyChains);
            if (!ids.add(h.id())) {
                throw e.error("id", "duplicate source id '" + h.id() + "'");
            }
            if (!targets.add(h.chain() + "|excluded|" + h.holder())) {
                throw e.error("holder", "duplicate source: " + h.holder() + " on " + h.chain() + " is already excluded");
            }
            excluded.add(h);
        }

        AssetPolicy policy = policy(y.obj("policy"));
        IncumbentFeed incumbent = y.has("incumbent") ? incumbent(y.obj("incumbent"), chains, ids) : null;
        if (incumbent != null && incumbent.decimals() > decimals) {
            throw y.obj("incumbent").error("decimals", "the feed's " + incumbent.decimals() + " decimals exceed the asset's "
                    + decimals + ": its answer could not be compared exactly in the asset's units");
        }
        BurnMint burnMint = y.has("burnMint") ? burnMint(y.obj("burnMint"), chains, supply) : null;
        y.done();
        return new AssetProfile(id, f.toString(), name, symbol, decimals, List.copyOf(reserves), List.copyOf(supply),
                List.copyOf(excluded), policy, incumbent, burnMint);
    }

    static int decimals(YamlNode n, String field) {
        if (!n.has(field)) {
            n.optInteger(field, 0);
            throw n.error(field, "missing; expected the number of decimals (0-" + MAX_DECIMALS + ")");
        }
        long d = n.optInteger(field, 0);
        if (d < 0 || d > MAX_DECIMALS) {
            throw n.error(field, "expected 0-" + MAX_DECIMALS + ", found " + d);
        }
        return (int) d;
    }

    static ChainProfile chainRef(YamlNode n, Map<String, ChainProfile> chains) {
        String chain = n.str("chain");
        ChainProfile c = chains.get(chain);
        if (c == null) {
            throw n.error("chain", "unknown chain '" + chain + "'; expected one of " + chains.keySet()
                    + " (a chains/<name>.yaml profile)");
        }
        return c;
    }

    private static ReserveSource reserve(YamlNode r, Map<String, ChainProfile> chains) {
        String id = r.str("id");
        if (!ID.matcher(id).matches()) {
            throw r.error("id", "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
        ChainProfile c = chainRef(r, chains);
        int gap = (int) r.nonNegative("gapLimit", 20);
        ReserveSource out = switch (c.family()) {
            case BITCOIN -> {
                BitcoinNetwork net = Addresses.bitcoinNetwork(c.network());
                List<String> given = new ArrayList<>();
                for (String k : List.of("address", "script", "descriptor")) {
                    if (r.has(k)) {
                        given.add(k);
                    }
                }
                if (given.size() != 1) {
                    r.optStr("address");
                    r.optStr("script");
                    r.optStr("descriptor");
                    throw r.error("a Bitcoin reserve source needs exactly one of address, script or descriptor"
                            + (given.isEmpty() ? "" : ", found " + given));
                }
                String k = given.get(0);
                String v = r.str(k);
                String canonical;
                SourceKind kind;
                boolean ranged = false;
                try {
                    switch (k) {
                        case "address" -> {
                            canonical = Addresses.bitcoin(v, net);
                            kind = SourceKind.ADDRESS;
                        }
                        case "script" -> {
                            canonical = Addresses.script(v);
                            kind = SourceKind.SCRIPT;
                        }
                        default -> {
                            ranged = Addresses.descriptor(v, net).isRange();
                            canonical = v;
                            kind = SourceKind.DESCRIPTOR;
                        }
                    }
                } catch (IllegalArgumentException e) {
                    throw r.error(k, e.getMessage());
                }
                int decimals = r.has("decimals") ? decimals(r, "decimals") : 8;
                if (gap == 0 && ranged) {
                    throw r.error("gapLimit", "must be > 0 for a ranged descriptor (one with /*)");
                }
                yield new ReserveSource(id, c.name(), kind, canonical, null, decimals, gap);
            }
            case EVM -> {
                String holder = evm(r, "holder");
                String token = r.has("token") ? evm(r, "token") : null;
                int decimals;
                if (token == null) {
                    decimals = r.has("decimals") ? decimals(r, "decimals") : 18;
                } else {
                    decimals = decimals(r, "decimals");
                }
                yield new ReserveSource(id, c.name(), SourceKind.HOLDER, holder, token, decimals, 0);
            }
            case SOLANA -> {
                String account = solana(r, "account");
                int decimals = decimals(r, "decimals");
                yield new ReserveSource(id, c.name(), SourceKind.TOKEN_ACCOUNT, account, null, decimals, 0);
            }
        };
        r.done();
        return out;
    }

    static String evm(YamlNode n, String field) {
        String v = n.str(field);
        try {
            return Addresses.evm(v);
        } catch (IllegalArgumentException e) {
            throw n.error(field, e.getMessage());
        }
    }

    private static String solana(YamlNode n, String field) {
        String v = n.str(field);
        try {
            return Addresses.solana(v);
        } catch (IllegalArgumentException e) {
            throw n.error(field, e.getMessage());
        }
    }

    private static SupplySource supply(YamlNode s, Map<String, ChainProfile> chains) {
        ChainProfile c = chainRef(s, chains);
        String token = switch (c.family()) {
            case EVM -> evm(s, "token");
            case SOLANA -> solana(s, "token");
            case BITCOIN -> throw s.error("chain", "'" + c.name() + "' is a Bitcoin chain; supply lives on token chains (evm, solana)");
        };
        int decimals = decimals(s, "decimals");
        long start = s.nonNegative("startBlock", c.startHeight());
        s.done();
        return new SupplySource(c.name(), token, decimals, start);
    }

    private static ExcludedHolder excluded(YamlNode e, Map<String, ChainProfile> chains, Set<String> supplyChains) {
        String id = e.str("id");
        if (!ID.matcher(id).matches()) {
            throw e.error("id", "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
        ChainProfile c = chainRef(e, chains);
        if (!supplyChains.contains(c.name())) {
            throw e.error("chain", "no supply entry for chain '" + c.name() + "': only a chain's token supply can be excluded");
        }
        String holder = switch (c.family()) {
            case EVM -> evm(e, "holder");
            case SOLANA -> solana(e, "holder");
            case BITCOIN -> throw e.error("chain", "Bitcoin chains carry no token supply");
        };
        String reason = e.str("reason", "excluded holder");
        e.done();
        return new ExcludedHolder(id, c.name(), holder, reason);
    }

    private static AssetPolicy policy(YamlNode p) {
        long deviation = p.optInteger("deviationBps", 50);
        if (deviation < 0 || deviation > 10_000) {
            throw p.error("deviationBps", "expected 0-10000 basis points, found " + deviation);
        }
        Duration heartbeat = p.duration("heartbeat", Duration.ofHours(24));
        if (heartbeat.isZero()) {
            throw p.error("heartbeat", "must be greater than zero");
        }
        BigDecimal minRatio = p.decimal("minRatio", BigDecimal.ONE);
        if (minRatio.signum() < 0) {
            throw p.error("minRatio", "must be >= 0, found " + minRatio.toPlainString());
        }
        Duration staleness = p.duration("stalenessTolerance", Duration.ofHours(1));
        if (staleness.isZero()) {
            throw p.error("stalenessTolerance", "must be greater than zero");
        }
        p.done();
        return new AssetPolicy(deviation, heartbeat, minRatio, staleness);
    }

    /** {@code incumbent:} an existing Chainlink proof-of-reserve feed (AggregatorV3) on an EVM chain. */
    private static IncumbentFeed incumbent(YamlNode n, Map<String, ChainProfile> chains, Set<String> ids) {
        String id = n.str("id", "incumbent");
        if (!ID.matcher(id).matches()) {
            throw n.error("id", "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
        if (!ids.add(id)) {
            throw n.error("id", "duplicate source id '" + id + "'");
        }
        ChainProfile c = chainRef(n, chains);
        if (c.family() != ChainFamily.EVM) {
            throw n.error("chain", "an incumbent feed is an AggregatorV3 contract on an EVM chain; '" + c.name()
                    + "' is a " + c.family().name().toLowerCase(Locale.ROOT) + " chain");
        }
        String feed = evm(n, "feed");
        int decimals = decimals(n, "decimals");
        Duration heartbeat = n.duration("heartbeat", Duration.ofHours(24));
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw n.error("heartbeat", "must be greater than zero");
        }
        long tolerance = n.optInteger("toleranceBps", 0);
        if (tolerance < 0 || tolerance > 10_000) {
            throw n.error("toleranceBps", "expected 0-10000 basis points of the feed's answer, found " + tolerance);
        }
        String source = n.str("source", "");
        n.done();
        return new IncumbentFeed(id, c.name(), feed, decimals, heartbeat, tolerance, source);
    }

    /** {@code burnMint:} CCTP-style burn-and-mint routes between the asset's EVM supply chains. */
    private static BurnMint burnMint(YamlNode n, Map<String, ChainProfile> chains, List<SupplySource> supply) {
        Duration maxInFlight = n.duration("maxInFlight", Duration.ofHours(1));
        if (maxInFlight.isZero()) {
            throw n.error("maxInFlight", "must be greater than zero");
        }
        List<BurnMint.Domain> domains = new ArrayList<>();
        Set<String> seenChains = new HashSet<>();
        Set<Long> seenDomains = new HashSet<>();
        for (YamlNode d : n.objects("domains")) {
            ChainProfile c = chainRef(d, chains);
            if (c.family() != ChainFamily.EVM) {
                throw d.error("chain", "burn-and-mint routes are read from EVM contracts; '" + c.name() + "' is not EVM");
            }
            if (supply.stream().noneMatch(s -> s.chain().equals(c.name()))) {
                throw d.error("chain", "no supply entry for chain '" + c.name() + "': burns and mints move the token's supply");
            }
            long domain = d.integer("domain");
            if (domain < 0 || domain > 0xFFFF_FFFFL) {
                throw d.error("domain", "a CCTP domain is a uint32, found " + domain);
            }
            if (!seenChains.add(c.name())) {
                throw d.error("chain", "duplicate chain '" + c.name() + "'");
            }
            if (!seenDomains.add(domain)) {
                throw d.error("domain", "duplicate domain " + domain);
            }
            String messenger = evm(d, "tokenMessenger");
            String transmitter = evm(d, "messageTransmitter");
            String messengerV2 = d.has("tokenMessengerV2") ? evm(d, "tokenMessengerV2") : null;
            String transmitterV2 = d.has("messageTransmitterV2") ? evm(d, "messageTransmitterV2") : null;
            if ((messengerV2 == null) != (transmitterV2 == null)) {
                throw d.error(messengerV2 == null ? "tokenMessengerV2" : "messageTransmitterV2",
                        "missing; CCTP V2 needs both tokenMessengerV2 and messageTransmitterV2");
            }
            d.done();
            domains.add(new BurnMint.Domain(c.name(), domain, messenger, transmitter, messengerV2, transmitterV2));
        }
        if (domains.size() < 2) {
            throw n.error("domains", "expected at least two chains (a burn on one is minted on another)");
        }
        n.done();
        return new BurnMint(maxInFlight, List.copyOf(domains));
    }
}
