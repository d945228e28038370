package io.assay.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The {@link KeyValue} a chain's indexer writes through ({@link Store#state(String, String)}): writes are staged in
 * memory and reach the backing map only inside {@link Store#commit}, after their undo records are durable. So a
 * crash at any instant leaves the backing map either untouched by the open block or restorable from the undo log,
 * and no map page can reach the disk ahead of the undo record that reverses it.
 *
 * <p>Reads see staged writes. The single writer is the chain's indexer thread; readers on other threads may run
 * concurrently (the staging map is concurrent) and may see the open block's writes.
 */
final class StagedKeyValue implements KeyValue {
    private record Staged(byte[] value, boolean existed) {
    }

    final String name;
    final KeyValue backend;
    private final List<StagedKeyValue> dirtyList;
    private final ConcurrentHashMap<ByteKey, Staged> staged = new ConcurrentHashMap<>();
    /** Staged entries present minus staged entries that existed in the backend. */
    private volatile long delta;
    private boolean dirty;

    StagedKeyValue(String name, KeyValue backend, List<StagedKeyValue> dirtyList) {
        this.name = name;
        this.backend = backend;
        this.dirtyList = dirtyList;
    }

    @Override
    public int maxKeySize() {
        return backend.maxKeySize();
    }

    @Override
    public int maxValueSize() {
        return backend.maxValueSize();
    }

    private void check(byte[] key, byte[] value) {
        KeyValues.checkKey(key, maxKeySize(), name);
        if (value != null) {
            KeyValues.checkValue(value, maxValueSize(), name);
        }
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        check(key, value);
        if (value == null) {
            throw new IllegalArgumentException(name + ": value must not be null (use remove)");
        }
        return stage(key, value.clone());
    }

    @Override
    public byte[] remove(byte[] key) {
        check(key, null);
        return stage(key, null);
    }

    private byte[] stage(byte[] key, byte[] value) {
        ByteKey k = new ByteKey(key.clone());
        Staged s = staged.get(k);
        byte[] prev;
        boolean existed;
        long before;
        if (s != null) {
            prev = s.value == null ? null : s.value.clone();
            existed = s.existed;
            before = (s.value != null ? 1 : 0) - (existed ? 1 : 0);
        } else {
            prev = backend.get(key);
            existed = prev != null;
            before = 0;
            if (value == null && !existed) {
                return null;
            }
        }
        staged.put(k, new Staged(value, existed));
        delta = delta + (value != null ? 1 : 0) - (existed ? 1 : 0) - before;
        if (!dirty) {
            dirty = true;
            dirtyList.add(this);
        }
        return prev;
    }

    @Override
    public byte[] get(byte[] key) {
        KeyValues.checkKey(key, maxKeySize(), name);
        Staged s = staged.get(new ByteKey(key));
        if (s != null) {
            return s.value == null ? null : s.value.clone();
        }
        return backend.get(key);
    }

    @Override
    public long size() {
        return backend.size() + delta;
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        backend.forEach((k, v) -> {
            if (!staged.containsKey(new ByteKey(k))) {
                visitor.accept(k, v);
            }
        });
        for (Map.Entry<ByteKey, Staged> e : staged.entrySet()) {
            if (e.getValue().value != null) {
                visitor.accept(e.getKey().bytes.clone(), e.getValue().value.clone());
            }
        }
    }

    /** Writes are made durable by {@link Store#commit}; there is nothing to flush here. */
    @Override
    public void flush() {
    }

    /** The store owns the backing map and closes it. */
    @Override
    public void close() {
    }

    // ---- commit protocol (the chain's writer thread) ----

    /** Appends the backend's current value of every staged key to {@code log}. */
    void writeUndo(UndoLog log) {
        for (ByteKey k : staged.keySet()) {
            log.appendUndo(name, k.bytes, backend.get(k.bytes));
        }
    }

    /** Applies staged writes to the backend; readers see the same values before and after. */
    void apply() {
        for (Map.Entry<ByteKey, Staged> e : staged.entrySet()) {
            byte[] v = e.getValue().value;
            if (v == null) {
                backend.remove(e.getKey().bytes);
            } else {
                backend.put(e.getKey().bytes, v);
            }
        }
    }

    /** Forgets staged writes (after {@link #apply()}, or to discard an open block). */
    void clearStaged() {
        staged.clear();
        delta = 0;
        dirty = false;
    }
}
