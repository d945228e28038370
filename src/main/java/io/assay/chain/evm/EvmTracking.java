package io.assay.chain.evm;

import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.ExcludedHolder;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.config.SupplySource;
import io.assay.store.SeriesKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
    public static final String SUPPLY = "supply";
    public static final String RESERVE = "reserve";
    public static final String EXCLUDED = "excluded";

    /** What a slot's value is. */
    public enum Kind { SUPPLY, TOKEN_BALANCE, NATIVE_BALANCE }

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

    /** A store series fed by one slot. */
    public record Series(SeriesKey key, int slot) {
    }

    /** A store series that is the sum of slots, each scaled by {@code 10^scale[i]} to the common decimals. */
    public record Aggregate(SeriesKey key, int[] slots, int[] scale, int decimals) {
    }

    private final String chain;
    private final long startHeight;
    private final List<Token> tokens;
    private final List<Slot> slots;
    private final List<Series> series;
    private final List<Aggregate> aggregates;
    private final String[] holderAddresses;
    private final char[][] holderChars;
    private final char[][] tokenChars;
    private final int[][] balanceSlot;
    private final int[] supplySlot;

    private EvmTracking(String chain, long startHeight, List<Token> tokens, List<Slot> slots, List<Series> series,
                        List<Aggregate> aggregates, List<String> holders) {
        this.chain = chain;
        this.startHeight = startHeight;
        this.tokens = List.copyOf(tokens);
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
        Builder b = new Builder(chain.name());
        List<AssetProfile> assets = new ArrayList<>(profiles.assets().values());
        assets.sort(Comparator.comparing(AssetProfile::id));
        long start = Long.MAX_VALUE;
        for (AssetProfile a : assets) {
            String where = a.file();
            SupplySource supply = a.supply().stream().filter(s -> s.chain().equals(chain.name())).findFirst().orElse(null);
            if (supply != null) {
                int slot = b.supply(supply.token(), supply.decimals(), where + ": supply[" + chain.name() + "].decimals");
                b.series.add(new Series(new SeriesKey(a.id(), chain.name(), SUPPLY, SeriesKey.TOTAL), slot));
                start = Math.min(start, supply.startBlock());
            }
            List<Integer> reserveSlots = new ArrayList<>();
            for (ReserveSource r : a.reserves()) {
                if (!r.chain().equals(chain.name()) || r.kind() != SourceKind.HOLDER) {
                    continue;
                }
                int slot = r.token() == null
                        ? b.nativeBalance(r.target(), r.decimals())
                        : b.balance(r.token(), r.target(), r.decimals(), where + ": reserves[" + r.id() + "].decimals");
                b.series.add(new Series(new SeriesKey(a.id(), chain.name(), RESERVE, r.id()), slot));
                reserveSlots.add(slot);
            }
            if (!reserveSlots.isEmpty()) {
                b.aggregate(new SeriesKey(a.id(), chain.name(), RESERVE, SeriesKey.TOTAL), reserveSlots);
            }
            List<Integer> excludedSlots = new ArrayList<>();
            for (ExcludedHolder e : a.excluded()) {
                if (!e.chain().equals(chain.name())) {
                    continue;
                }
                if (supply == null) {
                    throw new IllegalArgumentException(where + ": excluded[" + e.id() + "]: chain " + chain.name()
                            + " has no supply entry, so there is no token to exclude");
                }
                int slot = b.balance(supply.token(), e.holder(), supply.decimals(),
                        where + ": supply[" + chain.name() + "].decimals");
                b.series.add(new Series(new SeriesKey(a.id(), chain.name(), EXCLUDED, e.id()), slot));
                excludedSlots.add(slot);
            }
            if (!excludedSlots.isEmpty()) {
                b.aggregate(new SeriesKey(a.id(), chain.name(), EXCLUDED, SeriesKey.TOTAL), excludedSlots);
            }
        }
        if (chain.startHeight() > 0) {
            start = Math.min(start, chain.startHeight());
        }
        return b.build(start == Long.MAX_VALUE ? 0 : start);
    }

    private static final class Builder {
        final String chain;
        final Map<String, Token> tokens = new LinkedHashMap<>();
        final List<Slot> slots = new ArrayList<>();
        final List<Series> series = new ArrayList<>();
        final List<Aggregate> aggregates = new ArrayList<>();
        final List<String> holders = new ArrayList<>();
        final Map<String, Integer> slotIds = new LinkedHashMap<>();

        Builder(String chain) {
            this.chain = chain;
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

        void aggregate(SeriesKey key, List<Integer> members) {
            int[] s = members.stream().distinct().mapToInt(Integer::intValue).toArray();
            int max = 0;
            for (int i : s) {
                max = Math.max(max, slots.get(i).decimals());
            }
            int[] scale = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                scale[i] = max - slots.get(s[i]).decimals();
            }
            aggregates.add(new Aggregate(key, s, scale, max));
        }

        EvmTracking build(long start) {
            return new EvmTracking(chain, start, new ArrayList<>(tokens.values()), slots, series, aggregates, holders);
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

    public List<Slot> slots() {
        return slots;
    }

    public List<Series> series() {
        return series;
    }

    public List<Aggregate> aggregates() {
        return aggregates;
    }

    public boolean isEmpty() {
        return slots.isEmpty();
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
        for (Series s : series) {
            sb.append('|').append(s.key()).append('=').append(s.slot());
        }
        for (Aggregate a : aggregates) {
            sb.append('|').append(a.key()).append('=').append(java.util.Arrays.toString(a.slots()));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
