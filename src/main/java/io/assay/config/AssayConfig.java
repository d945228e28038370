package io.assay.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Top-level settings ({@code assay.*}). Chain endpoints are not here: they are read per chain as
 * {@code assay.chains.<name>.endpoints} (or {@code ASSAY_CHAINS_<NAME>_ENDPOINTS}) when profiles load.
 */
@ConfigMapping(prefix = "assay")
public interface AssayConfig {
    /**
     * A duration as Assay's settings, profiles, CLI options and query parameters write it, read by Quarkus'
     * {@link DurationConverter}: {@code 250ms}, {@code 45s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601
     * {@code PT1H}. An {@link IllegalArgumentException} says what is accepted; never negative.
     */
    static Duration duration(String text) {
        Duration d = parseDuration(text).orElseThrow(() -> new IllegalArgumentException(
                "expected a duration such as 250ms, 45s, 30m, 2h, 1d or ISO-8601 PT1H, found '" + text + "'"));
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative, found '" + text + "'");
        }
        return d;
    }

    /**
     * The duration {@code text} writes in the forms {@link #duration} accepts, which may be negative; empty when it is
     * none of them (for callers with their own messages and bounds, such as the API's {@code interval}).
     */
    static Optional<Duration> parseDuration(String text) {
        try {
            return Optional.ofNullable(text == null ? null : DurationConverter.parseDuration(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Folder with chain profiles ({@code *.yaml}) and {@code assets/*.yaml}. Default: {@code chains}, or the devnet's profiles in demo mode. */
    Optional<Path> profiles();

    /** Where the store keeps its files. */
    @WithName("data-dir")
    @WithDefault("data")
    Path dataDir();

    Demo demo();

    /** Signing of published reports (EIP-712 attestations); see docs/attestations.md. */
    Attest attest();

    Rounds rounds();

    /** Quorum of independent nodes over signed round reports; see docs/quorum.md. */
    Quorum quorum();

    /** Reserve sets whose membership changes over time; see docs/reserve-sets.md. */
    @WithName("reserve-sets")
    Sets reserveSets();

    interface Sets {
        /**
         * Whether reserve sets read from HTTP lists are polled ({@code assay.reserve-sets.http-polling}). On by default;
         * off in the test profile, so that tests loading the shipped asset profiles (WBTC's list at wbtc.network) reach
         * no outside host. Off, an HTTP set keeps the membership already in the store and ages: answers that use it
         * turn STALE after the asset's stalenessTolerance.
         */
        @WithName("http-polling")
        @WithDefault("true")
        boolean httpPolling();
    }

    interface Quorum {
        /**
         * The other nodes (this node may be among them; it is counted once): {@code http://host:port}, or
         * {@code dns://name:port} for every address a name resolves to (a Kubernetes headless service).
         */
        Optional<List<String>> peers();

        /** Signatures of distinct allowed signers a bundle needs. */
        @WithDefault("2")
        int k();

        /** The allowed signers' addresses (the keys of the n nodes). Empty: no quorum is collected. */
        Optional<List<String>> signers();

        /** Deadline of each request to a peer (connect and answer). */
        @WithDefault("3s")
        Duration timeout();

        /** A peer's answer larger than this many bytes is refused. */
        @WithName("max-bytes")
        @WithDefault("65536")
        int maxBytes();

        /** How often the latest round is collected to raise (or resolve) the quorum-disagreement alert; {@code off}: never. */
        @WithDefault("60s")
        String interval();
    }

    /** Alerts and their webhooks; see docs/offchain-and-alerts.md. */
    Alerts alerts();

    /** Liabilities publications for solvency (docs/liabilities.md, "Solvency in the signed report"). */
    Liabilities liabilities();

    interface Liabilities {
        /** Folder of per-asset folders of {@code publication.json} files; default {@code <data-dir>/liabilities}. */
        Optional<Path> dir();

        /** A {@code liabilities-stale} alert fires when the publication in force is older than this. */
        @WithName("max-age")
        @WithDefault("1d")
        String maxAge();
    }

    interface Alerts {
        /** How often every alert condition is evaluated. */
        @WithDefault("5s")
        String interval();

        /** No evaluation before this long after start (chains catching up are not news). */
        @WithName("startup-delay")
        @WithDefault("30s")
        String startupDelay();

        /**
         * A condition must be observed continuously this long before its alert fires (indexers of different chains
         * see a bridge transfer's two legs a few seconds apart; that is not a shortfall).
         */
        @WithName("pending-for")
        @WithDefault("30s")
        String pendingFor();

        /** A reorg deeper than this many blocks raises a {@code reorg} alert. */
        @WithName("reorg-depth")
        @WithDefault("3")
        long reorgDepth();

        /** How long a {@code reorg} alert stays active before it resolves. */
        @WithName("reorg-hold")
        @WithDefault("1h")
        String reorgHold();

        /** Attempts per webhook delivery (the first one included). */
        @WithName("max-attempts")
        @WithDefault("8")
        int maxAttempts();

        /** Delay before the first retry; doubles after each failed attempt. */
        @WithDefault("1s")
        String backoff();

        @WithName("max-backoff")
        @WithDefault("5m")
        String maxBackoff();

        /** Per webhook request. */
        @WithDefault("10s")
        String timeout();

        /** Webhook receivers by name: {@code assay.alerts.webhooks.<name>.url} etc. */
        Map<String, Webhook> webhooks();
    }

    interface Webhook {
        /** Where events are POSTed (http or https). */
        String url();

        /**
         * HMAC-SHA256 key for {@code X-Assay-Signature} (environment: {@code ASSAY_ALERTS_WEBHOOKS_<NAME>_SECRET}).
         * Never logged or shown by the API.
         */
        String secret();

        /** Only alerts about these assets; all when unset. */
        Optional<List<String>> assets();

        /** Only alerts about these chains or off-chain sources; all when unset. */
        Optional<List<String>> chains();

        /** Only these alert types (ratio-below-min, stale, reorg, reconcile-mismatch, endpoint-disagreement,
         * incumbent-divergence, incumbent-stale, burn-unmatched, quorum-disagreement, reserve-set-refused). */
        Optional<List<String>> types();
    }

    interface Rounds {
        /** How often every asset is checked for a new feed round (deviation or heartbeat). */
        @WithDefault("5s")
        String interval();
    }

    /**
     * Per-chain overrides, keyed by chain profile name: {@code assay.chains.ethereum.endpoints=url1,url2}
     * (environment: {@code ASSAY_CHAINS_ETHEREUM_ENDPOINTS}). Profiles read these when they load.
     */
    Map<String, ChainSettings> chains();

    interface ChainSettings {
        /** Replaces the profile's endpoints. URLs may carry credentials; they are never logged. */
        Optional<List<String>> endpoints();
    }

    /**
     * Where the signing key comes from and which EIP-712 domain reports are signed for. The key is looked for in
     * this order: {@code key-file}, the environment variable {@code ASSAY_ATTEST_KEY}, a fresh in-memory key
     * ({@code ephemeral-key}, on in the {@code dev}, {@code test} and {@code demo} profiles). With none of them Assay refuses to start, unless
     * {@code allow-unsigned} is set. The key itself is never a configuration value (it would show up in places
     * configuration is shown).
     */
    interface Attest {
        /**
         * A file holding the private key as 64 hex digits (optionally 0x-prefixed); in Kubernetes it is mounted from
         * a Secret (see docs/kubernetes.md). Environment: {@code ASSAY_ATTEST_KEY_FILE}.
         */
        @WithName("key-file")
        Optional<Path> keyFile();

        /** Generate a fresh key at start, kept in memory only (demo, dev and test; a new signer on every start). */
        @WithName("ephemeral-key")
        @WithDefault("false")
        boolean ephemeralKey();

        /** Start without a key and publish reports unsigned (data-only deployments). Off: no key means no start. */
        @WithName("allow-unsigned")
        @WithDefault("false")
        boolean allowUnsigned();

        /** EIP-712 domain {@code chainId}: the chain of the contract meant to consume reports. */
        @WithName("chain-id")
        @WithDefault("1")
        long chainId();

        /** EIP-712 domain {@code verifyingContract}, only when reports are meant for one on-chain verifier. */
        @WithName("verifying-contract")
        Optional<String> verifyingContract();
    }

    interface Demo {
        /**
         * Start the local devnet and index the demo asset (never in production). The {@code demo} profile sets it
         * ({@code ./assay demo}); only {@code devnet} reads it ({@code DemoDevnet}, {@code DemoWorkspace}).
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Play the devnet demo scenario ({@code devnet.DemoScenario}) once the service is up (demo mode only). Off:
         * the devnet stays idle after the contracts are deployed (tests that drive the steps themselves).
         */
        @WithDefault("true")
        boolean play();

        /** Pause after each indexed step, so every step shows at its own time in the history (pacing only). */
        @WithName("step-pause")
        @WithDefault("3s")
        Duration stepPause();
    }
}
