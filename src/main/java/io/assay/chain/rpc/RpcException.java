package io.assay.chain.rpc;

/**
 * A JSON-RPC call failed. {@link #httpStatus()} is set for transport-level answers (429, 5xx),
 * {@link #code()} for JSON-RPC error objects; {@link #retryable()} says whether trying again (or another
 * endpoint) can help.
 */
public class RpcException extends RuntimeException {
    private final int httpStatus;
    private final int code;
    private final boolean retryable;
    private final long retryAfterMillis;

    public RpcException(String message, int httpStatus, int code, boolean retryable, long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryable = retryable;
        this.retryAfterMillis = retryAfterMillis;
    }

    public static RpcException transport(String message, Throwable cause) {
        return new RpcException(message, 0, 0, true, 0, cause);
    }

    public static RpcException http(int status, String message, long retryAfterMillis) {
        boolean retry = status == 429 || status >= 500 || status == 408;
        return new RpcException(message, status, 0, retry, retryAfterMillis, null);
    }

    public static RpcException rpc(int code, String message) {
        // -32005 is "limit exceeded / node behind" on several providers; -32603 internal error may pass.
        boolean retry = code == -32005 || code == -32603 || code == -32000 && message.contains("header not found");
        return new RpcException(message, 0, code, retry, 0, null);
    }

    public static RpcException malformed(String message, Throwable cause) {
        return new RpcException(message, 0, 0, true, 0, cause);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
