package io.assay.config;

import java.net.URI;

/**
 * One RPC endpoint. The URL may carry credentials or an API key (user info, query string, or a path
 * segment such as Infura's project id), so {@link #toString()} and {@link #redacted()} never show them:
 * only scheme, host and port reach logs and the API.
 */
public record Endpoint(URI uri) {
    public static Endpoint parse(String url) {
        URI u = URI.create(url.trim());
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException("expected an http(s) URL with a host");
        }
        return new Endpoint(u);
    }

    /** scheme://host:port, with user info, path and query removed. */
    public String redacted() {
        int port = uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + (port >= 0 ? ":" + port : "")
                + ((uri.getRawPath() != null && uri.getRawPath().length() > 1) || uri.getRawQuery() != null ? "/…" : "");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
