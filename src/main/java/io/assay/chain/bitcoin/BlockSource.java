package io.assay.chain.bitcoin;

import io.assay.chain.BlockRef;

import java.util.List;

/**
 * Where a Bitcoin chain's blocks come from: Bitcoin Core ({@link BitcoinRpc}: JSON-RPC and REST) or an Esplora HTTP
 * API ({@link EsploraClient}). Hashes are lowercase display-order hex; raw blocks and headers are returned unverified
 * (the reader verifies them). Thread-safe.
 */
interface BlockSource {
    /** Checks that the source serves the profile's network. */
    void requireNetwork();

    /** Height of the source's best block. */
    long tipHeight();

    /** Hashes of blocks {@code from..to} of the source's best chain. */
    List<String> blockHashes(long from, long to);

    /** The block at {@code height}, or null if the source's chain is shorter. */
    BlockRef block(long height);

    /** Raw bytes of block {@code hash}. */
    byte[] rawBlock(String hash);

    /** The 80-byte headers of blocks {@code hashes}, each checked to hash to its hash. */
    List<byte[]> headers(List<String> hashes);
}
