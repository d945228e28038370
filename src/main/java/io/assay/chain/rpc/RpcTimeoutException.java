package io.assay.chain.rpc;

/**
 * No complete answer arrived within the client's timeout (headers or body). Retryable; for requests whose
 * cost grows with their size (an {@code eth_getLogs} range) it also means "ask for less".
 */
public final class RpcTimeoutException extends RpcException {
    public RpcTimeoutException(String message, Throwable cause) {
        super(message, 0, 0, true, 0, cause);
    }
}
