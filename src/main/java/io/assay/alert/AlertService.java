package io.assay.alert;

import io.assay.chain.ChainRegistry;
import io.assay.config.AssayConfig;
import io.assay.config.AssetProfile;
import io.assay.config.Profiles;
import io.assay.config.Secret;
import io.assay.por.PorEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates alert conditions every {@code assay.alerts.interval} (after {@code startup-delay}), keeps their
 * edge-triggered state in an {@link AlertBook} and sends each change to the matching webhooks through a
 * {@link WebhookDispatcher}. Meters: {@code assay_alert_active{type,asset,chain}} (1 while firing, 0 after),
 * {@code assay_alert_firing} (active alerts), {@code assay_alert_fired_total{type}},
 * {@code assay_alert_deliveries_total{result=delivered|failed|retried}}.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a bad webhook setting stops startup instead of failing every evaluation
public class AlertService {
    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final AlertBook book;
    private final AlertEvaluator evaluator;
    private final WebhookDispatcher dispatcher;
    private final MeterRegistry meters;
    private final Set<String> metered = new HashSet<>();
    private final Map<String, List<Condition>> reported = new java.util.concurrent.ConcurrentHashMap<>();

    AlertService(AssayConfig config, Profiles profiles, PorEngine engine, ChainRegistry registry, MeterRegistry meters,
                 io.assay.por.LiabilityPublications liabilities) {
        AssayConfig.Alerts a = config.alerts();
        this.meters = meters;
        this.book = new AlertBook(duration("pending-for", a.pendingFor()));
        this.evaluator = new AlertEvaluator(engine, registry, a.reorgDepth(), duration("reorg-hold", a.reorgHold()),
                liabilities, durationOf("assay.liabilities.max-age", config.liabilities().maxAge()));
        List<WebhookTarget> targets = new ArrayList<>();
        for (Map.Entry<String, AssayConfig.Webhook> e : new java.util.TreeMap<>(a.webhooks()).entrySet()) {
            targets.add(target(e.getKey(), e.getValue()));
        }
        this.dispatcher = new WebhookDispatcher(targets, (t, alert) -> matches(profiles, t, alert),
                new WebhookDispatcher.Settings(a.maxAttempts(), duration("backoff", a.backoff()),
                        duration("max-backoff", a.maxBackoff()), duration("timeout", a.timeout())),
                Clock.systemUTC());
        targets.forEach(t -> LOG.infof("alert webhook %s -> %s (assets %s, chains %s, types %s)", t.name(), t.label(),
                t.assets().isEmpty() ? "all" : t.assets(), t.chains().isEmpty() ? "all" : t.chains(),
                t.types().isEmpty() ? "all" : t.types().stream().map(AlertType::wire).toList()));
        io.assay.metrics.Meters.drop(meters, java.util.List.of("assay.alert."), null, null);
        Gauge.builder("assay.alert.firing", book, b -> b.active().size()).register(meters);
        for (AlertType t : AlertType.values()) {
            FunctionCounter.builder("assay.alert.fired", book, b -> b.fired(t)).tags("type", t.wire()).register(meters);
        }
        FunctionCounter.builder("assay.alert.deliveries", dispatcher, WebhookDispatcher::delivered)
                .tags("result", "delivered").register(meters);
        FunctionCounter.builder("assay.alert.deliveries", dispatcher, WebhookDispatcher::failed)
                .tags("result", "failed").register(meters);
        FunctionCounter.builder("assay.alert.deliveries", dispatcher, WebhookDispatcher::retried)
                .tags("result", "retried").register(meters);
    }

    private static Duration durationOf(String fullKey, String value) {
        try {
            return AssayConfig.duration(value);
        } catch (IllegalArgumentException e) {
            throw new AlertConfigException(fullKey + ": " + e.getMessage());
        }
    }

    private static Duration duration(String key, String value) {
        try {
            return AssayConfig.duration(value);
        } catch (IllegalArgumentException e) {
            throw new AlertConfigException("assay.alerts." + key + ": " + e.getMessage());
        }
    }

