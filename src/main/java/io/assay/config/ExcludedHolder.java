package io.assay.config;

/**
 * A holder whose balance of the asset's token does not circulate: a bridge escrow that locks tokens
 * minted elsewhere, a treasury, a burn address. Its balance is subtracted from supply on that chain.
 *
 * @param id     unique within the asset
 * @param chain  chain profile name (must carry a supply entry)
 * @param holder EVM address or Solana token account
 * @param reason free text shown in snapshots
 */
public record ExcludedHolder(String id, String chain, String holder, String reason) {
}
