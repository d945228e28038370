package io.assay.store;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One chain's commit state: its checkpoint, undo log, state maps and the series written since its last commit.
 *
 * <p>Ownership: the chain's writer thread owns everything except the published checkpoint, which readers on any
 * thread take through a sequence lock ({@link #checkpoint()}). Open and close run alone.
 */
final class ChainCommitState {
    final int index;
    final String name;
    final int maxReorgDepth;
    UndoLog undo;

    // ---- the writer's view of the checkpoint ----
    boolean hasCheckpoint;
    long height;
    long time;
    final byte[] hash = new byte[ChainTable.MAX_HASH];
    int hashLen;
    /** Slot of chains.dat the next commit writes, and its sequence number. */
    int nextSlot;
    long nextSeq;

    // ---- the published checkpoint (sequence lock: odd while changing) ----
    private volatile long pubSeq;
    private boolean pubHas;
    private long pubHeight;
    private long pubTime;
    private final byte[] pubHash = new byte[ChainTable.MAX_HASH];
    private int pubHashLen;

    // ---- writes since the last commit ----
    int[] dirtySeries = new int[64];
    int dirtyCount;
    /** Highest height appended since the last commit (so commit can check it without visiting every series). */
    long dirtyMaxHeight = Long.MIN_VALUE;
    final List<StagedKeyValue> dirtyMaps = new ArrayList<>();
    final Map<String, StagedKeyValue> maps = new HashMap<>();

    /** Every series of this chain (for rollback and recovery). */
    private int[] series = new int[16];
    private int seriesCount;

    ChainCommitState(int index, String name, int maxReorgDepth) {
        this.index = index;
        this.name = name;
        this.maxReorgDepth = maxReorgDepth;
    }

    void markDirty(int seriesId) {
        if (dirtyCount == dirtySeries.length) {
            dirtySeries = java.util.Arrays.copyOf(dirtySeries, dirtyCount * 2);
        }
        dirtySeries[dirtyCount++] = seriesId;
    }

    synchronized void addSeries(int id) {
        if (seriesCount == series.length) {
            series = java.util.Arrays.copyOf(series, seriesCount * 2);
        }
        series[seriesCount++] = id;
    }

    synchronized int[] series() {
        return java.util.Arrays.copyOf(series, seriesCount);
    }

    /** Sets the writer's checkpoint (no publication). */
    void set(boolean has, long h, long t, byte[] hsh, int len) {
        hasCheckpoint = has;
        height = h;
        time = t;
        System.arraycopy(hsh, 0, hash, 0, len);
        hashLen = len;
    }

    /** Makes the writer's checkpoint visible to readers (allocation-free). */
    void publish() {
        pubSeq = pubSeq + 1;
        VarHandle.storeStoreFence();
        pubHas = hasCheckpoint;
        pubHeight = height;
        pubTime = time;
        System.arraycopy(hash, 0, pubHash, 0, hashLen);
        pubHashLen = hashLen;
        pubSeq = pubSeq + 1;
    }

    Optional<Checkpoint> checkpoint() {
        for (;;) {
            long s = pubSeq;
            if ((s & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            boolean has = pubHas;
            long h = pubHeight;
            long t = pubTime;
            int len = Math.min(pubHashLen, ChainTable.MAX_HASH);
            byte[] hsh = java.util.Arrays.copyOf(pubHash, len);
            VarHandle.loadLoadFence();
            if (pubSeq == s) {
                return has ? Optional.of(new Checkpoint(name, h, hsh, t)) : Optional.empty();
            }
        }
    }

    /** The committed height, or {@code Long.MIN_VALUE} if the chain never committed (writer thread). */
    long committedHeight() {
        return hasCheckpoint ? height : Long.MIN_VALUE;
    }
}
