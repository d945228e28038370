package io.assay.chain;

import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The RPC endpoints of one chain, used by any chain family.
 *
 * <ul>
 *   <li>{@link #call} sends to the first endpoint (in configured order) that is usable and not backing off;
 *       a retryable failure (transport error, HTTP 429/5xx, malformed answer) puts that endpoint into
 *       exponential backoff with jitter and the call fails over to the next one. A 429's Retry-After is
 *       honoured: the endpoint gets no request before it has passed. When every endpoint is backing off the
 *       call waits for the earliest; after {@link RetryPolicy#maxAttempts()} or {@link RetryPolicy#budget()}
 *       the last error is thrown.</li>
 *   <li>An endpoint is <em>excluded</em> for the pool's lifetime when it reports another chain than the
 *       profile's ({@link #requireIdentity}) or a block hash that contradicts recorded data
 *       ({@link #exclude}); the reason is kept for {@code /v1/chains}. When no endpoint is left the chain
 *       halts ({@link ChainHaltedException}).</li>
 *   <li>Non-retryable JSON-RPC errors (invalid params, reverted calls, range limits) are thrown at once:
 *       the caller knows what they mean.</li>
 * </ul>
 * Thread-safe: backfill fetches call it from several threads.
 */
public final class EndpointPool {
    private static final Logger LOG = Logger.getLogger(EndpointPool.class);

    /** One endpoint with its health counters. */
    public static final class Member {
        private final int index;
        private final JsonRpcClient client;
        private final String label;
        private final RateLimiter limiter;
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicInteger consecutive = new AtomicInteger();
        private volatile long coolUntil = Long.MIN_VALUE;
        private volatile boolean cooling;
        private volatile boolean identityChecked;
        private volatile String excludedReason;
        private volatile String lastError;
        private volatile long lastLatencyNanos;

        Member(int index, JsonRpcClient client, String label, int requestsPerSecond) {
            this.index = index;
            this.client = client;
            this.label = label;
            this.limiter = new RateLimiter(requestsPerSecond);
        }

        public String label() {
            return label;
        }

        public JsonRpcClient client() {
            return client;
        }

        public long errors() {
            return errors.get();
        }

        public long requests() {
            return requests.get();
        }

        public boolean excluded() {
            return excludedReason != null;
        }

        boolean ready(long now) {
            return !cooling || now - coolUntil >= 0;
        }

        EndpointView view() {
            String state = excludedReason != null ? "excluded"
                    : cooling && System.nanoTime() - coolUntil < 0 ? "backoff"
                    : !identityChecked ? "unchecked" : "ok";
            return new EndpointView(label, state, requests.get(), errors.get(), consecutive.get(), lastError,
                    excludedReason, lastLatencyNanos / 1_000_000);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private record Identity(String what, Function<JsonRpcClient, String> probe, String expected) {
    }

    private final String chain;
    private final List<Member> members;
    private final RetryPolicy policy;
    private volatile Identity identity;

    public EndpointPool(String chain, List<JsonRpcClient> clients, RetryPolicy policy, int requestsPerSecond) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("chain " + chain + " has no RPC endpoint");
        }
        this.chain = chain;
        this.policy = policy;
        List<Member> ms = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            String base = clients.get(i).label();
            int n = seen.merge(base, 1, Integer::sum);
            ms.add(new Member(i, clients.get(i), n == 1 ? base : base + "#" + n, requestsPerSecond));
        }
        this.members = List.copyOf(ms);
    }

    /** A pool over the profile's endpoints, with its timeout and request rate. */
    public static EndpointPool of(ChainProfile profile, RetryPolicy policy) {
        List<JsonRpcClient> clients = new ArrayList<>();
        for (Endpoint e : profile.endpoints()) {
            clients.add(new JsonRpcClient(e.uri(), profile.limits().timeout()));
        }
        return new EndpointPool(profile.name(), clients, policy, profile.limits().requestsPerSecond());
    }

    public String chain() {
        return chain;
    }

    public List<Member> members() {
        return members;
    }

    /** Endpoints not excluded, in configured order. */
    public List<Member> usable() {
        return members.stream().filter(m -> !m.excluded()).toList();
    }

    public List<EndpointView> views() {
        return members.stream().map(Member::view).toList();
    }

    /**
     * Every endpoint must answer {@code probe} with {@code expected} (an EVM chain id, a Bitcoin genesis hash)
     * before it serves a call. Checks every endpoint now; one that cannot be reached now is checked before its
     * first use. An endpoint that answers something else is excluded.
     *
     * @throws ChainHaltedException if no endpoint is left
     */
    public void requireIdentity(String what, Function<JsonRpcClient, String> probe, String expected) {
        this.identity = new Identity(what, probe, expected);
        for (Member m : members) {
            try {
                checkIdentity(m);
            } catch (RpcException e) {
                failed(m, e);
                LOG.warnf("%s: %s did not answer the %s check yet: %s", chain, m.label, what, e.getMessage());
            }
        }
        requireSomeUsable();
    }

    private void checkIdentity(Member m) {
        Identity id = identity;
        if (id == null || m.identityChecked) {
            return;
        }
        String answer = timed(m, id.probe);
        if (!id.expected.equals(answer)) {
            exclude(m, "reports " + id.what + " " + answer + ", expected " + id.expected);
            return;
        }
        m.identityChecked = true;
    }

    /** Drops {@code m} for good and says why (logged, shown in status). */
    public void exclude(Member m, String reason) {
        if (m.excludedReason == null) {
            m.excludedReason = reason;
            LOG.errorf("%s: endpoint %s excluded: %s", chain, m.label, reason);
        }
    }

    private void requireSomeUsable() {
        if (usable().isEmpty()) {
            StringBuilder sb = new StringBuilder("no usable RPC endpoint:");
            for (Member m : members) {
                sb.append(' ').append(m.label).append(" (").append(m.excludedReason).append(')');
            }
            throw new ChainHaltedException(sb.toString());
        }
    }

    /**
     * Runs {@code op} against the pool with retries and failover (see the class comment).
     *
     * @param what short description for messages ({@code eth_getLogs 100-200})
     * @throws RpcException        the last failure once the attempts or the time budget are spent, or a
     *                             non-retryable error at once
     * @throws ChainHaltedException when every endpoint is excluded
     */
    public <T> T call(String what, Function<JsonRpcClient, T> op) {
        long start = System.nanoTime();
        long deadline = start + policy.budget().toNanos();
        RpcException last = null;
        for (int attempt = 1; ; attempt++) {
            requireSomeUsable();
            Member m = pick();
            if (m == null) {
                long wake = earliestReady();
                if (last != null && wake - deadline > 0) {
                    throw last;
                }
                sleepUntil(wake);
                m = pick();
                if (m == null) {
                    continue;
                }
            }
            try {
                checkIdentity(m);
                if (m.excluded()) {
                    continue;
                }
                return timed(m, op);
            } catch (RpcException e) {
                failed(m, e);
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
                if (attempt >= policy.maxAttempts() || System.nanoTime() - deadline > 0) {
                    throw new RpcException(what + " failed after " + attempt + " attempts: "
                            + e.getMessage(), e.httpStatus(), e.code(), true, 0, e);
                }
            }
        }
    }

    /**
     * Runs {@code op} on one endpoint only (cross-checks ask each endpoint the same question), retrying it
     * with backoff within the policy; no failover.
     */
    public <T> T callOn(Member m, Function<JsonRpcClient, T> op) {
        long deadline = System.nanoTime() + policy.budget().toNanos();
        for (int attempt = 1; ; attempt++) {
            if (!m.ready(System.nanoTime())) {
                sleepUntil(m.coolUntil);
            }
            try {
                checkIdentity(m);
                if (m.excluded()) {
                    throw RpcException.transport(m.label + ": excluded: " + m.excludedReason, null);
                }
                return timed(m, op);
            } catch (RpcException e) {
                failed(m, e);
                if (!e.retryable() || attempt >= policy.maxAttempts() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    private <T> T timed(Member m, Function<JsonRpcClient, T> op) {
        m.limiter.acquire();
        m.requests.incrementAndGet();
        long t0 = System.nanoTime();
        T out = op.apply(m.client);
        m.lastLatencyNanos = System.nanoTime() - t0;
        m.consecutive.set(0);
        m.cooling = false;
        return out;
    }

    private void failed(Member m, RpcException e) {
        m.errors.incrementAndGet();
        m.lastError = e.getMessage();
        if (!e.retryable()) {
            return;
        }
        int n = m.consecutive.incrementAndGet();
        long pause = policy.backoffNanos(n);
        if (e.httpStatus() == 429 && e.retryAfterMillis() > 0) {
            pause = Math.max(pause, e.retryAfterMillis() * 1_000_000L);
        }
        m.coolUntil = System.nanoTime() + pause;
        m.cooling = true;
        if (n == 1 || n % 10 == 0) {
            LOG.debugf("%s: %s failing (%d in a row), backing off %d ms: %s", chain, m.label, n, pause / 1_000_000,
                    e.getMessage());
        }
    }

    private Member pick() {
        long now = System.nanoTime();
        for (Member m : members) {
            if (!m.excluded() && m.ready(now)) {
                return m;
            }
        }
        return null;
    }

    private long earliestReady() {
        long best = 0;
        boolean any = false;
        for (Member m : members) {
            if (!m.excluded() && (!any || m.coolUntil - best < 0)) {
                best = m.coolUntil;
                any = true;
            }
        }
        return best;
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RpcException.transport("interrupted while backing off", e);
        }
    }
}
