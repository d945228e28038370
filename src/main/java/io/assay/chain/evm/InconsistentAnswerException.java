package io.assay.chain.evm;

import io.assay.chain.rpc.RpcException;

/**
 * Answers about one segment do not fit together (a block's hash changed between two requests, a log's block
 * hash differs from the header's): the chain moved while it was read, or an endpoint is inconsistent.
 * Nothing of the segment is applied; it is fetched again.
 */
public final class InconsistentAnswerException extends RpcException {
    public InconsistentAnswerException(String message) {
        super(message, 0, 0, true, 0, null);
    }
}
