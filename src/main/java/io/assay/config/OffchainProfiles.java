package io.assay.config;

import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.runtime.annotations.RegisterForReflection;

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
 * Bound with Jackson YAML to the records below; errors name the file, line and field like every other profile error,
 * and a secret's value never appears in one.
 */
final class OffchainProfiles {
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    private static final ObjectReader ENTRY = ProfileDoc.mapper().readerFor(Entry.class);

    /** {@code reserves[i]} with an {@code http:}. */
    @RegisterForReflection
    record Entry(String id, String chain, Long decimals, Http http) {
    }

    /** {@code http:}: the custodian API. */
    @RegisterForReflection
    record Http(String url, String amount, String timestamp, String unit, String custodian, String pollInterval,
                String timeout, String maxAge, Long maxChangeBps, String maxClockSkew, Auth auth, Signature signature) {
    }

    /** {@code http.auth}: a header whose value is a secret named here. */
    @RegisterForReflection
    record Auth(String header, String secret) {
    }

    /** {@code http.signature}: who signs the response body, and in which header. */
    @RegisterForReflection
    record Signature(String signer, String header, String scheme) {
    }

    private OffchainProfiles() {
    }

    static ReserveSource reserve(ProfileDoc.At r, String assetId, Function<String, Optional<String>> secrets) {
        Entry e = r.bind(ENTRY);
        String id = r.text("id", e.id());
        ProfileLoader.checkId(r, "id", id);
        if (e.chain() != null) {
            throw r.error("chain", "an http (off-chain) reserve source has no chain: it is recorded as its own source '"
                    + OffchainSource.chainName(assetId, id) + "'");
        }
        String chain = OffchainSource.chainName(assetId, id);
        if (chain.length() > 64) {
            throw r.error("id", "asset id and source id together are too long for a series name ('" + chain
                    + "' has " + chain.length() + " characters, at most 64)");
        }
        int decimals = r.decimals("decimals", e.decimals());
        ProfileDoc.At h = r.at("http");
        Http p = e.http();
        URI url = httpUrl(h, p.url(), "credentials in the URL are not allowed; use auth.secret (the URL is shown in the API)");
        String amount = path(h, "amount", p.amount());
        String timestamp = path(h, "timestamp", p.timestamp());
        String unit = h.text("unit", p.unit());
        String custodian = p.custodian() == null ? url.getHost() : p.custodian();
        Duration poll = positive(h, "pollInterval", p.pollInterval(), Duration.ofSeconds(60));
        Duration timeout = positive(h, "timeout", p.timeout(), Duration.ofSeconds(10));
        Duration maxAge = positive(h, "maxAge", p.maxAge(), Duration.ofHours(1));
        long maxChangeBps = h.nonNegative("maxChangeBps", p.maxChangeBps(), 0);
        Duration skew = h.duration("maxClockSkew", p.maxClockSkew(), Duration.ofMinutes(1));
        String authHeader = null;
        Secret auth = null;
        if (p.auth() != null) {
            ProfileDoc.At a = h.at("auth");
            authHeader = header(a, "header", p.auth().header(), "Authorization");
            String name = a.text("secret", p.auth().secret());
            if (!SECRET_NAME.matcher(name).matches()) {
                throw a.error("secret", "expected the name of an environment variable or configuration key holding the"
                        + " header value, found '" + name + "'");
            }
            String value = secrets.apply(name).filter(v -> !v.isBlank()).orElseThrow(() -> a.error("secret",
                    "'" + name + "' is not set (an environment variable or configuration key with the header value)"));
            auth = new Secret(name, value);
        }
        String signer = null;
        String sigHeader = null;
        if (p.signature() != null) {
            ProfileDoc.At s = h.at("signature");
            signer = s.evm("signer", p.signature().signer());
            sigHeader = header(s, "header", p.signature().header(), "X-Reserve-Signature");
            String scheme = p.signature().scheme() == null ? "eip191" : p.signature().scheme();
            if (!scheme.toLowerCase(Locale.ROOT).equals("eip191")) {
                throw s.error("scheme", "only eip191 (personal_sign over the exact response body) is supported, found '"
                        + scheme + "'");
            }
        }
        OffchainSource o = new OffchainSource(chain, url, amount, timestamp, unit, custodian, poll, timeout, maxAge,
                maxChangeBps, skew, authHeader, auth, signer, sigHeader);
        return new ReserveSource(id, chain, SourceKind.HTTP, url.toString(), null, decimals, 0, o);
    }

    /**
     * {@code h.url}: an http:// or https:// URL with a host and no credentials ({@code credentials}: the message when
     * it has some).
     */
    static URI httpUrl(ProfileDoc.At h, String url, String credentials) {
        String v = h.text("url", url);
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

    private static String path(ProfileDoc.At h, String field, String value) {
        String v = h.text(field, value);
        if (!FIELD_PATH.matcher(v).matches()) {
            throw h.error(field, "expected a dot path such as data.total or items.0.amount, found '" + v + "'");
        }
        return v;
    }

    private static String header(ProfileDoc.At n, String field, String value, String fallback) {
        String v = value == null ? fallback : value;
        if (!HEADER.matcher(v).matches()) {
            throw n.error(field, "not a valid HTTP header name: '" + v + "'");
        }
        return v;
    }

    /** A duration greater than zero, {@code fallback} when not given. */
    static Duration positive(ProfileDoc.At n, String field, String value, Duration fallback) {
        Duration d = n.duration(field, value, fallback);
        if (d.isZero() || d.isNegative()) {
            throw n.error(field, "must be greater than zero");
        }
        return d;
    }
}
