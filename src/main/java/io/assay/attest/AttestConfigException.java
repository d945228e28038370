package io.assay.attest;

/**
 * The signing key is missing or unusable. Thrown at startup; the CLI ({@code io.assay.Main}) prints the one-line
 * message and exits with status 2. The message names where the key was looked for and never contains key material.
 */
public class AttestConfigException extends RuntimeException {
    public AttestConfigException(String message) {
        super(message);
    }
}
