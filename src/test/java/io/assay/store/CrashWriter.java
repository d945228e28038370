package io.assay.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link StoreCrashTest}: appends, writes keyed state and commits block after block on two
 * chains, sometimes rolls a chain back a few blocks and continues on a new branch, until it is killed. Every value is
 * a pure function of (series, height, branch), and each height's branch is committed keyed state, so the parent can
 * tell exactly what a store must hold at its checkpoint.
 *
 * <p>Protocol on stdout (flushed per line): {@code C <chain> <h>} after commit(h) returned; {@code R <chain> <t>}
 * before truncateAfter(t) and {@code T <chain> <h>} after it returned h.
 */
public final class CrashWriter {
    static final String[] CHAINS = {"alpha", "beta"};
    static final int SERIES = 12;
    static final int MAX_REORG = 20;

    private CrashWriter() {
    }

    static StoreOptions options(StoreOptions.Backend backend, StoreOptions.Sync sync) {
        return StoreOptions.defaults().withBackend(backend).withSync(sync).withMaxReorgDepth(MAX_REORG)
                .withSegmentSize(1 << 20).withStateSizing(4096, 16, 16);
    }

    static SeriesKey key(String chain, int i) {
        return new SeriesKey("crash", chain, "bal", "s" + i);
    }

    /** Series 0 changes at every height, the others at every third. */
    static boolean changes(int i, long h) {
        return i == 0 || (h + i) % 3 == 0;
    }

    static long value(long h, long branch) {
        return h * 1_000_000L + branch;
    }

    /** Pairs of heights share a time (equal timestamps are legal). */
    static long time(long h) {
        return 1_700_000_000_000L + (h / 2) * 12_000L;
    }

    static byte[] hash(String chain, long h, long branch) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(chain.hashCode()).putLong(h).putLong(branch).putLong(~h);
        return b.array();
    }

    static byte[] long8(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long long8(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    static byte[] balKey(int i) {
        return ("s" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        StoreOptions.Backend backend = StoreOptions.Backend.valueOf(args[1]);
        StoreOptions.Sync sync = StoreOptions.Sync.valueOf(args[2]);
        Random r = new Random(Long.parseLong(args[3]));
        try (Store s = Stores.open(dir, options(backend, sync))) {
            int n = CHAINS.length;
            int[][] ids = new int[n][SERIES];
            KeyValue[] branches = new KeyValue[n];
            KeyValue[] bal = new KeyValue[n];
            long[] next = new long[n];
            long[] branch = new long[n];
            for (int c = 0; c < n; c++) {
                for (int i = 0; i < SERIES; i++) {
                    ids[c][i] = s.series(key(CHAINS[c], i));
                }
                branches[c] = s.state(CHAINS[c], "branches", 16, 16);
                bal[c] = s.state(CHAINS[c], "bal", 16, 16);
                long cp = s.checkpoint(CHAINS[c]).map(Checkpoint::height).orElse(0L);
                next[c] = cp + 1;
                branch[c] = 1 + r.nextInt(1_000_000);
            }
            for (;;) {
                for (int c = 0; c < n; c++) {
                    String chain = CHAINS[c];
                    if (next[c] > 8 && r.nextInt(12) == 0) {
                        long target = next[c] - 2 - r.nextInt(5);
                        System.out.println("R " + chain + " " + target);
                        System.out.flush();
                        long got = s.truncateAfter(chain, target);
                        System.out.println("T " + chain + " " + got);
                        System.out.flush();
                        next[c] = got + 1;
                        branch[c] = 1 + r.nextInt(1_000_000);
                        continue;
                    }
                    long h = next[c];
                    for (int i = 0; i < SERIES; i++) {
                        if (changes(i, h)) {
                            long v = value(h, branch[c]);
                            s.append(ids[c][i], h, time(h), i, v);
                            bal[c].put(balKey(i), long8(v));
                        }
                    }
                    branches[c].put(long8(h), long8(branch[c]));
                    s.commit(chain, h, hash(chain, h, branch[c]), time(h));
                    System.out.println("C " + chain + " " + h);
                    System.out.flush();
                    next[c] = h + 1;
                }
            }
        }
    }
}
