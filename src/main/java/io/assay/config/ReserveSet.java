package io.assay.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A reserve source whose members (Bitcoin scripts) change over time, and where its membership is read
 * (docs/reserve-sets.md).
 *
 * @param kind           where the membership comes from
 * @param membershipChain the store chain its membership changes are recorded under (committed and rolled back with
 *                       it): {@code set.<asset>.<id>}; null for a {@link Kind#FILE} set (fixed by the profile)
 * @param listChain      for {@link Kind#CONTRACT} and {@link Kind#EVENTS}: the EVM chain profile the contract is on
 * @param contract       for {@link Kind#CONTRACT} and {@link Kind#EVENTS}: the contract address, EIP-55
 * @param startBlock     for {@link Kind#CONTRACT} and {@link Kind#EVENTS}: first block read
 * @param http           for {@link Kind#HTTP}: how the list is polled
 * @param members        for {@link Kind#FILE}: the members, in file order
 * @param source         where the list's address or URL was checked (free text shown in the API)
 */
public record ReserveSet(Kind kind, String membershipChain, String listChain, String contract, long startBlock,
                         Http http, List<SetMember> members, String source) {
    /** Store chain names of set memberships start with this. */
    public static final String CHAIN_PREFIX = "set.";

    public enum Kind {
        /** Chainlink's PoRAddressList interface, read by {@code eth_call} at each indexed block. */
        CONTRACT,
        /** tBTC-style Bridge events: {@code NewWalletRegistered} adds, {@code WalletClosed} removes a P2WPKH. */
        EVENTS,
        /** An HTTP(S) JSON list, polled. */
        HTTP,
        /** A file next to the profile: one entry a line. */
        FILE
    }

    /** The JSON shapes an HTTP list may have. */
    public enum Form {
        /** {@code {data:[{id,address,balance,type}], total, pageIndex, pageSize}}, fetched page by page. */
        WBTC_PAGED,
        /** A JSON array of address strings. */
        ARRAY
    }

    /**
     * @param url          the list (for {@link Form#WBTC_PAGED}: the first page; {@code pageIndex}/{@code pageSize}
     *                     query parameters are added)
     * @param form         the JSON shape
     * @param type         for {@link Form#WBTC_PAGED}: keep entries whose {@code type} equals this (null: all)
     * @param pageSize     for {@link Form#WBTC_PAGED}: entries asked per page
     * @param pollInterval time between polls
     * @param timeout      per request (connect and read)
     * @param maxShrinkBps a new list that drops more than this many basis points of the current members is refused
     * @param maxMembers   a list longer than this is refused
     */
    public record Http(URI url, Form form, String type, int pageSize, Duration pollInterval, Duration timeout,
                       long maxShrinkBps, int maxMembers) {
    }

    public static String chainName(String asset, String setId) {
        return CHAIN_PREFIX + asset + "." + setId;
    }

    public static boolean isSetChain(String chain) {
        return chain.startsWith(CHAIN_PREFIX);
    }
}
