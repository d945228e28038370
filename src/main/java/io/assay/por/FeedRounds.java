package io.assay.por;

import io.assay.config.AssetProfile;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens feed rounds: for each asset, a new round when its reserves or its ratio move by at least the
 * asset's deviation threshold from the last round, or when the heartbeat has elapsed since it. Only fresh,
 * consistent snapshots open rounds; a stale or refused one opens none (the heartbeat then visibly lapses).
 */
public final class FeedRounds implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FeedRounds.class);

    private final PorEngine engine;
    private final Path dir;
    private final Map<String, RoundLog> logs = new ConcurrentHashMap<>();
    private final LiabilityPublications liabilities;

    public FeedRounds(PorEngine engine, Path dir) {
        this(engine, dir, null);
    }

    /**
     * @param liabilities where the assets' liabilities publications are, or null: a round carries the publication
     *                    in force at its moment (solvency), and a new publication opens a round
     *                    ({@code liabilities} trigger)
     */
    public FeedRounds(PorEngine engine, Path dir, LiabilityPublications liabilities) {
        this.engine = engine;
        this.dir = dir;
        this.liabilities = liabilities;
        for (String asset : engine.profiles().assets().keySet()) {
            logs.put(asset, RoundLog.open(dir, asset));
        }
    }

    public RoundLog log(String asset) {
        engine.asset(asset); // unknown asset -> UnknownAssetException
        return logs.get(asset);
    }

    /** Checks every asset; returns the rounds opened. */
    public List<Round> tick() {
        List<Round> opened = new ArrayList<>();
        for (String asset : logs.keySet()) {
            try {
                tick(asset).ifPresent(opened::add);
            } catch (RuntimeException e) {
                LOG.errorf(e, "feed round check for %s failed", asset);
            }
        }
        return opened;
    }

    /** Opens a round for {@code asset} if its deviation or heartbeat rule says so. */
    public synchronized Optional<Round> tick(String assetId) {
        AssetProfile a = engine.asset(assetId);
        Snapshot s = engine.latest(assetId);
        if (s.status() != Snapshot.Status.OK) {
            LOG.debugf("no round for %s: %s %s", assetId, s.status(), s.reasons());
            return Optional.empty();
        }
        // Every round is signed, and a signature names the exact blocks: wait until each chain's height has a known
        // hash. It is unknown when "now" falls before the newest indexed block's time (a node may date blocks ahead
        // of the clock: litecoind/bitcoind by the median-time rule; the engine then answers from an older height).
        Optional<ChainFreshness> unhashed = s.chains().stream().filter(c -> c.blockHash() == null).findFirst();
        if (unhashed.isPresent()) {
            LOG.debugf("no round for %s yet: no block hash known for %s at #%d", assetId, unhashed.get().chain(),
                    unhashed.get().height());
            return Optional.empty();
        }
        RoundLog log = logs.get(assetId);
        Optional<Round> last = log.latest();
        Round.Liabilities owed = liabilities == null ? null
                : liabilities.against(a, s.reservesTotal().raw(), s.scale(), s.asOf()).orElse(null);
        String trigger;
        if (last.isEmpty()) {
            trigger = "first";
        } else if (deviates(last.get(), s, a.policy().deviationBps())) {
            trigger = "deviation";
        } else if (!sameRoot(last.get().liabilities(), owed)) {
            trigger = "liabilities";
        } else if (!s.asOf().isBefore(last.get().updatedAt().plus(a.policy().heartbeat()))) {
            trigger = "heartbeat";
        } else {
            return Optional.empty();
        }
        long id = log.size() + 1;
        List<Round.ChainHeight> heights = s.chains().stream()
                .map(c -> new Round.ChainHeight(c.chain(), c.height(), c.blockHash(), c.blockTime()))
                .toList();
        Instant at = s.asOf();
        Round r = new Round(assetId, id, s.reservesTotal().raw().toString(), s.scale(), s.reservesTotal().raw().toString(),
                s.supplyTotal().raw().toString(), s.excludedTotal().raw().toString(), s.circulating().raw().toString(),
                s.ratio(), at, at, id, trigger, heights, owed);
        log.append(r);
        LOG.infof("round %d of %s (%s): reserves %s, circulating %s, ratio %s%s", id, assetId, trigger,
                s.reservesTotal().decimal(), s.circulating().decimal(), s.ratio(), owed == null ? ""
                        : ", liabilities " + owed.total() + " (publication " + owed.publication() + "), solvency ratio "
                        + owed.ratio());
        return Optional.of(r);
    }

    private static boolean sameRoot(Round.Liabilities a, Round.Liabilities b) {
        return a == null ? b == null : b != null && a.root().equalsIgnoreCase(b.root());
    }

    /** True if reserves, circulating supply or the ratio moved by at least {@code bps} basis points. */
    static boolean deviates(Round last, Snapshot s, long bps) {
        return moved(new BigInteger(last.reserves()), s.reservesTotal().raw(), bps)
                || moved(new BigInteger(last.circulating()), s.circulating().raw(), bps)
                || (last.ratio() == null) != (s.ratio() == null)
                || (last.ratio() != null && moved(new BigDecimal(last.ratio()), new BigDecimal(s.ratio()), bps));
    }

    private static boolean moved(BigInteger before, BigInteger now, long bps) {
        return moved(new BigDecimal(before), new BigDecimal(now), bps);
    }

    /** |now - before| * 10000 >= bps * |before|, exactly; from zero, any change is a move. */
    private static boolean moved(BigDecimal before, BigDecimal now, long bps) {
        BigDecimal diff = now.subtract(before).abs();
        if (before.signum() == 0) {
            return diff.signum() != 0;
        }
        return diff.multiply(BigDecimal.valueOf(10_000)).compareTo(before.abs().multiply(BigDecimal.valueOf(bps))) >= 0
                && diff.signum() != 0;
    }


    @Override
    public void close() {
        logs.values().forEach(RoundLog::close);
    }

}
