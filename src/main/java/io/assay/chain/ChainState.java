package io.assay.chain;

/** What a chain's indexer is doing. */
public enum ChainState {
    /** Checking endpoints and profile facts (chain id, token decimals). */
    STARTING,
    /** Catching up: more than a poll's worth of final blocks to index. */
    BACKFILLING,
    /** At the final head, polling for new final blocks. */
    FOLLOWING,
    /** A step failed (endpoints unreachable, inconsistent answers); it is retried after a pause. */
    RETRYING,
    /** Stopped on purpose because continuing could record a wrong value; see the halt reason. */
    HALTED,
    /** Shut down. */
    STOPPED,
    /** No endpoint configured: nothing to index. */
    IDLE
}
