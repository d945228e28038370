package io.assay.descriptor;

/**
 * A descriptor that cannot be used. The message names the expression and what is wrong with it, e.g.
 * {@code wsh(multi(...)): threshold 3 exceeds the 2 keys (at character 12)}. Messages never repeat a
 * private key, even when one was (wrongly) given.
 */
public final class DescriptorException extends IllegalArgumentException {
    public DescriptorException(String message) {
        super(message);
    }

    public DescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
