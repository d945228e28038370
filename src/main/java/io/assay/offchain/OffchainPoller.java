package io.assay.offchain;

import io.assay.chain.ChainSync;
import io.assay.config.OffchainSource;
import io.assay.config.ReserveSource;
import io.assay.crypto.Eip191;
import io.assay.store.Checkpoint;
import io.assay.store.Point;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Polls one off-chain reserve source and records accepted answers in the store, under the source's own commit
 * unit ({@link OffchainSource#chain()}): each accepted answer whose attested time is newer than the last one is
 * committed at the next height (1, 2, 3...) with the attested time as block time and SHA-256 of the body as
 * block hash, so the store's one-commit-point-per-chain protocol and as-of queries hold as for a chain.
 *
 * <p>Checks, in order: HTTP 200; the EIP-191 signature when a signer is configured; JSON shape and exact amount;
 * attested time not beyond the clock skew, not before the last accepted one (and, at the same time, the same
 * amount); the change bound. A rejected answer is never recorded; see {@link OffchainStatus} for what it does
 * to the source's state. One poller is driven by one thread at a time (the store's writer rule).
 */
public final class OffchainPoller {
    private static final Logger LOG = Logger.getLogger(OffchainPoller.class);

    private final String asset;
    private final ReserveSource source;
    private final OffchainSource cfg;
    private final Store store;
    private final HttpClient http;
    private final ChainSync sync;
    private final Clock clock;
    private final OffchainStatus status;
    private long lastHeight = 0;
    private long lastTimeMillis = Long.MIN_VALUE;
    private BigInteger lastValue;

    public OffchainPoller(String asset, ReserveSource source, Store store, HttpClient http, ChainSync sync, Clock clock) {
        if (!source.isOffchain()) {
            throw new IllegalArgumentException("reserve source " + source.id() + " is not an off-chain source");
        }
        this.asset = asset;
        this.source = source;
        this.cfg = source.offchain();
        this.store = store;
        this.http = http;
        this.sync = sync;
        this.clock = clock;
        this.status = new OffchainStatus(asset, source.id(), cfg.chain(), cfg.custodian(), cfg.unit());
        Optional<Checkpoint> cp = store.checkpoint(cfg.chain());
        if (cp.isPresent()) {
            lastHeight = cp.get().height();
            lastTimeMillis = cp.get().time();
            OptionalInt sid = store.find(SeriesNames.reserve(asset, cfg.chain(), source.id()));
            Point p = new Point();
            if (sid.isPresent() && store.latest(sid.getAsInt(), p)) {
                lastValue = p.valueAsBigInteger();
            }
            status.restored(lastHeight, Instant.ofEpochMilli(lastTimeMillis), lastValue);
        }
    }

    public OffchainStatus status() {
        return status;
    }

    public ReserveSource source() {
        return source;
    }

    /** One poll: fetch, check, record. Never throws for a bad answer: it is reported in {@link #status()}. */
    public synchronized void pollOnce() {
        Instant now = clock.instant();
        try {
            Reading r = fetch(now);
            boolean recorded = record(r);
            status.accepted(now, lastHeight, Instant.ofEpochMilli(lastTimeMillis), lastValue);
            sync.trusted(cfg.chain());
            if (recorded) {
                LOG.debugf("%s/%s: recorded %s raw units attested at %s (#%d)", asset, source.id(), r.raw(),
                        r.attestedAt(), lastHeight);
            }
        } catch (Rejection e) {
            status.rejected(now, e);
            if (!e.kind().equals("failed")) {
                sync.suspect(cfg.chain(), e.kind() + ": " + e.getMessage());
            }
            LOG.warnf("%s/%s (%s): answer rejected (%s): %s", asset, source.id(), cfg, e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            Rejection r = new Rejection("failed", e.getClass().getSimpleName() + ": " + e.getMessage());
            status.rejected(now, r);
            LOG.errorf(e, "%s/%s (%s): poll failed", asset, source.id(), cfg);
        }
    }

    private Reading fetch(Instant now) throws Rejection {
        HttpRequest.Builder b = HttpRequest.newBuilder(cfg.url()).timeout(cfg.timeout()).GET()
                .header("Accept", "application/json");
        if (cfg.auth() != null) {
            b.header(cfg.authHeader(), cfg.auth().reveal());
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Rejection("failed", "request failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection("failed", "interrupted");
        }
        if (resp.statusCode() != 200) {
            throw new Rejection("failed", "HTTP " + resp.statusCode());
        }
        byte[] body = resp.body();
        String signer = null;
        if (cfg.signer() != null) {
            String sig = resp.headers().firstValue(cfg.signatureHeader()).orElse(null);
            if (sig == null || sig.isBlank()) {
                throw new Rejection("unsigned", "no " + cfg.signatureHeader() + " header; a signature by " + cfg.signer()
                        + " is required");
            }
            Optional<String> who = Eip191.recover(body, sig.trim());
            if (who.isEmpty()) {
                throw new Rejection("bad-signature", cfg.signatureHeader() + " is not a canonical 65-byte signature");
            }
            if (!who.get().equalsIgnoreCase(cfg.signer())) {
                throw new Rejection("bad-signature", "body signed by " + who.get() + ", expected " + cfg.signer());
            }
            signer = cfg.signer();
        }
        PayloadParser.Parsed p = PayloadParser.parse(body, cfg.amountField(), cfg.timestampField(), source.decimals());
        if (p.attestedAt().isAfter(now.plus(cfg.maxClockSkew()))) {
            throw new Rejection("future", "attested time " + p.attestedAt() + " is ahead of our clock " + now
                    + " by more than " + cfg.maxClockSkew());
        }
        return new Reading(p.raw(), p.attestedAt(), sha256(body), signer);
    }

    /** Records an accepted reading; false if it only repeated the last one. */
    private boolean record(Reading r) throws Rejection {
        long t = r.attestedAt().toEpochMilli();
        if (lastValue != null || lastTimeMillis != Long.MIN_VALUE) {
            if (t < lastTimeMillis) {
                throw new Rejection("backwards", "attested time " + r.attestedAt() + " is before the last accepted "
                        + Instant.ofEpochMilli(lastTimeMillis));
            }
            if (t == lastTimeMillis) {
                if (lastValue != null && !lastValue.equals(r.raw())) {
                    throw new Rejection("conflict", "amount " + r.raw() + " differs from " + lastValue
                            + " attested for the same time " + r.attestedAt());
                }
                return false;
            }
            if (lastValue != null && cfg.maxChangeBps() > 0 && lastValue.signum() > 0) {
                BigInteger change = r.raw().subtract(lastValue).abs();
                // exact: change / last > bps / 10000
                if (change.multiply(BigInteger.valueOf(10_000)).compareTo(lastValue.multiply(BigInteger.valueOf(cfg.maxChangeBps()))) > 0) {
                    throw new Rejection("jump", "amount " + r.raw() + " moves by more than " + cfg.maxChangeBps()
                            + " bps from the last accepted " + lastValue);
                }
            }
        }
        long h = lastHeight + 1;
        String chain = cfg.chain();
        int sid = store.series(SeriesNames.reserve(asset, chain, source.id()));
        int total = store.series(SeriesNames.reserveTotal(asset, chain));
        int heights = store.series(SeriesNames.committedHeight(chain));
        store.append(sid, h, t, r.raw());
        store.append(total, h, t, r.raw());
        store.append(heights, h, t, BigInteger.valueOf(h));
        store.commit(chain, h, r.bodyHash(), t);
        lastHeight = h;
        lastTimeMillis = t;
        lastValue = r.raw();
        return true;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
