package io.assay.quorum;

import com.sun.net.httpserver.HttpServer;
import io.assay.attest.SignedReport;
import io.assay.attest.SigningKey;
import io.assay.attest.ReportDomain;
import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainSync;
import io.assay.chain.RetryPolicy;
import io.assay.chain.evm.EvmIndexers;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.por.PorEngine;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One independent Assay node for quorum tests: its own store, its own indexers (on the endpoints its profiles name),
 * its own engine and signing key. Its peer endpoint is a small HTTP server in the test tree that stands in for the
 * Quarkus API: it answers {@code GET /v1/assets/{asset}/quorum/report?round=n} with the same code the API resource
 * runs ({@link QuorumNode#own} written by {@link PeerReport#write}), and problem+json on a {@link QuorumException}.
 */
final class QuorumPeer implements AutoCloseable {
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(200), 30, Duration.ofSeconds(30));
    private static final Pattern PATH = Pattern.compile("/v1/assets/([^/]+)/quorum/report");

    final String name;
    final Store store;
    final List<ChainIndexer<?>> indexers = new ArrayList<>();
    final PorEngine engine;
    final QuorumRounds rounds;
    final SigningKey key;
    final QuorumNode self;
    private final HttpServer server;

    QuorumPeer(String name, Path dir, Profiles profiles, SigningKey key) {
        this.name = name;
        this.key = key;
        this.store = Stores.open(dir.resolve(name), StoreOptions.defaults().withSync(StoreOptions.Sync.NONE));
        ChainSync sync = new ChainSync();
        for (ChainProfile c : profiles.chains().values()) {
            ChainIndexer<?> ix = EvmIndexers.create(profiles, c, store, store.maxReorgDepth(c.name()), FAST);
            ix.reportSyncTo(sync).start();
            indexers.add(ix);
        }
        this.engine = new PorEngine(profiles, store, sync, Clock.systemUTC());
        this.rounds = new QuorumRounds(engine);
        this.self = QuorumNode.of(rounds, Optional.of(key), ReportDomain.of(1), List.of(), Set.of(), 1,
                new PeerClient(Duration.ofSeconds(2), 65536));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", ex -> {
            int status;
            String body;
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            String q = ex.getRequestURI().getQuery();
            if (!m.matches() || q == null || !q.startsWith("round=")) {
                status = 404;
                body = "{\"type\":\"urn:assay:problem:not-found\",\"status\":404,\"detail\":\"no such path\"}";
            } else {
                try {
                    SignedReport r = self.own(m.group(1), Long.parseLong(q.substring("round=".length())));
                    status = 200;
                    body = PeerReport.write(r, key.address()).toString();
                } catch (QuorumException e) {
                    status = 409;
                    body = "{\"type\":\"urn:assay:problem:" + e.slug() + "\",\"status\":409,\"detail\":"
                            + io.assay.attest.SignedReportJson.mapper().writeValueAsString(e.getMessage()) + "}";
                }
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String address() {
        return key.address();
    }

    /** A collector on this node: its own report plus the peers', {@code k} of the {@code allowed} signers. */
    QuorumNode collector(List<QuorumPeer> peers, Set<String> allowed, int k) {
        return QuorumNode.of(rounds, Optional.of(key), ReportDomain.of(1), peers.stream().map(p -> p.url().toString()).toList(),
                allowed, k, new PeerClient(Duration.ofSeconds(5), 65536));
    }

    @Override
    public void close() {
        server.stop(0);
        indexers.forEach(ChainIndexer::close);
        store.close();
    }
}
