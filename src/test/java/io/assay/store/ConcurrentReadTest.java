package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers on other threads while one writer appends, commits and rolls back: every point a reader gets is whole
 * (height, time and value belong together) and committed, and a reader asking as of the checkpoint gets a point at
 * or below it.
 */
class ConcurrentReadTest {
    @TempDir
    Path dir;

    static long time(long h) {
        return 1_000_000L + h * 7;
    }

    @Test
    void readersSeeOnlyWholeCommittedPointsWhileTheWriterCommitsAndRollsBack() throws Exception {
        try (Store s = Stores.open(dir, SeriesStoreTest.MMAP.withSync(StoreOptions.Sync.NONE))) {
            int[] ids = new int[4];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = s.series(new SeriesKey("t", "c", "m", "s" + i));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> bad = new AtomicReference<>();
            AtomicLong reads = new AtomicLong();
            Runnable reader = () -> {
                Point p = new Point();
                java.util.Random r = new java.util.Random();
                while (!stop.get() && bad.get() == null) {
                    int id = ids[r.nextInt(ids.length)];
                    Optional<Checkpoint> cp = s.checkpoint("c");
                    boolean found = switch (r.nextInt(3)) {
                        case 0 -> s.latest(id, p);
                        case 1 -> s.valueAt(id, time(r.nextInt(6000)), p);
                        default -> cp.isPresent() && s.valueAtHeight(id, cp.get().height(), p);
                    };
                    if (found && (p.time != time(p.height) || p.value.hi() != -p.height
                            || p.value.lo() / 1_000_000 != p.height)) {
                        bad.set("torn point " + p);
                    }
                    reads.incrementAndGet();
                }
            };
            Thread[] readers = {new Thread(reader), new Thread(reader)};
            for (Thread t : readers) {
                t.start();
            }
            try {
                long branch = 1;
                long h = 1;
                long rolledBackAt = 0;
                while (h <= 5000 && bad.get() == null) {
                    for (int id : ids) {
                        if ((h + id) % 2 == 0 || id == 0) {
                            s.append(id, h, time(h), -h, h * 1_000_000 + branch);
                        }
                    }
                    s.commit("c", h, new byte[] {(byte) h}, time(h));
                    if (h % 97 == 0 && h != rolledBackAt) {
                        rolledBackAt = h;
                        h = s.truncateAfter("c", h - 5);
                        branch++;
                    }
                    h++;
                }
            } finally {
                stop.set(true);
                for (Thread t : readers) {
                    t.join();
                }
            }
            assertNull(bad.get());
            assertTrue(reads.get() > 1000, "readers ran: " + reads.get());
            VerifyReport v = s.verify();
            assertTrue(v.ok(), v.problems().toString());
            assertEquals(4, v.series());
        }
    }
}
