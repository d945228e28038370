package io.assay.chain.evm;

import io.assay.chain.ProfileSeries;
import io.assay.chain.TrackedSeries;
import io.assay.chain.TrackingFingerprint;
import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.IncumbentFeed;
import io.assay.config.ExcludedHolder;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.config.SupplySource;
import io.assay.store.SeriesNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one EVM chain's indexer tracks, derived from the asset profiles: the tokens whose Transfer logs it
 * reads, the <em>slots</em> (one running value each: a token's supply, a holder's token balance, a holder's
 * native balance) and the store series each slot feeds, plus per-(asset, chain, metric) aggregates.
 *
 * <p>Series names: {@code asset/chain/supply/_total}; {@code asset/chain/reserve/<source id>} and
 * {@code asset/chain/reserve/_total}; {@code asset/chain/excluded/<holder id>} and
 * {@code asset/chain/excluded/_total}. Values are raw units of the slot's token; an aggregate whose members
 * have different decimals is expressed in the largest of them (members scaled up exactly).
 */
public final class EvmTracking {
    /** What a slot's value is. */
    public enum Kind {
        SUPPLY, TOKEN_BALANCE, NATIVE_BALANCE,
        /** An incumbent feed's {@code latestRoundData().answer} ({@code token} is the feed address). */
        FEED_ANSWER,
        /** An incumbent feed's {@code latestRoundData().updatedAt}, unix seconds. */
        FEED_UPDATED;

        /** Read by a state call at chosen heights (not from Transfer logs): native balances and feeds. */
        public boolean probed() {
            return this == NATIVE_BALANCE || this == FEED_ANSWER || this == FEED_UPDATED;
        }
    }

    /**
     * One running value.
     *
     * @param token  lowercase token address (null for native balances)
     * @param holder lowercase holder address (null for supply)
     */
    public record Slot(int index, Kind kind, int tokenIndex, String token, String holder, int decimals) {
    }

    /**
     * A token the chain's indexer reads Transfer logs of.
     *
     * @param declared decimals as each profile entry declares them, with where ("wbtc.yaml: supply[ethereum]")
     */
    public record Token(int index, String address, Map<String, Integer> declared) {
    }

    /**
     * An incumbent proof-of-reserve feed read with {@code latestRoundData()} at chosen heights.
     *
     * @param declared decimals as each profile declares them, with where ("wbtc.yaml: incumbent.decimals")
     */
    public record Feed(String address, Map<String, Integer> declared) {
    }

    /**
     * A burn-and-mint route end on this chain (CCTP V1): burns of {@code token} reported by {@code messenger}'s
     * {@code DepositForBurn} towards one of the asset's other domains, and messages received by {@code transmitter}
     * from one of them whose burn token is that domain's supply token.
     *
     * @param sourceTokens per other domain: its supply token as the 32-byte word a BurnMessage carries (lowercase hex)
     * @param messengerV2   CCTP V2 TokenMessengerV2 on this chain (lowercase), or null: no V2 records
     * @param transmitterV2 CCTP V2 MessageTransmitterV2 on this chain (lowercase), or null
     * @param v2Peers       the other domains that also name V2 contracts (V2 burns towards them and V2 messages from
     *                      them are recorded)
     */
    public record BurnMintRoute(String asset, long domain, String token, String messenger, String transmitter,
                                Map<Long, String> sourceTokens, String messengerV2, String transmitterV2,
                                java.util.Set<Long> v2Peers) {
    }

    private final String chain;
    private final long startHeight;
    private List<BurnMintRoute> burnMint = List.of();
    private final List<Token> tokens;
    private final List<Feed> feeds;
    private final List<Slot> slots;
    private final List<TrackedSeries.Series> series;
    private final List<TrackedSeries.Aggregate> aggregates;
    private final String[] holderAddresses;
    private final char[][] holderChars;
    private final char[][] tokenChars;
    private final int[][] balanceSlot;
    private final int[] supplySlot;

    private EvmTracking(String chain, long startHeight, List<Token> tokens, List<Feed> feeds, List<Slot> slots,
                        List<TrackedSeries.Series> series, List<TrackedSeries.Aggregate> aggregates, List<String> holders) {
        this.chain = chain;
        this.startHeight = startHeight;
        this.tokens = List.copyOf(tokens);
        this.feeds = List.copyOf(feeds);
        this.slots = List.copyOf(slots);
        this.series = List.copyOf(series);
        this.aggregates = List.copyOf(aggregates);
        this.holderAddresses = holders.toArray(String[]::new);
        this.holderChars = new char[holders.size()][];
        for (int i = 0; i < holders.size(); i++) {
            holderChars[i] = holders.get(i).substring(2).toCharArray();
        }
        this.tokenChars = new char[tokens.size()][];
        for (int i = 0; i < tokens.size(); i++) {
            tokenChars[i] = tokens.get(i).address().substring(2).toCharArray();
        }
        this.balanceSlot = new int[tokens.size()][holders.size()];
        this.supplySlot = new int[tokens.size()];
        java.util.Arrays.fill(supplySlot, -1);
        for (int[] row : balanceSlot) {
            java.util.Arrays.fill(row, -1);
        }
        for (Slot s : slots) {
            if (s.kind() == Kind.SUPPLY) {
                supplySlot[s.tokenIndex()] = s.index();
            } else if (s.kind() == Kind.TOKEN_BALANCE) {
                balanceSlot[s.tokenIndex()][holders.indexOf(s.holder())] = s.index();
            }
        }
    }

