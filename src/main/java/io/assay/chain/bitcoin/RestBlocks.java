package io.assay.chain.bitcoin;

import io.assay.chain.EndpointPool;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw blocks by hash: from Bitcoin Core's REST interface ({@code GET <rest>/block/<hash>.bin}, the fastest way: no
 * hex, no JSON) and, when REST is off or fails, from JSON-RPC {@code getblock <hash> 0} on the same endpoint.
 *
 * <p>Each RPC endpoint has its REST base: the profile's {@code rest} for the first endpoint when set, otherwise
 * {@code scheme://host:port/rest} of the endpoint itself (Core serves REST on its RPC port). A node started with
 * {@code -rest=0} answers 404 with an empty body; REST is then left alone for that endpoint for
 * {@link #REST_RETRY} and blocks come over RPC (logged once). Any other REST failure falls back to RPC for that block.
 *
 * <p>Thread-safe. Credentials are never logged: only {@code scheme://host:port}.
 */
final class RestBlocks {
    private static final Logger LOG = Logger.getLogger(RestBlocks.class);
    static final Duration REST_RETRY = Duration.ofMinutes(10);
    /** Larger than any block Core accepts (4 MB weight); a longer answer is refused. */
    private static final long MAX_BLOCK_BYTES = 8L << 20;

    private static final class Base {
        final URI uri;
        final String label;
        final String authorization;
        volatile long disabledUntil = Long.MIN_VALUE;
        volatile boolean disabled;

        Base(URI uri) {
            String userInfo = uri.getRawUserInfo();
            this.authorization = userInfo == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            String s = (userInfo == null ? uri.toString() : uri.toString().replace(userInfo + "@", ""));
            this.uri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            this.label = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + "/rest";
        }

        boolean usable() {
            return !disabled || System.nanoTime() - disabledUntil >= 0;
        }
    }

    private final String chain;
    private final Duration timeout;
    /** Per chain, not static: an HTTP client owns threads, which must not be created at native-image build time. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<JsonRpcClient, Base> bases = new IdentityHashMap<>();
    private final AtomicLong viaRest = new AtomicLong();
    private final AtomicLong viaRpc = new AtomicLong();

    RestBlocks(ChainProfile profile, EndpointPool pool) {
        this.chain = profile.name();
        this.timeout = profile.limits().timeout();
        List<EndpointPool.Member> members = pool.members();
        List<Endpoint> endpoints = profile.endpoints();
        for (int i = 0; i < members.size(); i++) {
            URI base;
            if (i == 0 && profile.restUrl() != null && !profile.restUrl().isBlank()) {
                base = URI.create(profile.restUrl().trim());
            } else if (i < endpoints.size()) {
                URI e = endpoints.get(i).uri();
                base = URI.create(e.getScheme() + "://" + (e.getRawUserInfo() == null ? "" : e.getRawUserInfo() + "@")
                        + e.getHost() + (e.getPort() >= 0 ? ":" + e.getPort() : "") + "/rest");
            } else {
                continue; // a pool built from clients without profile endpoints: RPC only
            }
            bases.put(members.get(i).client(), new Base(base));
        }
    }

    /** Closes the HTTP client (its connections and selector thread). */
    void close() {
        http.close();
    }

    long viaRest() {
        return viaRest.get();
    }

    long viaRpc() {
        return viaRpc.get();
    }

    /** The block {@code hash} (display-order hex) from {@code client}'s node: REST if possible, else RPC. */
    byte[] block(JsonRpcClient client, String hash) {
        Base b = bases.get(client);
        if (b != null && b.usable()) {
            byte[] raw = rest(b, hash);
            if (raw != null) {
                viaRest.incrementAndGet();
                return raw;
            }
        }
        byte[] raw = rpc(client, hash);
        viaRpc.incrementAndGet();
        return raw;
    }

    /** REST GET; null when RPC should be tried instead. */
    private byte[] rest(Base b, String hash) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(b.uri + "/block/" + hash + ".bin"))
                .timeout(timeout).GET();
        if (b.authorization != null) {
            req.header("Authorization", b.authorization);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            disable(b, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    Duration.ofMinutes(1));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RpcException.transport(b.label + ": interrupted", e);
        }
        byte[] body = r.body();
        if (r.statusCode() == 200) {
            if (b.disabled) {
                b.disabled = false;
                LOG.infof("%s: REST at %s answers again; blocks come over REST", chain, b.label);
            }
            if (body.length > MAX_BLOCK_BYTES) {
                throw RpcException.malformed(b.label + ": block " + hash + " answer of " + body.length
                        + " bytes is larger than any block", null);
            }
            return body;
        }
        if (r.statusCode() == 404 && body.length == 0) {
            // Core without -rest=1 has no handler for /rest/: a bare 404
            disable(b, "HTTP 404 with an empty body (the node runs without -rest=1?)", REST_RETRY);
        } else {
            LOG.debugf("%s: REST %s: block %s: HTTP %d %s; trying RPC", chain, b.label, hash, r.statusCode(),
                    new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).trim());
        }
        return null;
    }

    private void disable(Base b, String why, Duration pause) {
        b.disabledUntil = System.nanoTime() + pause.toNanos();
        if (!b.disabled) {
            b.disabled = true;
            LOG.warnf("%s: REST at %s unusable (%s); fetching blocks with getblock over JSON-RPC (slower), trying REST"
                    + " again in %d s", chain, b.label, why, pause.toSeconds());
        }
    }

    private static byte[] rpc(JsonRpcClient client, String hash) {
        String hex;
        try {
            hex = client.call("getblock", hash, 0).asText();
        } catch (RpcException e) {
            if (e.code() == -5 || e.code() == -1) {
                // not found / pruned on this node: another endpoint may have it
                throw new RpcException(e.getMessage(), 0, e.code(), true, 0, e);
            }
            throw e;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw RpcException.malformed(client.label() + ": getblock " + hash + " 0: answer is not hex", e);
        }
    }
}
