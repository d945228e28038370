package io.assay.config;

import java.util.List;

/**
 * One asset whose backing Assay checks, loaded from {@code chains/assets/<id>.yaml}.
 *
 * @param id       short id used in URLs and series keys ({@code wbtc})
 * @param file     where it was loaded from
 * @param name     display name
 * @param symbol   ticker
 * @param decimals decimals of the asset unit in answers (reserves and supply are rescaled to it exactly)
 * @param reserves where the backing is held
 * @param supply   the token on each chain
 * @param excluded holders whose balance does not circulate
 * @param policy   publication and judgement rules
 * @param incumbent an existing proof-of-reserve feed to check against, or null
 * @param burnMint  how the token moves between its chains by burn and mint (in-flight amounts), or null
 */
public record AssetProfile(String id, String file, String name, String symbol, int decimals,
                           List<ReserveSource> reserves, List<SupplySource> supply, List<ExcludedHolder> excluded,
                           AssetPolicy policy, IncumbentFeed incumbent, BurnMint burnMint) {
    /** An asset without burn-and-mint routes. */
    public AssetProfile(String id, String file, String name, String symbol, int decimals,
                        List<ReserveSource> reserves, List<SupplySource> supply, List<ExcludedHolder> excluded,
                        AssetPolicy policy, IncumbentFeed incumbent) {
        this(id, file, name, symbol, decimals, reserves, supply, excluded, policy, incumbent, null);
    }

    /** An asset without an incumbent feed. */
    public AssetProfile(String id, String file, String name, String symbol, int decimals,
                        List<ReserveSource> reserves, List<SupplySource> supply, List<ExcludedHolder> excluded,
                        AssetPolicy policy) {
        this(id, file, name, symbol, decimals, reserves, supply, excluded, policy, null, null);
    }
}