    /** Everything {@code chain} must track for the assets in {@code profiles}. */
    public static EvmTracking of(Profiles profiles, ChainProfile chain) {
        Builder b = new Builder();
        ProfileSeries.Layout layout = ProfileSeries.of(profiles, chain, "token", b);
        List<TrackedSeries.Series> series = new ArrayList<>(layout.series());
        Map<String, Feed> feeds = new LinkedHashMap<>();
        List<AssetProfile> assets = new ArrayList<>(profiles.assets().values());
        assets.sort(java.util.Comparator.comparing(AssetProfile::id));
        for (AssetProfile a : assets) {
            IncumbentFeed f = a.incumbent();
            if (f == null || !f.chain().equals(chain.name())) {
                continue;
            }
            String address = EvmHex.address(f.feed());
            feeds.computeIfAbsent(address, k -> new Feed(k, new LinkedHashMap<>()))
                    .declared().put(a.file() + ": incumbent.decimals", f.decimals());
            int answer = b.slot("feed:" + address, Kind.FEED_ANSWER, -1, address, null, f.decimals());
            int updated = b.slot("feed-updated:" + address, Kind.FEED_UPDATED, -1, address, null, 0);
            series.add(new TrackedSeries.Series(SeriesNames.feed(a.id(), chain.name(), f.id()), answer));
            series.add(new TrackedSeries.Series(SeriesNames.feedUpdated(a.id(), chain.name(), f.id()), updated));
        }
        List<BurnMintRoute> routes = new ArrayList<>();
        for (AssetProfile a : assets) {
            io.assay.config.BurnMint bm = a.burnMint();
            io.assay.config.BurnMint.Domain own = bm == null ? null : bm.byChain(chain.name());
            if (own == null) {
                continue;
            }
            Map<Long, String> sourceTokens = new LinkedHashMap<>();
            String token = null;
            for (io.assay.config.SupplySource s : a.supply()) {
                if (s.chain().equals(chain.name())) {
                    token = EvmHex.address(s.token());
                }
                io.assay.config.BurnMint.Domain d = bm.byChain(s.chain());
                if (d != null && d != own) {
                    sourceTokens.put(d.domain(), "0x000000000000000000000000" + EvmHex.address(s.token()).substring(2));
                }
            }
            java.util.Set<Long> v2Peers = new java.util.TreeSet<>();
            if (own.v2()) {
                for (io.assay.config.BurnMint.Domain d : bm.domains()) {
                    if (d != own && d.v2()) {
                        v2Peers.add(d.domain());
                    }
                }
            }
            routes.add(new BurnMintRoute(a.id(), own.domain(), token, EvmHex.address(own.tokenMessenger()),
                    EvmHex.address(own.messageTransmitter()),
                    java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sourceTokens)),
                    own.v2() ? EvmHex.address(own.tokenMessengerV2()) : null,
                    own.v2() ? EvmHex.address(own.messageTransmitterV2()) : null,
                    java.util.Collections.unmodifiableSet(v2Peers)));
        }
        EvmTracking t = new EvmTracking(chain.name(), layout.start(), new ArrayList<>(b.tokens.values()),
                new ArrayList<>(feeds.values()), b.slots, series, layout.aggregates(), b.holders);
        t.burnMint = List.copyOf(routes);
        return t;
    }

    /** Slots of the profile entries: holder (native) reserves, token balances and supplies. */
    private static final class Builder implements ProfileSeries.Members {
        final Map<String, Token> tokens = new LinkedHashMap<>();
        final List<Slot> slots = new ArrayList<>();
        final List<String> holders = new ArrayList<>();
        final Map<String, Integer> slotIds = new LinkedHashMap<>();

        @Override
        public int supply(SupplySource supply, String where) {
            return supply(supply.token(), supply.decimals(), where);
        }

        @Override
        public boolean tracks(ReserveSource reserve) {
            return reserve.kind() == SourceKind.HOLDER;
        }

        @Override
        public int reserve(ReserveSource r, String where) {
            return r.token() == null
                    ? nativeBalance(r.target(), r.decimals())
                    : balance(r.token(), r.target(), r.decimals(), where);
        }

        @Override
        public int excluded(SupplySource supply, ExcludedHolder e, String where) {
            return balance(supply.token(), e.holder(), supply.decimals(), where);
        }

        @Override
        public int decimals(int slot) {
            return slots.get(slot).decimals();
        }

        Token token(String address, int decimals, String where) {
            String a = EvmHex.address(address);
            Token t = tokens.computeIfAbsent(a, k -> new Token(tokens.size(), k, new LinkedHashMap<>()));
            t.declared().put(where, decimals);
            return t;
        }

        int slot(String id, Kind kind, int tokenIndex, String token, String holder, int decimals) {
            return slotIds.computeIfAbsent(id, k -> {
                slots.add(new Slot(slots.size(), kind, tokenIndex, token, holder, decimals));
                return slots.size() - 1;
            });
        }

        int supply(String token, int decimals, String where) {
            Token t = token(token, decimals, where);
            return slot("supply:" + t.address(), Kind.SUPPLY, t.index(), t.address(), null, decimals);
        }

        int balance(String token, String holder, int decimals, String where) {
            Token t = token(token, decimals, where);
            String h = EvmHex.address(holder);
            if (!holders.contains(h)) {
                holders.add(h);
            }
            return slot("balance:" + t.address() + ":" + h, Kind.TOKEN_BALANCE, t.index(), t.address(), h, decimals);
        }

        int nativeBalance(String holder, int decimals) {
            String h = EvmHex.address(holder);
            return slot("native:" + h, Kind.NATIVE_BALANCE, -1, null, h, decimals);
        }
    }

    public String chain() {
        return chain;
    }

    /** First block to index: the earliest supply {@code startBlock} on this chain (or the profile's start height). */
    public long startHeight() {
        return startHeight;
    }

    public List<Token> tokens() {
        return tokens;
    }

    /** Burn-and-mint route ends on this chain. */
    public List<BurnMintRoute> burnMint() {
        return burnMint;
    }

    /** Incumbent feeds read on this chain. */
    public List<Feed> feeds() {
        return feeds;
    }

    public List<Slot> slots() {
        return slots;
    }

    public List<TrackedSeries.Series> series() {
        return series;
    }

    public List<TrackedSeries.Aggregate> aggregates() {
        return aggregates;
    }

    public boolean isEmpty() {
        return slots.isEmpty() && burnMint.isEmpty();
    }

    /** Lowercase addresses of holders whose token balances are tracked. */
    public List<String> tokenHolders() {
        return List.of(holderAddresses);
    }

    public boolean hasLogs() {
        return !tokens.isEmpty();
    }

    /** The token index of a log's {@code address} field ({@code 0x} + 40 hex), or -1. */
    int tokenIndex(char[] c, int off, int len) {
        if (len != 42) {
            return -1;
        }
        for (int t = 0; t < tokenChars.length; t++) {
            if (sameHex(tokenChars[t], c, off + 2)) {
                return t;
            }
        }
        return -1;
    }

    /**
     * Classifies a topic holding an address: -2 for the zero address, a holder index, or -1 for anyone else.
     * Topics are 32-byte words with the address in the last 20 bytes.
     */
    int topicParty(char[] c, int off, int len) {
        if (len != 66) {
            return -1;
        }
        for (int i = off + 2; i < off + 26; i++) {
            if (c[i] != '0') {
                return -1;
            }
        }
        boolean zero = true;
        for (int i = off + 26; i < off + 66; i++) {
            if (c[i] != '0') {
                zero = false;
                break;
            }
        }
        if (zero) {
            return -2;
        }
        for (int h = 0; h < holderChars.length; h++) {
            if (sameHex(holderChars[h], c, off + 26)) {
                return h;
            }
        }
        return -1;
    }

    int supplySlot(int token) {
        return supplySlot[token];
    }

    int balanceSlot(int token, int holder) {
        return balanceSlot[token][holder];
    }

    private static boolean sameHex(char[] lower, char[] c, int off) {
        for (int i = 0; i < lower.length; i++) {
            char x = c[off + i];
            if (x >= 'A' && x <= 'F') {
                x = (char) (x + 32);
            }
            if (x != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A digest of what is tracked and from where. Data indexed under another fingerprint does not describe
     * the current profiles (a holder added, a token changed), so the chain is indexed again from its start.
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder("v1|").append(chain).append('|').append(startHeight);
        for (Slot s : slots) {
            sb.append('|').append(s.kind()).append(':').append(s.token()).append(':').append(s.holder());
        }
        for (TrackedSeries.Series s : series) {
            sb.append('|').append(s.key()).append('=').append(s.member());
        }
        for (TrackedSeries.Aggregate a : aggregates) {
            sb.append('|').append(a.key()).append('=').append(java.util.Arrays.toString(a.members()));
        }
        for (BurnMintRoute r : burnMint) {
            sb.append("|burnmint:").append(r);
        }
        return TrackingFingerprint.digest(sb);
    }
}
