package io.assay.offchain;

import io.assay.chain.ChainSync;
import io.assay.config.AssetProfile;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.store.Store;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls every off-chain reserve source of every asset on its {@code pollInterval}, from application start to
 * shutdown, and every reserve set read from an HTTP list (unless {@code assay.reserve-sets.http-polling} is false).
 * Meters (Prometheus names): {@code assay_offchain_state{asset,source}} (0 ok or new, 1 failing,
 * 2 suspect), {@code assay_offchain_attested_age_seconds}, {@code assay_offchain_accepted_total},
 * {@code assay_offchain_rejected_total{kind}}; per reserve set whose membership changes (contract, events, http;
 * docs/reserve-sets.md) {@code assay_reserve_set_members{asset,set,kind}} (members in force as committed),
 * {@code assay_reserve_set_refresh_age_seconds} (wall clock minus the time of the set's last commit: the last list
 * block read or the last good poll) and {@code assay_reserve_set_refusals_total} (HTTP lists refused or not read;
 * always 0 for on-chain lists, which are never refused).
 */
@ApplicationScoped
public class OffchainService {
    private static final Logger LOG = Logger.getLogger(OffchainService.class);
    private static final List<String> KINDS = List.of("failed", "malformed", "unsigned", "bad-signature", "backwards",
            "conflict", "future", "jump");

    private final Profiles profiles;
    private final Store store;
    private final ChainSync sync;
    private final MeterRegistry meters;
    private final boolean setPolling;
    private final List<OffchainPoller> pollers = new ArrayList<>();
    private final List<HttpSetPoller> setPollers = new ArrayList<>();
    private ScheduledExecutorService executor;

    OffchainService(Profiles profiles, Store store, ChainSync sync, MeterRegistry meters,
                    io.assay.config.AssayConfig config) {
        this.profiles = profiles;
        this.store = store;
        this.sync = sync;
        this.meters = meters;
        this.setPolling = config.reserveSets().httpPolling();
    }

    void start(@Observes StartupEvent e) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        for (AssetProfile a : profiles.assets().values()) {
            for (ReserveSource r : a.reserves()) {
                if (r.isOffchain()) {
                    OffchainPoller p = new OffchainPoller(a.id(), r, store, http, sync, Clock.systemUTC());
                    pollers.add(p);
                    bind(p.status());
                } else if (r.isSet() && r.set().kind() == io.assay.config.ReserveSet.Kind.HTTP) {
                    // a reserve set read from an HTTP list (docs/reserve-sets.md)
                    org.bitcoinj.base.BitcoinNetwork network = io.assay.config.Addresses.bitcoinNetwork(
                            profiles.chain(r.chain()).orElseThrow().network());
                    HttpSetPoller p = new HttpSetPoller(a.id(), r, network, store, http, sync, Clock.systemUTC());
                    setPollers.add(p);
                    bindSet(a.id(), r, p);
                } else if (r.isSet() && r.set().membershipChain() != null) {
                    bindSet(a.id(), r, null);
                }
            }
        }
        List<HttpSetPoller> polled = setPolling ? setPollers : List.of();
        if (!setPolling) {
            for (HttpSetPoller p : setPollers) {
                LOG.infof("reserve set %s (%s) not polled (assay.reserve-sets.http-polling is false): its membership"
                        + " is what the store holds", p.source().id(), p.source().set().http().url());
            }
        }
        if (pollers.isEmpty() && polled.isEmpty()) {
            return;
        }
        executor = Executors.newScheduledThreadPool(Math.min(4, pollers.size() + polled.size()), r -> {
            Thread t = new Thread(r, "offchain-poller");
            t.setDaemon(true);
            return t;
        });
        for (HttpSetPoller p : polled) {
            executor.scheduleWithFixedDelay(p::pollOnce, 0, p.source().set().http().pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.infof("reserve set %s (%s) polled every %s", p.source().id(), p.source().set().http().url(),
                    p.source().set().http().pollInterval());
        }
        for (OffchainPoller p : pollers) {
            long every = p.source().offchain().pollInterval().toMillis();
            executor.scheduleWithFixedDelay(p::pollOnce, 0, every, TimeUnit.MILLISECONDS);
            LOG.infof("off-chain source %s/%s (%s) polled every %s", p.status().asset(), p.status().source(),
                    p.source().offchain(), p.source().offchain().pollInterval());
        }
    }

    void stop(@Observes ShutdownEvent e) {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                executor.shutdownNow();
            }
        }
    }

    /** The poller of the HTTP reserve set recorded under {@code membershipChain}, if it is one. */
    public Optional<HttpSetPoller> setPoller(String membershipChain) {
        return setPollers.stream().filter(p -> p.source().set().membershipChain().equals(membershipChain)).findFirst();
    }

    /** Whether HTTP reserve-set lists are polled ({@code assay.reserve-sets.http-polling}). */
    public boolean setPolling() {
        return setPolling;
    }

    private void bindSet(String asset, ReserveSource r, HttpSetPoller poller) {
        String chain = r.set().membershipChain();
        Tags t = Tags.of("asset", asset, "set", r.id(), "kind", r.set().kind().name().toLowerCase(java.util.Locale.ROOT));
        io.assay.metrics.Meters.drop(meters, java.util.List.of("assay.reserve.set."), t);
        Gauge.builder("assay.reserve.set.members", store,
                st -> io.assay.store.SetMembers.inForce(st, asset, chain, r.id())).tags(t).register(meters);
        Gauge.builder("assay.reserve.set.refresh.age.seconds", store, st -> st.checkpoint(chain)
                .map(c -> Math.max(0, System.currentTimeMillis() - c.time()) / 1000.0).orElse(Double.NaN))
                .tags(t).register(meters);
        FunctionCounter.builder("assay.reserve.set.refusals", this, x -> poller == null ? 0 : poller.refusals())
                .tags(t).register(meters);
    }

    public List<OffchainStatus> statuses() {
        return pollers.stream().map(OffchainPoller::status).toList();
    }

    public Optional<OffchainStatus> status(String asset, String source) {
        return statuses().stream().filter(s -> s.asset().equals(asset) && s.source().equals(source)).findFirst();
    }

    private void bind(OffchainStatus s) {
        Tags t = Tags.of("asset", s.asset(), "source", s.source());
        io.assay.metrics.Meters.drop(meters, java.util.List.of("assay.offchain."), t);
        Gauge.builder("assay.offchain.state", s, x -> switch (x.state()) {
            case NEW, OK -> 0;
            case FAILING -> 1;
            case SUSPECT -> 2;
        }).tags(t).register(meters);
        Gauge.builder("assay.offchain.attested.age.seconds", s, x -> {
            Instant at = x.attestedAt();
            return at == null ? Double.NaN : Duration.between(at, Instant.now()).toMillis() / 1000.0;
        }).tags(t).register(meters);
        FunctionCounter.builder("assay.offchain.accepted", s, OffchainStatus::acceptedCount).tags(t).register(meters);
        for (String kind : KINDS) {
            FunctionCounter.builder("assay.offchain.rejected", s, x -> x.rejectedCount(kind)).tags(t.and("kind", kind))
                    .register(meters);
        }
    }
}
