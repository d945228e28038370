package io.assay.quorum;

/**
 * A quorum report or bundle that cannot be given, with a stable {@code slug} (the API's problem type, e.g.
 * {@code not-final}, {@code not-signable}, {@code bad-round}) and a message naming what is missing.
 */
public class QuorumException extends RuntimeException {
    private final String slug;

    public QuorumException(String slug, String message) {
        super(message);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
