package io.assay.config;

import java.net.URI;
import java.time.Duration;

/**
 * How an off-chain reserve source (a custodian's or auditor's HTTP(S) JSON API) is polled and judged. Set on a
 * {@link ReserveSource} of kind {@link SourceKind#HTTP}; see docs/offchain-and-alerts.md.
 *
 * @param chain           the store "chain" the source commits to: {@code offchain.<asset>.<source id>} (its own
 *                        commit unit and checkpoint, like a chain)
 * @param url             endpoint polled with GET
 * @param amountField     dot path of the amount in the JSON answer ({@code data.total}, {@code items.0.amount});
 *                        a JSON string or number, a plain decimal in the source's unit
 * @param timestampField  dot path of the time the custodian attests the amount for: ISO-8601 string or epoch seconds
 * @param unit            what the amount counts (USD, XAU-oz, BTC...): shown to users, never converted
 * @param custodian       who attests the value (shown in snapshots as {@code attestedBy})
 * @param pollInterval    time between polls
 * @param timeout         per request
 * @param maxAge          freshness rule: the attested time may lag the query time by at most this
 * @param maxChangeBps    a value that moves by more than this many basis points from the last accepted one is
 *                        suspect and not recorded (0: no bound)
 * @param maxClockSkew    an attested time further than this in the future is rejected
 * @param authHeader      header name for {@code auth}, or null
 * @param auth            header value (never logged), or null
 * @param signer          EIP-55 address whose EIP-191 signature over the exact body is required, or null
 * @param signatureHeader response header carrying that signature (65 bytes hex)
 */
public record OffchainSource(String chain, URI url, String amountField, String timestampField, String unit,
                             String custodian, Duration pollInterval, Duration timeout, Duration maxAge,
                             long maxChangeBps, Duration maxClockSkew, String authHeader, Secret auth, String signer,
                             String signatureHeader) {
    /** Store chain names of off-chain sources start with this (chain profile names cannot contain a dot). */
    public static final String CHAIN_PREFIX = "offchain.";

    public static String chainName(String asset, String sourceId) {
        return CHAIN_PREFIX + asset + "." + sourceId;
    }

    public static boolean isOffchain(String chain) {
        return chain.startsWith(CHAIN_PREFIX);
    }

    /** The attester shown in snapshots: the custodian, and the signer when origin is proven. */
    public String attestedBy() {
        return signer == null ? custodian : custodian + " (signed by " + signer + ")";
    }

    @Override
    public String toString() {
        return "OffchainSource[" + chain + " " + url.getScheme() + "://" + url.getHost()
                + (url.getPort() > 0 ? ":" + url.getPort() : "") + url.getPath() + "]";
    }
}
