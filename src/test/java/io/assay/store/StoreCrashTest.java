package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM ({@link CrashWriter}) with SIGKILL at random moments, 24 times, alternating the two
 * keyed-state backends and both sync modes, and after every kill reopens the store and checks that every committed
 * point is present exactly once, nothing above a checkpoint survived (points or keyed state), and verify passes.
 * The children resume the same stores, so later kills also hit recovery of earlier rollbacks.
 */
class StoreCrashTest {
    static final int KILLS = 24;

    @TempDir
    Path dir;

    /** What the parent knows of a chain from the child's output. */
    private static final class Known {
        long committed;
        Long pendingRollback;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killedWritersLoseNothingCommittedAndKeepNothingAboveTheCheckpoint() throws Exception {
        long seed = Long.getLong("assay.crash.seed", System.nanoTime());
        Random r = new Random(seed);
        Map<String, Map<String, Known>> known = new HashMap<>();
        int unprintedCommits = 0;
        int duringRollback = 0;
        for (int k = 0; k < KILLS; k++) {
            StoreOptions.Backend backend = k % 2 == 0 ? StoreOptions.Backend.CHRONICLE : StoreOptions.Backend.MMAP;
            StoreOptions.Sync sync = (k / 2) % 2 == 0 ? StoreOptions.Sync.COMMIT : StoreOptions.Sync.NONE;
            Path store = dir.resolve(backend.name().toLowerCase());
            Map<String, Known> chains = known.computeIfAbsent(backend.name(), x -> {
                Map<String, Known> m = new HashMap<>();
                for (String c : CrashWriter.CHAINS) {
                    m.put(c, new Known());
                }
                return m;
            });
            Path err = dir.resolve("child-" + k + ".err");
            Process p = child(store, backend, sync, seed + k, err);
            int wanted = 1 + r.nextInt(120);
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (lines.size() < wanted && (line = out.readLine()) != null) {
                    lines.add(line);
                }
                if (lines.size() < wanted) {
                    fail("child " + k + " ended by itself after " + lines.size() + " lines (seed " + seed + "): "
                            + Files.readString(err));
                }
                // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe
                assertTrue(p.toHandle().destroyForcibly(), "child " + k + " could not be killed");
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child " + k + " did not die");
                while ((line = out.readLine()) != null) {
                    lines.add(line); // printed before the kill: they count
                }
            }
            for (String line : lines) {
                String[] f = line.split(" ");
                Known c = chains.get(f[1]);
                long h = Long.parseLong(f[2]);
                switch (f[0]) {
                    case "C", "T" -> {
                        c.committed = h;
                        c.pendingRollback = null;
                    }
                    case "R" -> c.pendingRollback = h;
                    default -> fail("unexpected child output: " + line);
                }
            }
            try (Store s = Stores.open(store, CrashWriter.options(backend, sync))) {
                for (String chain : CrashWriter.CHAINS) {
                    Known c = chains.get(chain);
                    long cp = s.checkpoint(chain).map(Checkpoint::height).orElse(0L);
                    Set<Long> allowed = c.pendingRollback != null
                            ? Set.of(c.committed, c.pendingRollback)
                            : Set.of(c.committed, c.committed + 1);
                    assertTrue(allowed.contains(cp), "kill " + k + " (" + backend + ", " + sync + ", seed " + seed
                            + "): chain " + chain + " checkpoint " + cp + ", expected one of " + allowed);
                    if (c.pendingRollback != null) {
                        duringRollback++;
                    } else if (cp == c.committed + 1) {
                        unprintedCommits++;
                    }
                    checkChain(s, chain, cp, "kill " + k + " (" + backend + ", " + sync + ", seed " + seed + ")");
                    c.committed = cp;
                    c.pendingRollback = null;
                }
                VerifyReport v = s.verify();
                assertTrue(v.ok(), "kill " + k + ": " + v.problems());
            }
        }
        System.out.println("crash test: " + KILLS + " kills (seed " + seed + "), " + unprintedCommits
                + " right after a commit, " + duringRollback + " during a rollback");
    }

    private static void checkChain(Store s, String chain, long cp, String where) {
        KeyValue branches = s.state(chain, "branches", 16, 16);
        Map<Long, Long> branch = new HashMap<>();
        branches.forEach((k, v) -> branch.put(CrashWriter.long8(k), CrashWriter.long8(v)));
        Set<Long> expectedHeights = new TreeSet<>();
        for (long h = 1; h <= cp; h++) {
            expectedHeights.add(h);
        }
        assertEquals(expectedHeights, new TreeSet<>(branch.keySet()),
                where + ": chain " + chain + ": keyed state must hold exactly heights 1.." + cp);
        if (cp > 0) {
            Checkpoint c = s.checkpoint(chain).orElseThrow();
            assertArrayEquals(CrashWriter.hash(chain, cp, branch.get(cp)), c.hash(), where + ": checkpoint hash");
            assertEquals(CrashWriter.time(cp), c.time(), where + ": checkpoint time");
        }
        KeyValue bal = s.state(chain, "bal", 16, 16);
        Point p = new Point();
        for (int i = 0; i < CrashWriter.SERIES; i++) {
            List<String> expected = new ArrayList<>();
            long lastValue = -1;
            for (long h = 1; h <= cp; h++) {
                if (CrashWriter.changes(i, h)) {
                    lastValue = CrashWriter.value(h, branch.get(h));
                    expected.add(h + "@" + CrashWriter.time(h) + "=" + i + ":" + lastValue);
                }
            }
            int id = s.find(CrashWriter.key(chain, i)).orElseThrow();
            List<String> actual = new ArrayList<>();
            try (SeriesCursor cur = s.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (cur.next()) {
                    Point q = cur.point();
                    actual.add(q.height + "@" + q.time + "=" + q.value.hi() + ":" + q.value.lo());
                }
            }
            if (!expected.equals(actual)) {
                int d = 0;
                while (d < Math.min(expected.size(), actual.size()) && expected.get(d).equals(actual.get(d))) {
                    d++;
                }
                fail(where + ": series " + CrashWriter.key(chain, i) + ": expected " + expected.size()
                        + " points, found " + actual.size() + "; first difference at point " + d + ": expected "
                        + (d < expected.size() ? expected.get(d) : "none") + ", found "
                        + (d < actual.size() ? actual.get(d) : "none"));
            }
            byte[] b = bal.get(CrashWriter.balKey(i));
            assertEquals(lastValue, b == null ? -1 : CrashWriter.long8(b), where + ": keyed balance of series " + i);
            if (cp > 0) {
                assertEquals(lastValue >= 0, s.valueAt(id, CrashWriter.time(cp), p));
                if (lastValue >= 0) {
                    assertEquals(lastValue, p.value.lo(), where + ": valueAt at the checkpoint time");
                }
            }
        }
    }

    private static Process child(Path store, StoreOptions.Backend backend, StoreOptions.Sync sync, long seed, Path err)
            throws IOException {
        return ChildJvm.start(CrashWriter.class, err, List.of(store.toString(), backend.name(), sync.name(),
                Long.toString(seed)));
    }
}
