package io.assay.devnet;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devnet leaves no process behind: not after close(), not after its JVM is killed with SIGKILL. */
class DevnetLifecycleTest {

    @Test
    void closeStopsEveryNode() {
        List<ProcessHandle> nodes;
        // only the nodes this devnet starts: another test's devnet may be running in this JVM (a Quarkus test
        // resource lives as long as its application)
        List<ProcessHandle> before = nodeProcesses();
        try (Devnet d = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.BITCOIN, Devnet.Node.SOLANA))) {
            nodes = nodeProcesses().stream().filter(p -> !before.contains(p)).toList();
            assertTrue(nodes.size() >= 3, "anvil, litecoind and the shim run: " + describe(nodes));
        }
        for (ProcessHandle p : nodes) {
            assertFalse(p.isAlive(), "still alive after close: " + describe(List.of(p)));
        }
    }

    @Test
    void killingTheJvmStopsEveryNode() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("devnet.project-dir", "devnet.dir")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add(DevnetChild.class.getName());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<Long> pids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("PIDS ")) {
                    for (String s : line.substring(5).trim().split(" ")) {
                        pids.add(Long.parseLong(s));
                    }
                    break;
                }
            }
            assertFalse(pids.isEmpty(), "child printed its node pids");
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node " + pid + " runs");
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            Poll.until(Duration.ofSeconds(20), "devnet nodes to stop after their JVM was killed",
                    () -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            child.destroyForcibly();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertEquals(137, child.exitValue());
    }

    /** Node processes (anvil, litecoind, node) started from this JVM. */
    static List<ProcessHandle> nodeProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("anvil") || c.contains("litecoin")
                        || c.endsWith("/node")).orElse(false))
                .toList();
    }

    static String describe(List<ProcessHandle> ps) {
        return ps.stream().map(p -> p.pid() + ":" + p.info().command().orElse("?")).toList().toString();
    }

    /** Runs in a child JVM: starts a devnet, prints the node pids, then waits to be killed. */
    public static final class DevnetChild {
        public static void main(String[] args) throws Exception {
            Devnet d = Devnet.start(EnumSet.of(Devnet.Node.POLYGON, Devnet.Node.BITCOIN, Devnet.Node.SOLANA));
            StringBuilder sb = new StringBuilder("PIDS");
            for (ProcessHandle p : nodeProcesses()) {
                sb.append(' ').append(p.pid());
            }
            System.out.println(sb);
            System.out.flush();
            // wait to be killed: stdin is the parent's pipe, so this returns only if the parent closes it or dies
            // (then close the devnet normally instead of lingering)
            while (System.in.read() >= 0) {
                // ignore input
            }
            d.close();
        }
    }
}
