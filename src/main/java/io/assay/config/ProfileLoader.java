package io.assay.config;

import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads {@code <dir>/*.yaml} (chains) and {@code <dir>/assets/*.yaml} (assets) and validates them together.
 * Each file is bound with Jackson YAML to the records of {@link ProfileYaml} (unknown fields and wrong types are
 * refused there); this class applies the defaults and the semantic checks. The first problem stops loading with a
 * {@link ProfileException} naming file, line, field and expectation.
 *
 * <p>What depends on a chain's family in an asset's reserve, supply and excluded entries is checked by that family's
 * {@link FamilyProfileRules}, found with {@link ServiceLoader}.
 *
 * <p>Endpoints in a chain file are defaults: {@code endpointOverride} (backed by Quarkus config, so
 * {@code assay.chains.<name>.endpoints} or the environment variable {@code ASSAY_CHAINS_<NAME>_ENDPOINTS})
 * replaces them when it has a value.
 */
public final class ProfileLoader {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    static final int MAX_DECIMALS = 36;
    private static final ObjectReader CHAIN = ProfileDoc.mapper().readerFor(ProfileYaml.Chain.class);
    private static final ObjectReader ASSET = ProfileDoc.mapper().readerFor(ProfileYaml.Asset.class);
    private static final ObjectReader HEAD = ProfileDoc.mapper().readerFor(ProfileYaml.ReserveHead.class);
    /** The fields of a chain profile that only some families have, and those families. */
    private static final Map<String, Set<ChainFamily>> FAMILY_FIELDS = Map.of(
            "chainId", Set.of(ChainFamily.EVM),
            "network", Set.of(ChainFamily.BITCOIN, ChainFamily.SOLANA));

    private final Function<String, Optional<List<String>>> endpointOverride;
    private final Function<String, Optional<String>> secrets;
    private final Map<ChainFamily, FamilyProfileRules> families;

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
        this(endpointOverride, secrets, discovered());
    }

    /** @param families the rules of each chain family (the shipped ones: {@link #discovered()}) */
    public ProfileLoader(Function<String, Optional<List<String>>> endpointOverride,
                         Function<String, Optional<String>> secrets, List<FamilyProfileRules> families) {
        this.endpointOverride = endpointOverride;
        this.secrets = secrets;
        Map<ChainFamily, FamilyProfileRules> byFamily = new EnumMap<>(ChainFamily.class);
        for (FamilyProfileRules r : families) {
            if (byFamily.put(r.family(), r) != null) {
                throw new IllegalArgumentException("two profile rules for the " + r.family() + " family");
            }
        }
        this.families = byFamily;
    }

    public ProfileLoader() {
        this(name -> Optional.empty());
    }

    /** The family rules on the class path ({@code META-INF/services/io.assay.config.FamilyProfileRules}). */
    public static List<FamilyProfileRules> discovered() {
        List<FamilyProfileRules> out = new ArrayList<>();
        ServiceLoader.load(FamilyProfileRules.class, ProfileLoader.class.getClassLoader()).forEach(out::add);
        return out;
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
        return new Profiles(Collections.unmodifiableMap(new TreeMap<>(chains)),
                Collections.unmodifiableMap(new TreeMap<>(assets)));
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new ProfileException(dir.toString(), "", "cannot list directory: " + e.getMessage(), e);
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    static void checkId(ProfileDoc.At at, String field, String id) {
        if (!ID.matcher(id).matches()) {
            throw at.error(field, "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
    }

    ChainProfile chain(Path f) {
        ProfileDoc.At y = ProfileDoc.read(f).root();
        ProfileYaml.Chain p = y.bind(CHAIN);
        String name = p.name() == null ? stem(f) : p.name();
        checkId(y, "name", name);
        if (!name.equals(stem(f))) {
            throw y.error("name", "must match the file name '" + stem(f) + "', found '" + name + "'");
        }
        ChainFamily family = family(y, p.family());
        FAMILY_FIELDS.forEach((field, only) -> {
            if (y.has(field) && !only.contains(family)) {
                throw y.error(field, "unknown field for " + article(family) + " chain; only "
                        + only.stream().map(ProfileLoader::lower).sorted().toList() + " chains have it");
            }
        });
        long chainId = 0;
        String network = null;
        switch (family) {
            case EVM -> {
                chainId = y.integer("chainId", p.chainId());
                if (chainId <= 0) {
                    throw y.error("chainId", "must be a positive EVM chain id, found " + chainId);
                }
            }
            case BITCOIN -> {
                network = y.text("network", p.network());
                try {
                    Addresses.bitcoinNetwork(network);
                } catch (IllegalArgumentException e) {
                    throw y.error("network", e.getMessage());
                }
                network = network.toLowerCase(Locale.ROOT);
            }
            case SOLANA -> network = p.network() == null ? "mainnet-beta" : p.network();
        }
        if (p.finality() == null) {
            throw y.error("finality", "missing; expected a mapping");
        }
        Finality finality = finality(y.at("finality"), p.finality(), family);
        List<Endpoint> endpoints = endpoints(y, name, p.endpoints());
        String rest = p.rest();
        if (rest != null && family != ChainFamily.BITCOIN) {
            throw y.error("rest", "only Bitcoin chains have a REST endpoint");
        }
        Duration blockTime = y.duration("blockTime", p.blockTime(), switch (family) {
            case EVM -> Duration.ofSeconds(12);
            case BITCOIN -> Duration.ofMinutes(10);
            case SOLANA -> Duration.ofMillis(400);
        });
        String backfill = backfill(y, p.backfill(), family, endpoints);
        long start = y.nonNegative("startHeight", p.startHeight(), 0);
        ChainLimits limits = p.limits() == null ? defaultLimits(family) : limits(y.at("limits"), p.limits(), family);
        return new ChainProfile(name, f.toString(), family, chainId, network, finality, List.copyOf(endpoints), rest,
                blockTime, start, limits, backfill);
    }

    private static ChainFamily family(ProfileDoc.At y, String given) {
        String names = String.join(", ", Stream.of(ChainFamily.values()).map(ProfileLoader::lower).toList());
        if (given == null) {
            throw y.error("family", "missing; expected one of " + names);
        }
        for (ChainFamily f : ChainFamily.values()) {
            if (f.name().equalsIgnoreCase(given.replace('-', '_'))) {
                return f;
            }
        }
        throw y.error("family", "unknown value '" + given + "'; expected one of " + names);
    }

    private static String lower(ChainFamily f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String article(ChainFamily f) {
        String n = lower(f);
        return ("aeiou".indexOf(n.charAt(0)) >= 0 ? "an " : "a ") + n;
    }

    private List<Endpoint> endpoints(ProfileDoc.At y, String name, List<String> given) {
        List<String> inFile = given == null ? List.of() : given;
        for (int i = 0; i < inFile.size(); i++) {
            if (inFile.get(i) == null) {
                throw y.error("endpoints[" + i + "]", "expected a string, found nothing");
            }
        }
        List<String> urls = endpointOverride.apply(name).filter(l -> !l.isEmpty()).orElse(inFile);
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String u = urls.get(i);
            if (u.isBlank()) {
                continue;
            }
            try {
                endpoints.add(Endpoint.parse(u.trim()));
            } catch (IllegalArgumentException e) {
                throw y.error("endpoints[" + i + "]", e.getMessage() + " (value not shown: it may hold a key)");
            }
        }
        return endpoints;
    }

    private static String backfill(ProfileDoc.At y, String backfill, ChainFamily family, List<Endpoint> endpoints) {
        long esplora = endpoints.stream().filter(Endpoint::isEsplora).count();
        if (esplora > 0 && family != ChainFamily.BITCOIN) {
            throw y.error("endpoints", "esplora+ endpoints serve Bitcoin chains only");
        }
        if (esplora > 0 && esplora < endpoints.size()) {
            throw y.error("endpoints", "a chain reads either Core endpoints or esplora+ endpoints, not both");
        }
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
        return backfill == null && family == ChainFamily.BITCOIN ? ChainProfile.FULL : backfill;
    }

    private static Finality finality(ProfileDoc.At f, ProfileYaml.Finality p, ChainFamily family) {
        String tag = p.tag();
        long confirmations = p.confirmations() == null ? -1 : f.nonNegative("confirmations", p.confirmations(), 0);
        String commitment = p.commitment();
        // quietSkew: a duration, or none (a quiet chain is covered only through its last final block)
        Duration quietSkew = "none".equals(p.quietSkew()) ? Duration.ofMillis(-1)
                : f.duration("quietSkew", p.quietSkew(), null);
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

    private static ChainLimits limits(ProfileDoc.At l, ProfileYaml.Limits p, ChainFamily family) {
        ChainLimits d = defaultLimits(family);
        long maxLogRange = positive(l, "maxLogRange", p.maxLogRange(), d.maxLogRange());
        int batch = (int) positive(l, "batchSize", p.batchSize(), d.batchSize());
        int parallelism = (int) positive(l, "parallelism", p.parallelism(), d.parallelism());
        int rps = (int) l.nonNegative("requestsPerSecond", p.requestsPerSecond(), d.requestsPerSecond());
        Duration timeout = l.duration("timeout", p.timeout(), d.timeout());
        int maxReorg = (int) positive(l, "maxReorgDepth", p.maxReorgDepth(), d.maxReorgDepth());
        Duration poll = l.duration("pollInterval", p.pollInterval(), d.pollInterval());
        long reconcile = l.nonNegative("reconcileEvery", p.reconcileEvery(), d.reconcileEvery());
        if (timeout.isZero()) {
            throw l.error("timeout", "must be greater than zero");
        }
        return new ChainLimits(maxLogRange, batch, parallelism, rps, timeout, maxReorg, poll, reconcile);
    }

    private static long positive(ProfileDoc.At n, String field, Long value, long fallback) {
        long v = value == null ? fallback : value;
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
        ProfileDoc.At y = ProfileDoc.read(f).root();
        ProfileYaml.Asset p = y.bind(ASSET);
        String id = p.id() == null ? stem(f) : p.id();
        checkId(y, "id", id);
        String name = p.name() == null ? id : p.name();
        String symbol = p.symbol() == null ? id.toUpperCase(Locale.ROOT) : p.symbol();
        int decimals = y.decimals("decimals", p.decimals());

        List<ReserveSource> reserves = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> targets = new HashSet<>();
        List<ProfileDoc.At> rs = y.items("reserves");
        if (rs.isEmpty()) {
            throw y.error("reserves", "missing; an asset needs at least one reserve source");
        }
        for (ProfileDoc.At r : rs) {
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
        List<ProfileYaml.Supply> ss = p.supply() == null ? List.of() : p.supply();
        if (ss.isEmpty()) {
            throw y.error("supply", "missing; an asset needs its token on at least one chain");
        }
        List<ProfileDoc.At> supplyAt = y.items("supply");
        for (int i = 0; i < ss.size(); i++) {
            ProfileDoc.At at = supplyAt.get(i);
            SupplySource src = supply(at, ss.get(i), chains);
            if (!supplyChains.add(src.chain())) {
                throw at.error("chain", "duplicate supply entry for chain '" + src.chain() + "'");
            }
            supply.add(src);
        }

        List<ExcludedHolder> excluded = new ArrayList<>();
        List<ProfileYaml.Excluded> es = p.excluded() == null ? List.of() : p.excluded();
        List<ProfileDoc.At> excludedAt = y.items("excluded");
        for (int i = 0; i < es.size(); i++) {
            ProfileDoc.At at = excludedAt.get(i);
            ExcludedHolder h = excluded(at, es.get(i), chains, supplyChains);
            if (!ids.add(h.id())) {
                throw at.error("id", "duplicate source id '" + h.id() + "'");
            }
            if (!targets.add(h.chain() + "|excluded|" + h.holder())) {
                throw at.error("holder", "duplicate source: " + h.holder() + " on " + h.chain() + " is already excluded");
            }
            excluded.add(h);
        }

        if (p.policy() == null) {
            throw y.error("policy", "missing; expected a mapping");
        }
        AssetPolicy policy = policy(y.at("policy"), p.policy());
        IncumbentFeed incumbent = p.incumbent() == null ? null
                : incumbent(y.at("incumbent"), p.incumbent(), chains, ids);
        if (incumbent != null && incumbent.decimals() > decimals) {
            throw y.at("incumbent").error("decimals", "the feed's " + incumbent.decimals() + " decimals exceed the asset's "
                    + decimals + ": its answer could not be compared exactly in the asset's units");
        }
        BurnMint burnMint = p.burnMint() == null ? null : burnMint(y.at("burnMint"), p.burnMint(), chains, supply);
        return new AssetProfile(id, f.toString(), name, symbol, decimals, List.copyOf(reserves), List.copyOf(supply),
                List.copyOf(excluded), policy, incumbent, burnMint);
    }

    static ChainProfile chainRef(ProfileDoc.At n, String chain, Map<String, ChainProfile> chains) {
        ChainProfile c = chains.get(n.text("chain", chain));
        if (c == null) {
            throw n.error("chain", "unknown chain '" + chain + "'; expected one of " + chains.keySet()
                    + " (a chains/<name>.yaml profile)");
        }
        return c;
    }

    private FamilyProfileRules rules(ProfileDoc.At n, ChainProfile c) {
        FamilyProfileRules r = families.get(c.family());
        if (r == null) {
            throw n.error("chain", "'" + c.name() + "' is " + article(c.family()) + " chain, and no profile rules for "
                    + "that family are on the class path (META-INF/services/" + FamilyProfileRules.class.getName() + ")");
        }
        return r;
    }

    private ReserveSource reserve(ProfileDoc.At r, Map<String, ChainProfile> chains) {
        ProfileYaml.ReserveHead head = r.bind(HEAD);
        String id = r.text("id", head.id());
        checkId(r, "id", id);
        ChainProfile c = chainRef(r, head.chain(), chains);
        r.nonNegative("gapLimit", head.gapLimit(), 20);
        return rules(r, c).reserve(r, id, c);
    }

    private SupplySource supply(ProfileDoc.At s, ProfileYaml.Supply p, Map<String, ChainProfile> chains) {
        ChainProfile c = chainRef(s, p.chain(), chains);
        String token = rules(s, c).supplyToken(s, p.token(), c);
        int decimals = s.decimals("decimals", p.decimals());
        long start = s.nonNegative("startBlock", p.startBlock(), c.startHeight());
        return new SupplySource(c.name(), token, decimals, start);
    }

    private ExcludedHolder excluded(ProfileDoc.At e, ProfileYaml.Excluded p, Map<String, ChainProfile> chains,
                                    Set<String> supplyChains) {
        String id = e.text("id", p.id());
        checkId(e, "id", id);
        ChainProfile c = chainRef(e, p.chain(), chains);
        if (!supplyChains.contains(c.name())) {
            throw e.error("chain", "no supply entry for chain '" + c.name() + "': only a chain's token supply can be excluded");
        }
        String holder = rules(e, c).excludedHolder(e, p.holder(), c);
        String reason = p.reason() == null ? "excluded holder" : p.reason();
        return new ExcludedHolder(id, c.name(), holder, reason);
    }

    private static AssetPolicy policy(ProfileDoc.At at, ProfileYaml.Policy p) {
        long deviation = p.deviationBps() == null ? 50 : p.deviationBps();
        if (deviation < 0 || deviation > 10_000) {
            throw at.error("deviationBps", "expected 0-10000 basis points, found " + deviation);
        }
        Duration heartbeat = at.duration("heartbeat", p.heartbeat(), Duration.ofHours(24));
        if (heartbeat.isZero()) {
            throw at.error("heartbeat", "must be greater than zero");
        }
        BigDecimal minRatio = p.minRatio() == null ? BigDecimal.ONE : p.minRatio();
        if (minRatio.signum() < 0) {
            throw at.error("minRatio", "must be >= 0, found " + minRatio.toPlainString());
        }
        Duration staleness = at.duration("stalenessTolerance", p.stalenessTolerance(), Duration.ofHours(1));
        if (staleness.isZero()) {
            throw at.error("stalenessTolerance", "must be greater than zero");
        }
        return new AssetPolicy(deviation, heartbeat, minRatio, staleness);
    }

    /** {@code incumbent:} an existing Chainlink proof-of-reserve feed (AggregatorV3) on an EVM chain. */
    private static IncumbentFeed incumbent(ProfileDoc.At n, ProfileYaml.Incumbent p, Map<String, ChainProfile> chains,
                                           Set<String> ids) {
        String id = p.id() == null ? "incumbent" : p.id();
        checkId(n, "id", id);
        if (!ids.add(id)) {
            throw n.error("id", "duplicate source id '" + id + "'");
        }
        ChainProfile c = chainRef(n, p.chain(), chains);
        if (c.family() != ChainFamily.EVM) {
            throw n.error("chain", "an incumbent feed is an AggregatorV3 contract on an EVM chain; '" + c.name()
                    + "' is a " + c.family().name().toLowerCase(Locale.ROOT) + " chain");
        }
        String feed = n.evm("feed", p.feed());
        int decimals = n.decimals("decimals", p.decimals());
        Duration heartbeat = n.duration("heartbeat", p.heartbeat(), Duration.ofHours(24));
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw n.error("heartbeat", "must be greater than zero");
        }
        long tolerance = p.toleranceBps() == null ? 0 : p.toleranceBps();
        if (tolerance < 0 || tolerance > 10_000) {
            throw n.error("toleranceBps", "expected 0-10000 basis points of the feed's answer, found " + tolerance);
        }
        String source = p.source() == null ? "" : p.source();
        return new IncumbentFeed(id, c.name(), feed, decimals, heartbeat, tolerance, source);
    }

    /** {@code burnMint:} CCTP-style burn-and-mint routes between the asset's EVM supply chains. */
    private static BurnMint burnMint(ProfileDoc.At n, ProfileYaml.BurnMint p, Map<String, ChainProfile> chains,
                                     List<SupplySource> supply) {
        Duration maxInFlight = n.duration("maxInFlight", p.maxInFlight(), Duration.ofHours(1));
        if (maxInFlight.isZero()) {
            throw n.error("maxInFlight", "must be greater than zero");
        }
        List<BurnMint.Domain> domains = new ArrayList<>();
        Set<String> seenChains = new HashSet<>();
        Set<Long> seenDomains = new HashSet<>();
        List<ProfileYaml.Domain> ds = p.domains() == null ? List.of() : p.domains();
        List<ProfileDoc.At> domainsAt = n.items("domains");
        for (int i = 0; i < ds.size(); i++) {
            ProfileDoc.At d = domainsAt.get(i);
            ProfileYaml.Domain dp = ds.get(i);
            ChainProfile c = chainRef(d, dp.chain(), chains);
            if (c.family() != ChainFamily.EVM) {
                throw d.error("chain", "burn-and-mint routes are read from EVM contracts; '" + c.name() + "' is not EVM");
            }
            if (supply.stream().noneMatch(s -> s.chain().equals(c.name()))) {
                throw d.error("chain", "no supply entry for chain '" + c.name() + "': burns and mints move the token's supply");
            }
            long domain = d.integer("domain", dp.domain());
            if (domain < 0 || domain > 0xFFFF_FFFFL) {
                throw d.error("domain", "a CCTP domain is a uint32, found " + domain);
            }
            if (!seenChains.add(c.name())) {
                throw d.error("chain", "duplicate chain '" + c.name() + "'");
            }
            if (!seenDomains.add(domain)) {
                throw d.error("domain", "duplicate domain " + domain);
            }
            String messenger = d.evm("tokenMessenger", dp.tokenMessenger());
            String transmitter = d.evm("messageTransmitter", dp.messageTransmitter());
            String messengerV2 = dp.tokenMessengerV2() == null ? null : d.evm("tokenMessengerV2", dp.tokenMessengerV2());
            String transmitterV2 = dp.messageTransmitterV2() == null ? null
                    : d.evm("messageTransmitterV2", dp.messageTransmitterV2());
            if ((messengerV2 == null) != (transmitterV2 == null)) {
                throw d.error(messengerV2 == null ? "tokenMessengerV2" : "messageTransmitterV2",
                        "missing; CCTP V2 needs both tokenMessengerV2 and messageTransmitterV2");
            }
            domains.add(new BurnMint.Domain(c.name(), domain, messenger, transmitter, messengerV2, transmitterV2));
        }
        if (domains.size() < 2) {
            throw n.error("domains", "expected at least two chains (a burn on one is minted on another)");
        }
        return new BurnMint(maxInFlight, List.copyOf(domains));
    }
}
