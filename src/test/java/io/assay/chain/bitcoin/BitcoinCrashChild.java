package io.assay.chain.bitcoin;

import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of {@link BitcoinCrashTest}: runs a Bitcoin indexer on a store until the indexed height reaches a target,
 * printing {@code h <height>} on every change of the indexed height (the parent kills it with SIGKILL at a random one),
 * then {@code done} and a clean exit.
 *
 * <p>Arguments: store folder, node URL, sync mode, target height, then {@code id=scriptHex} sources of asset "res".
 */
public final class BitcoinCrashChild {
    static final int REORG_DEPTH = 500;

    private BitcoinCrashChild() {
    }

    static StoreOptions options(StoreOptions.Sync sync) {
        return StoreOptions.defaults().withMaxReorgDepth(REORG_DEPTH).withSync(sync);
    }

    static Profiles profiles(URI node, List<String> sources) {
        ChainProfile chain = Regtest.chain(Regtest.CHAIN, List.of(node), null, 0, REORG_DEPTH, 0, 0, 16);
        List<ReserveSource> rs = new ArrayList<>();
        for (String s : sources) {
            String[] kv = s.split("=", 2);
            rs.add(Regtest.script(kv[0], kv[1]));
        }
        return Regtest.profiles(chain, Regtest.asset("res", rs.toArray(ReserveSource[]::new)));
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Path dir = Path.of(args[0]);
        URI node = URI.create(args[1]);
        StoreOptions.Sync sync = StoreOptions.Sync.valueOf(args[2]);
        long target = Long.parseLong(args[3]);
        List<String> sources = List.of(args).subList(4, args.length);
        Profiles profiles = profiles(node, sources);
        try (Store store = Stores.open(dir, options(sync))) {
            BitcoinIndexer ix = BitcoinIndexer.create(profiles.chain(Regtest.CHAIN).orElseThrow(), profiles, store,
                    null);
            ix.start();
            long seen = Long.MIN_VALUE;
            while (true) {
                long h = ix.status().indexedHeight();
                if (h != seen) {
                    seen = h;
                    out.println("h " + h);
                }
                if (h >= target) {
                    break;
                }
                if (ix.status().haltReason() != null) {
                    out.println("halted " + ix.status().haltReason());
                    System.exit(3);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
            ix.close();
        }
        out.println("done");
    }
}
