package io.assay.devnet;

/** The local devnet could not start or a devnet operation failed; the message says what to install or check. */
public final class DevnetException extends RuntimeException {
    public DevnetException(String message) {
        super(message);
    }

    public DevnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
