package io.assay.config;

import java.time.Duration;
import java.util.List;

/**
 * One chain Assay follows, loaded from {@code chains/<name>.yaml}.
 *
 * @param name        profile name (the file name without {@code .yaml}); used in series keys
 * @param file        where it was loaded from (for messages)
 * @param family      which indexer implementation runs it
 * @param chainId     EVM chain id (0 for other families)
 * @param network     Bitcoin network (mainnet, testnet, signet, regtest) or Solana cluster; null for EVM
 * @param finality    when a block is final
 * @param endpoints   RPC endpoints, after environment/config overrides; may be empty (chain then idle)
 * @param restUrl     Bitcoin Core REST base (defaults to the first endpoint), null elsewhere
 * @param blockTime   expected time between blocks (lag and freshness estimates)
 * @param startHeight first height to index when no asset asks for an earlier one
 * @param limits      request limits and reorg depth
 * @param backfill    Bitcoin: how blocks are chosen, {@code full} (every block, the default) or {@code filters}
 *                    (only blocks whose BIP 158 filter matches, from a Core node with {@code -blockfilterindex=1});
 *                    null elsewhere
 */
public record ChainProfile(String name, String file, ChainFamily family, long chainId, String network,
                           Finality finality, List<Endpoint> endpoints, String restUrl, Duration blockTime,
                           long startHeight, ChainLimits limits, String backfill) {
    public static final String FULL = "full";
    public static final String FILTERS = "filters";

    public ChainProfile {
        if (backfill != null && !backfill.equals(FULL) && !backfill.equals(FILTERS)) {
            throw new IllegalArgumentException("backfill must be '" + FULL + "' or '" + FILTERS + "', found '"
                    + backfill + "'");
        }
    }

    /** A profile with the default backfill ({@code full} for Bitcoin). */
    public ChainProfile(String name, String file, ChainFamily family, long chainId, String network,
                        Finality finality, List<Endpoint> endpoints, String restUrl, Duration blockTime,
                        long startHeight, ChainLimits limits) {
        this(name, file, family, chainId, network, finality, endpoints, restUrl, blockTime, startHeight, limits,
                family == ChainFamily.BITCOIN ? FULL : null);
    }

    /** Whether backfill reads only the blocks whose compact filter matches (Bitcoin with {@code backfill: filters}). */
    public boolean filterBackfill() {
        return FILTERS.equals(backfill);
    }

    /** This profile with another backfill mode. */
    public ChainProfile withBackfill(String mode) {
        return new ChainProfile(name, file, family, chainId, network, finality, endpoints, restUrl, blockTime,
                startHeight, limits, mode);
    }
}
