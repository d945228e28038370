package io.assay.chain.evm;

import io.assay.chain.rpc.RpcException;

/** An endpoint refused an {@code eth_getLogs} range as too large: ask again for fewer blocks (not retried as is). */
final class RangeRefusedException extends RpcException {
    RangeRefusedException(RpcException cause) {
        super(cause.getMessage(), cause.httpStatus(), cause.code(), false, 0, cause);
    }
}
