package io.assay.alert;

/** An {@code assay.alerts.*} setting is wrong; the message names the key (never a secret's value). */
public final class AlertConfigException extends RuntimeException {
    public AlertConfigException(String message) {
        super(message);
    }
}
