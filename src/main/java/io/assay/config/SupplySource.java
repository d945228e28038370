package io.assay.config;

/**
 * The token that represents the asset on one chain.
 *
 * @param chain      chain profile name
 * @param token      ERC-20 contract (EIP-55) or SPL mint
 * @param decimals   decimals declared in the profile; checked against the contract/mint at start
 * @param startBlock first block (or slot) that can hold a Transfer of this token (its deployment)
 */
public record SupplySource(String chain, String token, int decimals, long startBlock) {
}
