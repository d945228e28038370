package io.assay.por;

import io.assay.config.AssetProfile;
import io.assay.liabilities.ProofJson;
import io.assay.liabilities.Publication;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The liabilities publications of each asset, as a custodian publishes them ({@code assay liabilities build} writes a
 * {@code publication.json}): files {@code <dir>/<asset id>/*.json} and {@code <dir>/<asset id>/<name>/publication.json}.
 * The publication <b>in force</b> at a moment {@code T} is the one with the latest {@code asOf} at or before {@code T}
 * (equal {@code asOf}: the greatest publication id). The publication's asset used is the one named like the asset
 * id, else like its symbol (case-insensitive), else its only asset; its total is in the asset's raw units.
 *
 * <p>Files are re-read when they change (size or modification time); a file that is not a valid publication is
 * skipped with a warning (once per version of the file) and listed by {@link #problems(String)}.
 */
public final class LiabilityPublications {
    private static final Logger LOG = Logger.getLogger(LiabilityPublications.class);

    /** One publication of an asset: what a solvency report commits to. */
    public record Entry(Path file, String id, String liability, byte[] root, BigInteger total, long leaves,
                        Instant asOf) {
        public String rootHex() {
            return "0x" + HexFormat.of().formatHex(root);
        }
    }

    private record Cached(FileTime modified, long size, Entry entry, String problem) {
    }

    private final Path dir;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    /** {@code dir}: the folder of per-asset folders; it need not exist (then no asset has liabilities). */
    public LiabilityPublications(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every valid publication of {@code asset}, oldest first. */
    public List<Entry> all(AssetProfile asset) {
        List<Entry> out = new ArrayList<>();
        for (Path f : files(asset.id())) {
            Cached c = read(f, asset);
            if (c.entry() != null) {
                out.add(c.entry());
            }
        }
        out.sort(Comparator.comparing(Entry::asOf).thenComparing(Entry::id));
        return out;
    }

    /** The publication in force at {@code t}: the latest whose {@code asOf} is at or before it. */
    public Optional<Entry> inForce(AssetProfile asset, Instant t) {
        return inForce(all(asset), t);
    }

    /** Files of {@code asset} that are not valid publications, with why. */
    public List<String> problems(String asset) {
        List<String> out = new ArrayList<>();
        for (Path f : files(asset)) {
            Cached c = cache.get(f);
            if (c != null && c.problem() != null) {
                out.add(f + ": " + c.problem());
            }
        }
        return out;
    }

    /**
     * The liabilities part of a round: the publication in force at {@code at} against {@code reserves} (raw units at
     * {@code scale}); empty when the asset has no publication at or before {@code at}.
     */
    public Optional<Round.Liabilities> against(AssetProfile asset, BigInteger reserves, int scale, Instant at) {
        return inForce(asset, at).map(e -> against(e, asset, reserves, scale));
    }

    /** The publication in force at {@code t} among {@code all} (oldest first, as {@link #all} lists them). */
    public static Optional<Entry> inForce(List<Entry> all, Instant t) {
        Entry best = null;
        for (Entry e : all) {
            if (!e.asOf().isAfter(t)) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Publication {@code e} against {@code reserves} (raw units at {@code scale}): total rescaled, solvency ratio. */
    public static Round.Liabilities against(Entry e, AssetProfile asset, BigInteger reserves, int scale) {
        if (scale < asset.decimals()) {
            throw new IllegalStateException(asset.id() + ": reserves at " + scale + " decimals, below the asset's "
                    + asset.decimals());
        }
        BigInteger total = e.total().multiply(BigInteger.TEN.pow(scale - asset.decimals()));
        String ratio = total.signum() == 0 ? null : new BigDecimal(reserves).divide(new BigDecimal(total),
                PorEngine.RATIO_DIGITS, RoundingMode.DOWN).toPlainString();
        return new Round.Liabilities(e.id(), e.rootHex(), total.toString(), e.leaves(), e.asOf(), ratio);
    }

    private List<Path> files(String asset) {
        Path d = dir.resolve(asset);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) {
                    out.add(p);
                } else if (Files.isRegularFile(p.resolve("publication.json"))) {
                    out.add(p.resolve("publication.json"));
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list liabilities publications in %s: %s", d, e.getMessage());
        }
        return out;
    }

    private Cached read(Path f, AssetProfile asset) {
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(f);
            size = Files.size(f);
        } catch (IOException e) {
            return new Cached(null, -1, null, "cannot read: " + e.getMessage());
        }
        Cached c = cache.get(f);
        if (c != null && c.modified().equals(modified) && c.size() == size) {
            return c;
        }
        Entry entry = null;
        String problem = null;
        try {
            Publication p = ProofJson.readPublication(ProofJson.parse(Files.readAllBytes(f)));
            String name = liabilityName(p, asset);
            entry = new Entry(f, p.id(), name, p.root(), p.total(name), p.leaves(), Instant.parse(p.asOf()));
        } catch (IOException | IllegalArgumentException e) {
            problem = e.getMessage();
            LOG.warnf("liabilities publication %s of %s skipped: %s", f, asset.id(), problem);
        }
        c = new Cached(modified, size, entry, problem);
        cache.put(f, c);
        return c;
    }

    static String liabilityName(Publication p, AssetProfile asset) {
        if (p.assets().contains(asset.id())) {
            return asset.id();
        }
        for (String a : p.assets()) {
            if (asset.symbol() != null && a.toLowerCase(Locale.ROOT).equals(asset.symbol().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        if (p.assets().size() == 1) {
            return p.assets().get(0);
        }
        throw new IllegalArgumentException("publication " + p.id() + " has no asset named " + asset.id() + " or "
                + asset.symbol() + " (it has " + p.assets() + ")");
    }
}
