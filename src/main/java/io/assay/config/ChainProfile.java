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
 */
public record ChainProfile(String name, String file, ChainFamily family, long chainId, String network,
                           Finality finality, List<Endpoint> endpoints, String restUrl, Duration blockTime,
                           long startHeight, ChainLimits limits) {
}
