package io.assay.attest;

/**
 * Typed data or a signed report that cannot be read: bad JSON shape, a value out of range for its type, a type
 * that is not the Assay report schema. The message starts with the JSON path of the offending field
 * ({@code typedData.message.heights[1].blockHash: expected 32 bytes, found 31}). Distinct from a report that
 * reads fine but fails verification (see {@link VerificationResult}).
 */
public class TypedDataException extends IllegalArgumentException {
    public TypedDataException(String message) {
        super(message);
    }

    public TypedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
