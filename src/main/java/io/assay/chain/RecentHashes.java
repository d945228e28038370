package io.assay.chain;

import io.assay.store.KeyValue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Hashes of a chain's recent commit points, kept in the chain's keyed state (so a rollback restores them
 * with everything else) and mirrored in memory. Reorgs are detected against them and walked back over them.
 * Heights more than {@code keep} below the newest are dropped. Keys are {@code 'h'} + the height (8 bytes,
 * big-endian), so the map can hold the family's own entries beside them.
 */
final class RecentHashes {
    private static final byte PREFIX = 'h';

    private final KeyValue kv;
    private final long keep;
    private final TreeMap<Long, String> byHeight = new TreeMap<>();

    RecentHashes(KeyValue kv, long keep) {
        this.kv = kv;
        this.keep = keep;
    }

    void load() {
        byHeight.clear();
        kv.forEach((k, v) -> {
            if (k.length == 9 && k[0] == PREFIX) {
                byHeight.put(ByteBuffer.wrap(k, 1, 8).getLong(), HexFormat.of().formatHex(v));
            }
        });
    }

    String get(long height) {
        return byHeight.get(height);
    }

    /** Records {@code c} (before the store commit that makes it durable) and prunes old entries. */
    void put(BlockRef c) {
        kv.put(key(c.height()), c.hashBytes());
        byHeight.put(c.height(), c.hash());
        NavigableMap<Long, String> old = byHeight.headMap(c.height() - keep, false);
        for (Long h : old.keySet().toArray(Long[]::new)) {
            kv.remove(key(h));
            byHeight.remove(h);
        }
    }

    /** Recorded heights at or below {@code height}, newest first. */
    Iterable<Long> descendingFrom(long height) {
        return byHeight.headMap(height, true).descendingKeySet();
    }

    long oldest() {
        return byHeight.isEmpty() ? -1 : byHeight.firstKey();
    }

    private static byte[] key(long height) {
        return ByteBuffer.allocate(9).put(PREFIX).putLong(height).array();
    }
}
