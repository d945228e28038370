package io.assay.chain.bitcoin;

import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.store.SeriesNames;
import io.assay.store.ChildJvm;
import io.assay.store.Point;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import io.assay.store.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.assay.chain.bitcoin.Regtest.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kill and resume: a child JVM indexes a regtest chain with payments and spends into a store and is killed with
 * SIGKILL at a random commit, 8 times (alternating sync modes), resuming the same store each time. After every kill
 * the store verifies clean, holds nothing above its checkpoint, and every reserve series equals, at every height up to
 * the checkpoint, the balances replayed from the node's blocks with bitcoinj. A last child indexes to the tip, where the
 * balances equal {@code scantxoutset}.
 */
class BitcoinCrashTest {
    static final int KILLS = 8;
    static final Key KA = Key.of(41);
    static final Key KB = Key.of(42);
    static final String A = script("wpkh(" + KA.pub() + ")");
    static final String B = script("pkh(" + KB.pub() + ")");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void killedIndexersResumeWithoutLosingOrRepeatingABlock() throws Exception {
        long seed = Long.getLong("bitcoin.crash.seed", System.nanoTime());
        Random r = new Random(seed);
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.BITCOIN))) {
            BitcoinNode node = devnet.bitcoin();
            for (int round = 0; round < 30; round++) {
                node.payToScript(A, 10_000_000L + round);
                node.payToScript(B, 20_000_000L + round);
                node.generate(3);
                if (round % 3 == 2) {
                    Utxo a = Regtest.utxos(node, A).get(0);
                    Regtest.send(node, Regtest.signed(node, List.of(Spend.of(a)),
                            List.of(new Out(B, a.sats() - 10_000)), List.of(KA)));
                }
                node.generate(7);
            }
            long tip = node.height();
            Map<String, String> sources = new LinkedHashMap<>(Map.of("a", A, "b", B));
            Map<String, long[]> history = Regtest.replay(node, new HashSet<>(sources.values()), tip);
            Path store = dir.resolve("store");
            long lastCheckpoint = -1;
            int midway = 0;
            for (int k = 0; k < KILLS; k++) {
                StoreOptions.Sync sync = k % 2 == 0 ? StoreOptions.Sync.COMMIT : StoreOptions.Sync.NONE;
                Path err = dir.resolve("child-" + k + ".err");
                Process p = child(store, node, sync, tip, sources, err);
                int wanted = 1 + r.nextInt(40);
                int seen = 0;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while (seen < wanted && (line = out.readLine()) != null) {
                        if (line.startsWith("h ") && Long.parseLong(line.substring(2)) > lastCheckpoint) {
                            seen++; // a commit beyond what the last child left
                        }
                        if (line.equals("done")) {
                            break;
                        }
                    }
                    assertTrue(p.toHandle().destroyForcibly(), "child " + k + " could not be killed");
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child " + k + " did not die");
                }
                long cp = check(store, sources, history, "after kill " + k + " (seed " + seed + ", "
                        + Files.readString(err).lines().filter(l -> l.contains("ERROR")).toList() + ")");
                assertTrue(cp >= lastCheckpoint, "kill " + k + ": checkpoint went back from #" + lastCheckpoint + " to #" + cp);
                if (cp > lastCheckpoint && cp < tip) {
                    midway++;
                }
                lastCheckpoint = cp;
            }
            assertTrue(midway >= KILLS / 2, "kills landed in the middle of the backfill: " + midway);
            Process last = child(store, node, StoreOptions.Sync.COMMIT, tip, sources, dir.resolve("child-last.err"));
            String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(last.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, last.exitValue(), output + Files.readString(dir.resolve("child-last.err")));
            assertTrue(output.endsWith("done\n"), output);
            assertEquals(tip, check(store, sources, history, "at the tip"));
            try (Store s = Stores.open(store, BitcoinCrashChild.options(StoreOptions.Sync.NONE))) {
                assertEquals(Regtest.scan(node, A), Regtest.reserve(s, "res", "a"));
                assertEquals(Regtest.scan(node, B), Regtest.reserve(s, "res", "b"));
            }
        }
    }

    /** Checks the store after a kill; returns its checkpoint (-1 if none). */
    private static long check(Path dir, Map<String, String> sources, Map<String, long[]> history, String when) {
        try (Store s = Stores.open(dir, BitcoinCrashChild.options(StoreOptions.Sync.NONE))) {
            VerifyReport v = s.verify();
            assertTrue(v.ok(), when + ": " + v);
            long cp = s.checkpoint(Regtest.CHAIN).map(c -> c.height()).orElse(-1L);
            Point p = new Point();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                var id = s.find(SeriesNames.reserve("res", Regtest.CHAIN, e.getKey()));
                if (cp < 0) {
                    assertTrue(id.isEmpty() || !s.latest(id.getAsInt(), p), when + ": points without a checkpoint");
                    continue;
                }
                assertTrue(s.latest(id.getAsInt(), p), when);
                assertTrue(p.height <= cp, when + ": a point at #" + p.height + " above the checkpoint #" + cp);
                for (long h = 0; h <= cp; h++) {
                    long want = history.get(e.getValue())[(int) h];
                    Long have = Regtest.atHeight(s, SeriesNames.reserve("res", Regtest.CHAIN, e.getKey()), h);
                    assertEquals(want, have, when + ": " + e.getKey() + " at #" + h + " (checkpoint #" + cp + ")");
                }
            }
            return cp;
        }
    }

    private static Process child(Path store, BitcoinNode node, StoreOptions.Sync sync, long target,
                                 Map<String, String> sources, Path err) throws IOException {
        List<String> args = new ArrayList<>(List.of(store.toString(), node.url().toString(), sync.name(),
                Long.toString(target)));
        sources.forEach((id, hex) -> args.add(id + "=" + hex));
        return ChildJvm.start(BitcoinCrashChild.class, err, args);
    }
}
