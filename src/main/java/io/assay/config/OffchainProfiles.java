package io.assay.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads an off-chain reserve source ({@code http:} under a reserve entry) from an asset profile:
 * <pre>
 * - id: bank-usd
 *   decimals: 2
 *   http:
 *     url: https://custodian.example/v1/reserves
 *     amount: data.total            # dot path; JSON string or number, plain decimal
 *     timestamp: data.asOf          # dot path; ISO-8601 string or epoch seconds
 *     unit: USD
 *     custodian: Example Trust
 *     pollInterval: 30s
 *     timeout: 10s
 *     maxAge: 1h
 *     maxChangeBps: 1000
 *     auth: {header: Authorization, secret: CUSTODIAN_TOKEN}
 *     signature: {signer: "0x...", header: X-Reserve-Signature}
 * </pre>
 * Errors name the file and field like every other profile error; a secret's value never appears in one.
 */
final class OffchainProfiles {
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    private OffchainProfiles() {
    }

    static ReserveSource reserve(YamlNode r, String assetId, Function<String, Optional<String>> secrets) {
        String id = r.str("id");
        if (!ProfileLoader.ID.matcher(id).matches()) {
            throw r.error("id", "expected lowercase letters, digits, '-' or '_', found '" + id + "'");
        }
        if (r.has("chain")) {
            r.optStr("chain");
            throw r.error("chain", "an http (off-chain) reserve source has no chain: it is recorded as its own source '"
                    + OffchainSource.chainName(assetId, id) + "'");
        }
        String chain = OffchainSource.chainName(assetId, id);
        if (chain.length() > 64) {
            throw r.error("id", "asset id and source id together are too long for a series name ('" + chain
                    + "' has " + chain.length() + " characters, at most 64)");
        }
        int decimals = ProfileLoader.decimals(r, "decimals");
        YamlNode h = r.obj("http");
        URI url = url(h);
        String amount = path(h, "amount");
        String timestamp = path(h, "timestamp");
        String unit = h.str("unit");
        String custodian = h.str("custodian", url.getHost());
        Duration poll = positive(h, "pollInterval", Duration.ofSeconds(60));
        Duration timeout = positive(h, "timeout", Duration.ofSeconds(10));
        Duration maxAge = positive(h, "maxAge", Duration.ofHours(1));
        long maxChangeBps = h.nonNegative("maxChangeBps", 0);
        Duration skew = h.duration("maxClockSkew", Duration.ofMinutes(1));
        String authHeader = null;
        Secret auth = null;
        YamlNode a = h.optObj("auth");
        if (a != null) {
            authHeader = header(a, "header", "Authorization");
            String name = a.str("secret");
            if (!SECRET_NAME.matcher(name).matches()) {
                throw a.error("secret", "expected the name of an environment variable or configuration key holding the"
                        + " header value, found '" + name + "'");
            }
            String value = secrets.apply(name).filter(v -> !v.isBlank()).orElseThrow(() -> a.error("secret",
                    "'" + name + "' is not set (an environment variable or configuration key with the header value)"));
            auth = new Secret(name, value);
            a.done();
        }
        String signer = null;
        String sigHeader = null;
        YamlNode s = h.optObj("signature");
        if (s != null) {
            String v = s.str("signer");
            try {
                signer = Addresses.evm(v);
            } catch (IllegalArgumentException e) {
                throw s.error("signer", e.getMessage());
            }
            sigHeader = header(s, "header", "X-Reserve-Signature");
            String scheme = s.str("scheme", "eip191");
            if (!scheme.toLowerCase(Locale.ROOT).equals("eip191")) {
                throw s.error("scheme", "only eip191 (personal_sign over the exact response body) is supported, found '"
                        + scheme + "'");
            }
            s.done();
        }
        h.done();
        r.done();
        OffchainSource o = new OffchainSource(chain, url, amount, timestamp, unit, custodian, poll, timeout, maxAge,
                maxChangeBps, skew, authHeader, auth, signer, sigHeader);
        return new ReserveSource(id, chain, SourceKind.HTTP, url.toString(), null, decimals, 0, o);
    }

    private static URI url(YamlNode h) {
        return httpUrl(h, "credentials in the URL are not allowed; use auth.secret (the URL is shown in the API)");
    }

    /**
     * {@code h.url}: an http:// or https:// URL with a host and no credentials ({@code credentials}: the message when
     * it has some).
     */
    static URI httpUrl(YamlNode h, String credentials) {
        String v = h.str("url");
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw h.error("url", "not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw h.error("url", "expected an http:// or https:// URL with a host");
        }
        if (u.getUserInfo() != null) {
            throw h.error("url", credentials);
        }
        return u;
    }

    private static String path(YamlNode h, String field) {
        String v = h.str(field);
        if (!FIELD_PATH.matcher(v).matches()) {
            throw h.error(field, "expected a dot path such as data.total or items.0.amount, found '" + v + "'");
        }
        return v;
    }

    private static String header(YamlNode n, String field, String fallback) {
        String v = n.str(field, fallback);
        if (!HEADER.matcher(v).matches()) {
            throw n.error(field, "not a valid HTTP header name: '" + v + "'");
        }
        return v;
    }

    private static Duration positive(YamlNode n, String field, Duration fallback) {
        Duration d = n.duration(field, fallback);
        if (d.isZero()) {
            throw n.error(field, "must be greater than zero");
        }
        return d;
    }
}
