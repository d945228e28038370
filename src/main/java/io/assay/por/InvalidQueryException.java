package io.assay.por;

/** A query the engine cannot answer as asked (a height for a chain the asset does not use, a non-positive amount). */
public final class InvalidQueryException extends IllegalArgumentException {
    public InvalidQueryException(String message) {
        super(message);
    }
}
