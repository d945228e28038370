package io.assay.config;

import java.net.URI;

/**
 * One RPC endpoint. The URL may carry credentials or an API key (user info, query string, or a path
 * segment such as Infura's project id), so {@link #toString()} and {@link #redacted()} never show them:
 * only scheme, host and port reach logs and the API.
 */
public record Endpoint(URI uri, String kind) {
    /** A JSON-RPC endpoint (Bitcoin Core, EVM, Solana). */
    public static final String RPC = "rpc";
    /** An Esplora HTTP API (Bitcoin only), written {@code esplora+https://host/api} in a profile. */
    public static final String ESPLORA = "esplora";
    static final String ESPLORA_PREFIX = "esplora+";

    public Endpoint {
        if (!RPC.equals(kind) && !ESPLORA.equals(kind)) {
            throw new IllegalArgumentException("endpoint kind must be rpc or esplora");
        }
    }

    public Endpoint(URI uri) {
        this(uri, RPC);
    }

    public boolean isEsplora() {
        return ESPLORA.equals(kind);
    }

    /** Parses {@code http(s)://...} (JSON-RPC) or {@code esplora+http(s)://...} (an Esplora API base URL). */
    public static Endpoint parse(String url) {
        String t = url.trim();
        String kind = RPC;
        if (t.startsWith(ESPLORA_PREFIX)) {
            kind = ESPLORA;
            t = t.substring(ESPLORA_PREFIX.length());
        }
        URI u = URI.create(t);
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException("expected an http(s) URL with a host");
        }
        return new Endpoint(u, kind);
    }

    /** scheme://host:port, with user info, path and query removed. */
    public String redacted() {
        int port = uri.getPort();
        return (isEsplora() ? ESPLORA_PREFIX : "") + uri.getScheme() + "://" + uri.getHost() + (port >= 0 ? ":" + port : "")
                + ((uri.getRawPath() != null && uri.getRawPath().length() > 1) || uri.getRawQuery() != null ? "/…" : "");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
