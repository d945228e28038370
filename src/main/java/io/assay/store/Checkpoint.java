package io.assay.store;

/**
 * A chain's commit point: everything that chain wrote up to and including {@code height} is durable and
 * visible; anything above it is discarded on open.
 *
 * @param chain  chain profile name
 * @param height last committed block height (or slot)
 * @param hash   that block's hash (32 bytes; hex in {@link #hashHex()})
 * @param time   that block's time, epoch milliseconds
 */
public record Checkpoint(String chain, long height, byte[] hash, long time) {
    public String hashHex() {
        return java.util.HexFormat.of().formatHex(hash);
    }
}
