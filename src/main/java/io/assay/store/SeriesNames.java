package io.assay.store;

import io.assay.store.SeriesKey;

/**
 * The series every indexer writes and the engine reads. Values are in the raw units of the component
 * (token units of the supply on that chain, sats, wei...); point time is the block time.
 *
 * <pre>
 * asset/chain/supply/_total          token supply on a chain
 * asset/chain/reserve/&lt;source id&gt;   one reserve source;  asset/chain/reserve/_total  their sum on that chain
 * asset/chain/excluded/&lt;holder id&gt;  one excluded holder;  asset/chain/excluded/_total their sum
 * asset/chain/feed/&lt;feed id&gt;        an incumbent proof-of-reserve feed's answer (its own decimals)
 * asset/chain/feed-updated/&lt;feed id&gt; that feed's updatedAt (unix seconds)
 * _chain/chain/height/committed      the chain's committed height at every commit (value = height)
 * _chain/chain/block/hash-hi         block log: the first 16 bytes of the hash of every block at which a tracked
 * _chain/chain/block/hash-lo           value changed (and of the block before the start height); the last 16 bytes
 * </pre>
 */
public final class SeriesNames {
    public static final String SUPPLY = "supply";
    public static final String RESERVE = "reserve";
    public static final String EXCLUDED = "excluded";
    public static final String FEED = "feed";
    public static final String FEED_UPDATED = "feed-updated";
    public static final String CHAIN_ASSET = "_chain";

    private SeriesNames() {
    }

    public static SeriesKey supply(String asset, String chain) {
        return SeriesKey.total(asset, chain, SUPPLY);
    }

    public static SeriesKey reserve(String asset, String chain, String sourceId) {
        return new SeriesKey(asset, chain, RESERVE, sourceId);
    }

    public static SeriesKey reserveTotal(String asset, String chain) {
        return SeriesKey.total(asset, chain, RESERVE);
    }

    public static SeriesKey excluded(String asset, String chain, String holderId) {
        return new SeriesKey(asset, chain, EXCLUDED, holderId);
    }

    public static SeriesKey excludedTotal(String asset, String chain) {
        return SeriesKey.total(asset, chain, EXCLUDED);
    }

    /** An incumbent feed's answer ({@code latestRoundData().answer}) in the feed's own decimals. */
    public static SeriesKey feed(String asset, String chain, String feedId) {
        return new SeriesKey(asset, chain, FEED, feedId);
    }

    /** An incumbent feed's {@code latestRoundData().updatedAt}, unix seconds. */
    public static SeriesKey feedUpdated(String asset, String chain, String feedId) {
        return new SeriesKey(asset, chain, FEED_UPDATED, feedId);
    }

    /** Block log, first half of each logged block's hash (see the indexer loop logs them). */
    public static SeriesKey blockHashHi(String chain) {
        return new SeriesKey(CHAIN_ASSET, chain, "block", "hash-hi");
    }

    /** Block log, second half of each logged block's hash. */
    public static SeriesKey blockHashLo(String chain) {
        return new SeriesKey(CHAIN_ASSET, chain, "block", "hash-lo");
    }

    /** Committed height of a chain over time: lets an as-of query name the block it was computed from. */
    public static SeriesKey committedHeight(String chain) {
        return new SeriesKey(CHAIN_ASSET, chain, "height", "committed");
    }
}
