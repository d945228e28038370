package io.assay.chain;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every chain indexer's {@link ChainStatus}, by chain name. Indexers of every family register here; the API
 * ({@code /v1/chains}) and health checks read it. Thread-safe.
 */
@ApplicationScoped
public class ChainRegistry {
    private final Map<String, ChainStatus> chains = new ConcurrentSkipListMap<>();

    public void register(ChainStatus status) {
        chains.put(status.chain(), status);
    }

    public Optional<ChainStatus> get(String chain) {
        return Optional.ofNullable(chains.get(chain));
    }

    /** Snapshots of every registered chain, by name. */
    public List<ChainStatusView> views() {
        return chains.values().stream().map(ChainStatus::view).toList();
    }
}
