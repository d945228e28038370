package io.assay.chain.bitcoin;

/**
 * Bytes that are not a valid serialized block, or a block whose body does not match its header (Merkle
 * root, witness commitment). Coming from a node, it means a broken or lying endpoint: nothing of the
 * block may be applied.
 */
public final class BlockFormatException extends RuntimeException {
    public BlockFormatException(String message) {
        super(message);
    }
}
