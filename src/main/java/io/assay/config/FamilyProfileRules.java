package io.assay.config;

/**
 * What one chain family says about the asset-profile entries that name one of its chains: the fields of a reserve
 * entry and what they must hold, what a token address and a holder address look like, or that the family has no
 * token supply at all. {@link ProfileLoader} checks what all entries share (the id, that the chain exists, duplicates
 * across entries) and hands the rest to the rules of the chain's family.
 *
 * <p>Each family extends this in its own package ({@code chain.evm}, {@code chain.bitcoin}, {@code chain.solana})
 * and lists the class in {@code META-INF/services/io.assay.config.FamilyProfileRules}; the loader finds them with
 * {@link java.util.ServiceLoader}, so the service, the CLI and tests without CDI all see the same rules, and
 * {@code config} never imports a family. An implementation has a public no-argument constructor that names its family, keeps no state, and
 * carries {@code @RegisterForReflection} (the native image instantiates it reflectively; docs/native.md).
 *
 * <p>Errors are {@link ProfileException}s made with the entry's {@link ProfileDoc.At#error}, so they name file, line,
 * field and expectation like every other profile error.
 */
public abstract class FamilyProfileRules {
    private final ChainFamily family;

    protected FamilyProfileRules(ChainFamily family) {
        this.family = family;
    }

    /** The family whose chains these rules cover. */
    public final ChainFamily family() {
        return family;
    }

    /**
     * A reserve entry on {@code chain} (neither a reserve set nor an off-chain source): binds the whole entry to the
     * family's record (which refuses fields the family does not have) and validates it.
     *
     * @param entry the entry ({@code reserves[i]}); {@code id} and {@code chain} are already checked
     * @param id    the entry's id
     */
    public abstract ReserveSource reserve(ProfileDoc.At entry, String id, ChainProfile chain);

    /**
     * The canonical address of the asset's token on {@code chain} ({@code supply[i].token}, which may be null when not
     * given), or the entry's error when the family carries no token supply.
     */
    public abstract String supplyToken(ProfileDoc.At entry, String token, ChainProfile chain);

    /**
     * The canonical address of a holder whose balance is excluded from circulating supply
     * ({@code excluded[i].holder}, which may be null when not given), or the entry's error when the family carries
     * no token supply.
     */
    public abstract String excludedHolder(ProfileDoc.At entry, String holder, ChainProfile chain);
}
