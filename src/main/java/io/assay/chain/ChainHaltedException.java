package io.assay.chain;

/**
 * The chain cannot be indexed without risking a wrong value, and no retry will fix that on its own
 * (endpoints disagree on a final block, every endpoint reports the wrong chain, a token's decimals differ
 * from the profile, a reorg is deeper than the store can undo). The indexer stops at the last committed
 * block and shows {@link #getMessage()} as the chain's halt reason.
 */
public final class ChainHaltedException extends RuntimeException {
    public ChainHaltedException(String reason) {
        super(reason);
    }

    public ChainHaltedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
