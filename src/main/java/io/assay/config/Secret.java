package io.assay.config;

/**
 * A secret value read from the environment or configuration (an auth header value, an HMAC key). Its
 * {@link #toString()} never shows the value, so it cannot reach a log line by accident; {@link #reveal()} is
 * the one way to read it, at the point of use.
 *
 * @param name where it came from (an environment variable or configuration key name): safe to show
 */
public record Secret(String name, String value) {
    public Secret {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret " + name + " is empty");
        }
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + name + "=***]";
    }
}
