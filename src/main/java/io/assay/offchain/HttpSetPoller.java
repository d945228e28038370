package io.assay.offchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.assay.chain.ChainSync;
import io.assay.chain.MembershipLog;
import io.assay.config.ReserveSet;
import io.assay.config.ReserveSource;
import io.assay.config.SetMember;
import io.assay.store.Checkpoint;
import io.assay.store.SeriesNames;
import io.assay.store.SetMembers;
import io.assay.store.Store;
import org.bitcoinj.base.BitcoinNetwork;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Polls one reserve set's HTTP(S) JSON list and records its membership ({@link MembershipLog}) under the set's own
 * commit unit ({@link ReserveSet#membershipChain()}): every accepted list is committed at the next height (1, 2,
 * 3...) with the poll time as block time and SHA-256 of the bodies as block hash, so a change is dated at the poll
 * that saw it and as-of queries hold as for a chain.
 *
 * <p>A list is refused, never applied, when: a request fails or answers other than HTTP 200 (not alarmed: the set
 * only ages) or JSON of the form;
 * the pages do not add up (the {@code total} is not reached when the pages end, a page gives more than asked,
 * {@code total} changes between pages); an entry kept is a duplicate or not an address of the set's network; it has
 * more than {@code maxMembers} entries; or it drops more than {@code maxShrinkBps} of the members in force. A refused
 * list marks the set suspect ({@link ChainSync#suspect}: the {@code reserve-set-refused} alert, stale answers) and
 * the last good set stays in force. One poller is driven by one thread at a time (the store's writer rule).
 */
public final class HttpSetPoller {
    private static final Logger LOG = Logger.getLogger(HttpSetPoller.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Largest body read per request. */
    static final int MAX_BODY = 8 << 20;
    /** Pages read at most per poll. */
    static final int MAX_PAGES = 1000;

    private final String asset;
    private final ReserveSource source;
    private final ReserveSet.Http cfg;
    private final String chain;
    private final Store store;
    private final HttpClient http;
    private final ChainSync sync;
    private final Clock clock;
    private final BitcoinNetwork network;
    private final MembershipLog log;
    private long lastHeight;
    private long lastTime = Long.MIN_VALUE;
    private volatile String lastRefusal;
    private volatile Instant lastAttempt;

    public HttpSetPoller(String asset, ReserveSource source, BitcoinNetwork network, Store store, HttpClient http,
                         ChainSync sync, Clock clock) {
        if (!source.isSet() || source.set().kind() != ReserveSet.Kind.HTTP) {
            throw new IllegalArgumentException("reserve source " + source.id() + " is not an HTTP reserve set");
        }
        this.asset = asset;
        this.source = source;
        this.cfg = source.set().http();
        this.chain = source.set().membershipChain();
        this.store = store;
        this.http = http;
        this.sync = sync;
        this.clock = clock;
        this.network = network;
        this.log = new MembershipLog(store, chain, asset, source.id());
        Optional<Checkpoint> cp = store.checkpoint(chain);
        if (cp.isPresent()) {
            lastHeight = cp.get().height();
            lastTime = cp.get().time();
        }
        log.reload();
    }

    public ReserveSource source() {
        return source;
    }

    /** Why the last list was refused, or null after a good one. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Polls whose list was refused or could not be read, since start. */
    public long refusals() {
        return refusals.get();
    }

    public Instant lastAttempt() {
        return lastAttempt;
    }

    /** One poll: fetch every page, check, record. Never throws for a bad list: it is refused and alarmed. */
    public synchronized void pollOnce() {
        Instant now = clock.instant();
        lastAttempt = now;
        try {
            List<SetMember> members = fetch();
            checkShrink(members);
            record(members, now);
            lastRefusal = null;
            sync.trusted(chain);
        } catch (Rejection e) {
            refusals.incrementAndGet();
            lastRefusal = e.kind() + ": " + e.getMessage();
            if (!e.kind().equals("failed")) {
                // a list that was read and does not hold up is alarmed; an unreachable one only ages (staleness)
                sync.suspect(chain, lastRefusal);
            }
            LOG.warnf("%s/%s (%s): list refused, the last good set (%d members) is kept: %s", asset, source.id(),
                    cfg.url(), log.size(), lastRefusal);
        } catch (RuntimeException e) {
            refusals.incrementAndGet();
            lastRefusal = "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "%s/%s (%s): poll failed", asset, source.id(), cfg.url());
        }
    }

    private final List<byte[]> bodies = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong refusals = new java.util.concurrent.atomic.AtomicLong();

    private List<SetMember> fetch() throws Rejection {
        bodies.clear();
        List<String> entries = new ArrayList<>();
        if (cfg.form() == ReserveSet.Form.ARRAY) {
            JsonNode a = get(cfg.url());
            if (!a.isArray()) {
                throw new Rejection("shape", "expected a JSON array of addresses");
            }
            for (JsonNode e : a) {
                if (!e.isTextual()) {
                    throw new Rejection("shape", "expected addresses as strings, found " + e.getNodeType());
                }
                entries.add(e.asText());
            }
        } else {
            paged(entries);
        }
        if (entries.size() > cfg.maxMembers()) {
            throw new Rejection("too-long", entries.size() + " entries, more than maxMembers " + cfg.maxMembers());
        }
        List<SetMember> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String e : entries) {
            SetMember m;
            try {
                m = SetMember.parse(e, network);
            } catch (IllegalArgumentException ex) {
                throw new Rejection("malformed", "entry '" + (e.length() > 100 ? e.substring(0, 100) + "…" : e)
                        + "' is not an address of " + network + ": " + ex.getMessage());
            }
            if (!seen.add(m.scriptHex())) {
                throw new Rejection("duplicate", "entry '" + e + "' is listed twice");
            }
            out.add(m);
        }
        return out;
    }

    /** WBTC's paged form: {@code {data:[{id,address,balance,type}], total, pageIndex, pageSize}}. */
    private void paged(List<String> entries) throws Rejection {
        long total = -1;
        long seen = 0;
        for (int page = 0; ; page++) {
            if (page >= MAX_PAGES) {
                throw new Rejection("pages", "more than " + MAX_PAGES + " pages");
            }
            JsonNode body = get(pageUrl(page));
            JsonNode data = body.get("data");
            JsonNode t = body.get("total");
            if (data == null || !data.isArray() || t == null || !t.canConvertToLong() || !t.isIntegralNumber()) {
                throw new Rejection("shape", "page " + page + ": expected {data: [...], total: <integer>, ...}");
            }
            JsonNode pi = body.get("pageIndex");
            if (pi != null && pi.canConvertToLong() && pi.asLong() != page) {
                throw new Rejection("pages", "asked page " + page + ", got pageIndex " + pi.asLong());
            }
            if (total >= 0 && t.asLong() != total) {
                throw new Rejection("pages", "total changed from " + total + " to " + t.asLong() + " between pages");
            }
            total = t.asLong();
            if (total < 0 || total > cfg.maxMembers() * 10L) {
                throw new Rejection("pages", "total " + total + " is out of range");
            }
            if (data.size() > cfg.pageSize()) {
                throw new Rejection("pages", "page " + page + " has " + data.size() + " entries, " + cfg.pageSize()
                        + " were asked");
            }
            for (JsonNode e : data) {
                JsonNode address = e.get("address");
                if (address == null || !address.isTextual()) {
                    throw new Rejection("shape", "page " + page + ": an entry has no address string");
                }
                JsonNode type = e.get("type");
                if (cfg.type() == null || (type != null && cfg.type().equals(type.asText()))) {
                    entries.add(address.asText());
                }
            }
            seen += data.size();
            if (seen > total) {
                throw new Rejection("pages", "the pages hold " + seen + " entries, more than total " + total);
            }
            if (seen == total) {
                return;
            }
            if (data.isEmpty() || data.size() < cfg.pageSize()) {
                throw new Rejection("pages", "the pages end after " + seen + " entries, total says " + total);
            }
        }
    }

    private URI pageUrl(int page) {
        String u = cfg.url().toString();
        return URI.create(u + (u.contains("?") ? "&" : "?") + "pageIndex=" + page + "&pageSize=" + cfg.pageSize());
    }

    private JsonNode get(URI url) throws Rejection {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(cfg.timeout()).GET().header("Accept", "application/json")
                .build();
        HttpResponse<java.io.InputStream> resp;
        byte[] body;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = resp.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
        } catch (IOException e) {
            throw new Rejection("failed", "request failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection("failed", "interrupted");
        }
        if (resp.statusCode() != 200) {
            throw new Rejection("failed", "HTTP " + resp.statusCode() + " from " + url);
        }
        if (body.length > MAX_BODY) {
            throw new Rejection("shape", "body larger than " + MAX_BODY + " bytes");
        }
        bodies.add(body);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new Rejection("shape", "not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private void checkShrink(List<SetMember> next) throws Rejection {
        int current = log.size();
        if (current == 0) {
            return;
        }
        Set<String> tags = new HashSet<>();
        for (SetMember m : next) {
            tags.add(SetMembers.tag(m.script()));
        }
        long dropped = log.current().stream().filter(m -> !tags.contains(m.tag())).count();
        // exact: dropped / current > maxShrinkBps / 10000
        if (dropped * 10_000L > cfg.maxShrinkBps() * current) {
            throw new Rejection("shrink", "the list drops " + dropped + " of " + current + " members, more than "
                    + cfg.maxShrinkBps() + " bps");
        }
    }

    private void record(List<SetMember> members, Instant now) {
        long t = Math.max(now.toEpochMilli(), lastTime == Long.MIN_VALUE ? Long.MIN_VALUE : lastTime);
        long h = lastHeight + 1;
        int changes = log.replace(members, h, t);
        store.append(store.series(SeriesNames.committedHeight(chain)), h, t, BigInteger.valueOf(h));
        store.commit(chain, h, digest(), t);
        lastHeight = h;
        lastTime = t;
        if (changes > 0) {
            LOG.infof("%s/%s: %d membership changes, %d members (#%d)", asset, source.id(), changes, log.size(), h);
        }
    }

    private byte[] digest() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] b : bodies) {
                d.update(b);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
