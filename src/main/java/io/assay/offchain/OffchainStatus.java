package io.assay.offchain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live state of one off-chain source: written by its poller, read by the API, metrics and alerts from any thread.
 * {@code OK}: the last answer was accepted (or equal to the last accepted one). {@code FAILING}: the last request
 * failed (transport or HTTP status); the recorded value ages out by the source's {@code maxAge}. {@code SUSPECT}:
 * the last answer was malformed, unsigned, wrongly signed, went back in time, lay in the future or jumped; it was
 * not recorded and snapshots using the source's newest value are stale until a good answer arrives.
 */
public final class OffchainStatus {
    public enum State { NEW, OK, FAILING, SUSPECT }

    private final String asset;
    private final String source;
    private final String chain;
    private final String custodian;
    private final String unit;
    private volatile State state = State.NEW;
    private volatile String lastProblem;
    private volatile String lastProblemKind;
    private volatile Instant lastPollAt;
    private volatile Instant lastAcceptedAt;
    private volatile Instant attestedAt;
    private volatile BigInteger value;
    private volatile long height = -1;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();

    public OffchainStatus(String asset, String source, String chain, String custodian, String unit) {
        this.asset = asset;
        this.source = source;
        this.chain = chain;
        this.custodian = custodian;
        this.unit = unit;
    }

    void restored(long height, Instant attestedAt, BigInteger value) {
        this.height = height;
        this.attestedAt = attestedAt;
        this.value = value;
    }

    void accepted(Instant now, long height, Instant attestedAt, BigInteger value) {
        polls.incrementAndGet();
        accepted.incrementAndGet();
        this.lastPollAt = now;
        this.lastAcceptedAt = now;
        this.height = height;
        this.attestedAt = attestedAt;
        this.value = value;
        this.state = State.OK;
        this.lastProblem = null;
        this.lastProblemKind = null;
    }

    void rejected(Instant now, Rejection r) {
        polls.incrementAndGet();
        rejected.computeIfAbsent(r.kind(), k -> new AtomicLong()).incrementAndGet();
        this.lastPollAt = now;
        this.lastProblem = r.getMessage();
        this.lastProblemKind = r.kind();
        this.state = r.kind().equals("failed") ? State.FAILING : State.SUSPECT;
    }

    public String asset() { return asset; }

    public String source() { return source; }

    public String chain() { return chain; }

    public String custodian() { return custodian; }

    public String unit() { return unit; }

    public State state() { return state; }

    public String lastProblem() { return lastProblem; }

    public String lastProblemKind() { return lastProblemKind; }

    public Instant lastPollAt() { return lastPollAt; }

    public Instant lastAcceptedAt() { return lastAcceptedAt; }

    public Instant attestedAt() { return attestedAt; }

    public BigInteger value() { return value; }

    public long height() { return height; }

    public long polls() { return polls.get(); }

    public long acceptedCount() { return accepted.get(); }

    public long rejectedCount(String kind) {
        AtomicLong n = rejected.get(kind);
        return n == null ? 0 : n.get();
    }

    public Map<String, Long> rejectedByKind() {
        Map<String, Long> out = new TreeMap<>();
        rejected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
