package io.assay.store;

import java.util.Map;

/**
 * How {@link Stores#open} opens a store. Immutable; start from {@link #defaults()} and use the {@code with*}
 * methods.
 *
 * @param backend           keyed-state backend; {@link Backend#AUTO} picks Chronicle Map on the JVM and the mmap
 *                          table in a native image, or whatever an existing store was created with
 * @param maxReorgDepth     default number of heights {@link Store#truncateAfter} can roll back per chain
 * @param chainReorgDepth   per-chain overrides of {@code maxReorgDepth} (chain name to depth)
 * @param segmentSize       bytes per mapped segment of the series data file (power of two, 1 MiB to 1 GiB); fixed
 *                          when the store is created
 * @param sync              durability of {@link Store#commit}
 * @param stateEntries      expected entries per keyed-state map (a sizing hint; maps grow beyond it)
 * @param stateMaxKeySize   key limit of state maps opened with {@link Store#state(String, String)}
 * @param stateMaxValueSize value limit of state maps opened with {@link Store#state(String, String)}
 */
public record StoreOptions(Backend backend, int maxReorgDepth, Map<String, Integer> chainReorgDepth, long segmentSize,
                           Sync sync, long stateEntries, int stateMaxKeySize, int stateMaxValueSize) {

    /** Keyed-state backend. */
    public enum Backend {
        /** The backend an existing store uses; for a new store Chronicle Map on the JVM, MMAP in a native image. */
        AUTO,
        /** Chronicle Map (JVM only: it compiles Java at run time). */
        CHRONICLE,
        /** The portable memory-mapped hash table. */
        MMAP
    }

    /** Durability of a commit. */
    public enum Sync {
        /**
         * Every commit forces its data, then its checkpoint, to the device: a commit survives a process kill, an OS
         * crash and a power loss.
         */
        COMMIT,
        /**
         * Commits reach the OS page cache only: they survive a process kill ({@code kill -9}) but an OS crash or power
         * loss may lose recent commits or leave files that fail to open. For bulk loads and benchmarks.
         */
        NONE
    }

    public StoreOptions {
        if (maxReorgDepth < 1) {
            throw new IllegalArgumentException("maxReorgDepth must be at least 1, found " + maxReorgDepth);
        }
        chainReorgDepth = Map.copyOf(chainReorgDepth);
        chainReorgDepth.forEach((chain, depth) -> {
            if (depth < 1) {
                throw new IllegalArgumentException("maxReorgDepth of chain '" + chain + "' must be at least 1, found "
                        + depth);
            }
        });
        if (Long.bitCount(segmentSize) != 1 || segmentSize < (1 << 20) || segmentSize > (1L << 30)) {
            throw new IllegalArgumentException("segmentSize must be a power of two from 1 MiB to 1 GiB, found "
                    + segmentSize);
        }
        if (stateEntries < 1) {
            throw new IllegalArgumentException("stateEntries must be positive, found " + stateEntries);
        }
        KeyValues.checkLimits(stateMaxKeySize, stateMaxValueSize);
        if (backend == null || sync == null) {
            throw new IllegalArgumentException("backend and sync must be set");
        }
    }

    /** AUTO backend, reorg depth 128, 64 MiB segments, sync on commit, 65,536 entries, keys 64 / values 128 bytes. */
    public static StoreOptions defaults() {
        return new StoreOptions(Backend.AUTO, 128, Map.of(), 64L << 20, Sync.COMMIT, 1 << 16, 64, 128);
    }

    public StoreOptions withBackend(Backend b) {
        return new StoreOptions(b, maxReorgDepth, chainReorgDepth, segmentSize, sync, stateEntries, stateMaxKeySize,
                stateMaxValueSize);
    }

    public StoreOptions withMaxReorgDepth(int depth) {
        return new StoreOptions(backend, depth, chainReorgDepth, segmentSize, sync, stateEntries, stateMaxKeySize,
                stateMaxValueSize);
    }

    public StoreOptions withMaxReorgDepth(String chain, int depth) {
        Map<String, Integer> m = new java.util.HashMap<>(chainReorgDepth);
        m.put(chain, depth);
        return new StoreOptions(backend, maxReorgDepth, m, segmentSize, sync, stateEntries, stateMaxKeySize,
                stateMaxValueSize);
    }

    public StoreOptions withSegmentSize(long bytes) {
        return new StoreOptions(backend, maxReorgDepth, chainReorgDepth, bytes, sync, stateEntries, stateMaxKeySize,
                stateMaxValueSize);
    }

    public StoreOptions withSync(Sync s) {
        return new StoreOptions(backend, maxReorgDepth, chainReorgDepth, segmentSize, s, stateEntries, stateMaxKeySize,
                stateMaxValueSize);
    }

    public StoreOptions withStateSizing(long entries, int maxKeySize, int maxValueSize) {
        return new StoreOptions(backend, maxReorgDepth, chainReorgDepth, segmentSize, sync, entries, maxKeySize,
                maxValueSize);
    }

    /** The reorg depth of {@code chain}. */
    public int maxReorgDepth(String chain) {
        return chainReorgDepth.getOrDefault(chain, maxReorgDepth);
    }
}
