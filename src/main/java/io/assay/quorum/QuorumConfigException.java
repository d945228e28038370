package io.assay.quorum;

/** A quorum setting ({@code assay.quorum.*}) that cannot work; stops startup with the setting named. */
public class QuorumConfigException extends RuntimeException {
    public QuorumConfigException(String message) {
        super(message);
    }
}
