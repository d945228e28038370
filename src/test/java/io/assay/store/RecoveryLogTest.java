package io.assay.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a SIGKILL, reopening a Chronicle-backed store logs what recovery did in one INFO or WARN line per map and
 * nothing at ERROR (Chronicle's per-repair ERROR lines are not passed on), and the recovered store verifies. Three
 * kills of a writing child JVM ({@link CrashWriter}). Chronicle's two fixed recovery warnings are silenced by the
 * app's log configuration (application.yaml), which this plain test does not load.
 */
class RecoveryLogTest {
    @TempDir
    Path dir;

    /** Every record logged anywhere while it is installed on the root logger. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void recoveryAfterAKillIsOneLinePerMapAndNoError() throws Exception {
        Path store = dir.resolve("store");
        for (int k = 0; k < 3; k++) {
            Path err = dir.resolve("child-" + k + ".err");
            Process p = ChildJvm.start(CrashWriter.class, err, List.of(store.toString(),
                    StoreOptions.Backend.CHRONICLE.name(), StoreOptions.Sync.values()[0].name(), Long.toString(42 + k)));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                int lines = 0;
                while (lines < 40 + 20 * k && out.readLine() != null) {
                    lines++;
                }
                assertTrue(lines > 0, () -> "child wrote nothing: " + read(err));
                assertTrue(p.toHandle().destroyForcibly(), "child could not be killed");
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not die");
            }

            Capture capture = new Capture();
            Logger root = Logger.getLogger("");
            root.addHandler(capture);
            Level before = root.getLevel();
            root.setLevel(Level.INFO);
            try (Store s = Stores.open(store, CrashWriter.options(StoreOptions.Backend.CHRONICLE, StoreOptions.Sync.values()[0]))) {
                assertTrue(s.verify().ok(), "kill " + k + ": " + s.verify().problems());
            } finally {
                root.removeHandler(capture);
                root.setLevel(before);
            }
            List<String> errors = capture.records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
            assertEquals(List.of(), errors, "kill " + k + ": ERROR lines on recovery");
            List<LogRecord> recovery = capture.records.stream()
                    .filter(r -> r.getLoggerName().equals("io.assay.store.chronicle.ChronicleKeyValue"))
                    // Chronicle's per-repair lines are demoted to DEBUG on purpose; whether there are any depends on
                    // where the kill landed, and they reach this handler when io.assay logs at DEBUG
                    .filter(r -> r.getLevel().intValue() > Level.FINE.intValue()).toList();
            assertTrue(!recovery.isEmpty(), "kill " + k + ": no recovery line");
            for (LogRecord r : recovery) {
                int level = r.getLevel().intValue(); // the log manager's own INFO and WARN levels have these values
                assertTrue(level == Level.INFO.intValue() || level == Level.WARNING.intValue(), r.getLevel() + " " + r.getMessage());
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