    static WebhookTarget target(String name, AssayConfig.Webhook w) {
        String where = "assay.alerts.webhooks." + name;
        URI url;
        try {
            url = new URI(w.url());
        } catch (java.net.URISyntaxException e) {
            throw new AlertConfigException(where + ".url: not a URL (" + e.getReason() + ")");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new AlertConfigException(where + ".url: expected an http:// or https:// URL with a host");
        }
        if (w.secret().isBlank()) {
            throw new AlertConfigException(where + ".secret: empty; receivers need it to authenticate alerts");
        }
        Set<AlertType> types = new TreeSet<>();
        for (String t : w.types().orElse(List.of())) {
            try {
                types.add(AlertType.ofWire(t.trim()));
            } catch (IllegalArgumentException e) {
                throw new AlertConfigException(where + ".types: " + e.getMessage());
            }
        }
        return new WebhookTarget(name, url, new Secret(where + ".secret", w.secret()),
                Set.copyOf(w.assets().orElse(List.of())), Set.copyOf(w.chains().orElse(List.of())), Set.copyOf(types));
    }

    /** Does the webhook want this alert? See {@link WebhookTarget} for the rules. */
    static boolean matches(Profiles profiles, WebhookTarget t, Alert a) {
        if (!t.types().isEmpty() && !t.types().contains(a.type())) {
            return false;
        }
        if (!t.assets().isEmpty()) {
            boolean ok = a.asset() != null ? t.assets().contains(a.asset())
                    : t.assets().stream().anyMatch(id -> profiles.asset(id).map(p -> chains(p).contains(a.chain())).orElse(false));
            if (!ok) {
                return false;
            }
        }
        if (!t.chains().isEmpty()) {
            boolean ok = a.chain() != null ? t.chains().contains(a.chain())
                    : profiles.asset(a.asset()).map(p -> chains(p).stream().anyMatch(t.chains()::contains)).orElse(false);
            return ok;
        }
        return true;
    }

    private static Set<String> chains(AssetProfile p) {
        return PorEngine.chainsOf(p);
    }

    @Scheduled(every = "${assay.alerts.interval}", delayed = "${assay.alerts.startup-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        evaluateNow();
    }

    /** One evaluation: observe, update the book, dispatch the changes. Returns the changes. */
    public synchronized List<AlertEvent> evaluateNow() {
        java.time.Instant now = java.time.Instant.now();
        AlertEvaluator.Observation o;
        try {
            o = evaluator.evaluate(now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "alert evaluation failed");
            return List.of();
        }
        List<Condition> observed = new ArrayList<>(o.conditions());
        reported.values().forEach(observed::addAll);
        List<AlertEvent> events = book.update(observed, o.held(), now);
        for (AlertEvent e : events) {
            Alert a = e.alert();
            meter(a);
            if (e.event().equals(AlertEvent.FIRING)) {
                LOG.warnf("ALERT %s firing: %s", a.type().wire(), a.message());
            } else {
                LOG.infof("ALERT %s resolved (since %s): %s", a.type().wire(), a.startedAt(), a.message());
            }
            dispatcher.dispatch(e);
        }
        return events;
    }

    private void meter(Alert a) {
        if (metered.add(a.key())) {
            String key = a.key();
            Gauge.builder("assay.alert.active", book, b -> b.isActive(key) ? 1 : 0)
                    .tags(Tags.of("type", a.type().wire(), "asset", a.asset() == null ? "" : a.asset(),
                            "chain", a.chain() == null ? "" : a.chain()))
                    .register(meters);
        }
    }

    /**
     * Conditions observed by a check that runs elsewhere (e.g. the quorum check): {@code source}'s conditions replace
     * its previous ones and count in every evaluation until replaced; an empty list resolves them.
     */
    public void report(String source, List<Condition> conditions) {
        reported.put(source, List.copyOf(conditions));
    }

    public AlertBook book() {
        return book;
    }

    public WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    void stop(@Observes ShutdownEvent e) {
        dispatcher.close();
    }
}
