package io.assay.attest;

import io.assay.crypto.Bytes32;

/**
 * One chain's position a report was computed from: the chain's profile name ({@code ethereum}, {@code bitcoin}),
 * the block height (Solana: the slot) and that block's 32-byte hash as the chain's RPC shows it (EVM and Bitcoin:
 * the hex hash in display order, as {@code eth_getBlockByNumber}/{@code getblockhash} return it; Solana: the
 * base58 {@code blockhash} decoded to its 32 bytes).
 */
public record ChainHeight(String chain, long height, Bytes32 blockHash) {
    /** Longest chain name accepted (profile names are short; this bounds what a verifier must hash). */
    public static final int MAX_CHAIN_NAME = 64;

    public ChainHeight {
        if (chain == null || chain.isBlank() || chain.length() > MAX_CHAIN_NAME) {
            throw new IllegalArgumentException("chain name must be 1-" + MAX_CHAIN_NAME + " characters, found '" + chain + "'");
        }
        if (height < 0) {
            throw new IllegalArgumentException("height of " + chain + " must not be negative, found " + height);
        }
        if (blockHash == null) {
            throw new IllegalArgumentException("block hash of " + chain + " is required");
        }
    }
}
