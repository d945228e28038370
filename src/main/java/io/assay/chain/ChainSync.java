package io.assay.chain;

import io.assay.store.ChainClock;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where indexers report what they know about their chains beyond the store: until when the chain is known final
 * ({@link #covered}), that it halted ({@link #halted}), and rollbacks ({@link #rollingBack}/{@link #rolledBack}).
 * The engine reads it as its {@link ChainClock} to cut every answer at one moment.
 */
@Singleton
public class ChainSync implements ChainClock {
    private final Map<String, Instant> covered = new ConcurrentHashMap<>();
    private final Map<String, String> suspect = new ConcurrentHashMap<>();
    private final Map<String, String> halted = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> epochs = new ConcurrentHashMap<>();

    /** The chain's (or off-chain source's) latest answer was rejected: its data is suspect until {@link #trusted}. */
    public void suspect(String chain, String reason) {
        suspect.put(chain, reason);
    }

    /** A good answer arrived again. */
    public void trusted(String chain) {
        suspect.remove(chain);
    }

    @Override
    public Optional<String> suspect(String chain) {
        return Optional.ofNullable(suspect.get(chain));
    }

    /** The chain is known final through {@code until} (never moves back, except through a rollback). */
    public void covered(String chain, Instant until) {
        if (!halted.containsKey(chain)) {
            covered.merge(chain, until, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** The chain's indexer halted: every answer that uses the chain says so at once. */
    public void halted(String chain, String reason) {
        halted.put(chain, reason);
    }

    /** The chain's indexer (re)started: a halt recorded by an earlier run no longer holds. */
    public void started(String chain) {
        halted.remove(chain);
    }

    /** A rollback of the chain begins: readers of its history retry until {@link #rolledBack}. */
    public void rollingBack(String chain) {
        epochs.computeIfAbsent(chain, c -> new AtomicLong()).incrementAndGet();
        covered.remove(chain);
    }

    /** The rollback ended (its checkpoint now bounds what is covered until the indexer reports again). */
    public void rolledBack(String chain) {
        covered.remove(chain);
        epochs.computeIfAbsent(chain, c -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public Optional<Instant> coveredUntil(String chain) {
        return Optional.ofNullable(covered.get(chain));
    }

    @Override
    public Optional<String> halted(String chain) {
        return Optional.ofNullable(halted.get(chain));
    }

    @Override
    public long epoch(String chain) {
        AtomicLong e = epochs.get(chain);
        return e == null ? 0 : e.get();
    }
}
