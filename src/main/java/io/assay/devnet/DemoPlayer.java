package io.assay.devnet;

import io.assay.config.AssayConfig;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.por.PorEngine;
import io.assay.store.Checkpoint;
import io.assay.store.Store;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In demo mode, plays {@link DemoScenario} once the service is up: each step on the devnet, then a wait (polling
 * with a deadline) until every chain's indexer has committed the step's final blocks and the clock has passed
 * their times ({@link #settle()}), then {@code assay.demo.step-pause} so the history shows each step at its own time. With {@code assay.demo.play=false} the
 * devnet stays idle and tests drive the steps through {@link #scenario()} and {@link #waitForIndexers()}.
 * Outside demo mode it does nothing.
 */
@ApplicationScoped
public class DemoPlayer {
    private static final Logger LOG = Logger.getLogger(DemoPlayer.class);
    /** How long one step may take to be indexed on every chain before the demo gives up. */
    private static final Duration INDEX_DEADLINE = Duration.ofSeconds(120);

    @Inject
    AssayConfig config;
    @Inject
    DemoDevnet demoDevnet;
    @Inject
    Store store;
    @Inject
    Profiles profiles;
    @Inject
    PorEngine engine;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    private volatile Thread thread;
    private volatile DemoScenario scenario;

    void start(@Observes StartupEvent e) {
        if (!demoDevnet.enabled()) {
            return;
        }
        scenario = new DemoScenario(demoDevnet.devnet().orElseThrow(), demoDevnet.demo().orElseThrow());
        if (!config.demo().play()) {
            LOG.info("demo: devnet ready; the scenario is not played (assay.demo.play=false)");
            return;
        }
        Thread t = new Thread(this::play, "demo-player");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** The scenario on the demo devnet; empty outside demo mode. */
    public java.util.Optional<DemoScenario> scenario() {
        return java.util.Optional.ofNullable(scenario);
    }

    private void play() {
        try {
            waitForIndexers();
            waitForCut(settle());
            long pause = config.demo().stepPause().toMillis();
            for (int step = 1; step <= DemoScenario.STEPS; step++) {
                scenario.step(step);
                waitForIndexers();
                waitForCut(settle());
                LOG.infof("demo: step %d of %d indexed on every chain", step, DemoScenario.STEPS);
                if (step < DemoScenario.STEPS && pause > 0) {
                    Thread.sleep(pause); // presentation pacing between steps, not synchronisation
                }
            }
            LOG.infof("demo: scenario finished; try  curl -s http://127.0.0.1:%d/v1/assets/wbtc-demo", port);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.errorf(ex, "demo: scenario stopped: %s", ex.getMessage());
            }
        }
    }

    /**
     * Waits until every devnet chain's checkpoint reaches what is final on its node now (head minus the profile's
     * confirmations; every Solana shim slot is final).
     *
     * @throws DevnetException when an indexer does not get there within two minutes
     */
    public void waitForIndexers() {
        Devnet devnet = demoDevnet.devnet().orElseThrow(() -> new IllegalStateException("not in demo mode"));
        Map<String, Long> targets = new LinkedHashMap<>();
        for (long id : new long[]{1, 137, 43114}) {
            String chain = Devnet.chainName(id);
            targets.put(chain, devnet.evm(id).blockNumber() - confirmations(chain));
        }
        targets.put("bitcoin", devnet.bitcoin().height() - confirmations("bitcoin"));
        targets.put("solana", devnet.solana().slot());
        Poll.until(INDEX_DEADLINE, "indexers to reach " + targets, () -> targets.entrySet().stream()
                .allMatch(t -> store.checkpoint(t.getKey()).map(Checkpoint::height).orElse(-1L) >= t.getValue()));
    }

    /**
     * Waits until the wall clock is a full second past every indexed block's time, and returns a moment after all
     * of them. Hazard: block times have one-second resolution (a block made at 10.7 s is dated 10 s), and a node
     * may date a block after the clock (litecoind: later than the median of the last 11 blocks). Without this wait
     * the next step's first blocks could carry a time at or before this step's last ones, and an as-of answer at
     * the mark would mix two steps. After it, every block of the next step is later than the returned mark.
     */
    public Instant settle() {
        long latest = System.currentTimeMillis();
        for (String chain : profiles.chains().keySet()) {
            latest = Math.max(latest, store.checkpoint(chain).map(Checkpoint::time).orElse(0L));
        }
        Instant mark = Instant.ofEpochMilli(latest + 1);
        Instant next = mark.plusSeconds(1);
        Poll.until(Duration.ofSeconds(60), "the clock to pass " + next + " (after the newest indexed block)",
                () -> Instant.now().isAfter(next));
        return mark;
    }

    /**
     * Waits until every asset's cut has passed {@code mark}: every "now" answer (snapshot, mint check, rounds) then
     * includes what was indexed before it.
     */
    public void waitForCut(Instant mark) {
        Poll.until(INDEX_DEADLINE, "every asset's cut to pass " + mark, () -> profiles.assets().keySet().stream()
                .allMatch(a -> {
                    Instant at = engine.cut(a).at();
                    return at != null && !at.isBefore(mark);
                }));
    }

    private long confirmations(String chain) {
        return profiles.chain(chain).map(ChainProfile::finality)
                .map(f -> f.byTag() ? 0 : f.confirmations()).orElse(0L);
    }

    void stop(@Observes ShutdownEvent e) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
