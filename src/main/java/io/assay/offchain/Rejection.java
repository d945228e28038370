package io.assay.offchain;

/**
 * Why an answer of an off-chain source was not recorded. {@code kind} is one of {@code failed} (transport or
 * HTTP status), {@code malformed} (not JSON, field missing, not an exact amount in the source's decimals, bad
 * time), {@code unsigned}, {@code bad-signature}, {@code backwards} (attested time before the last accepted one),
 * {@code future} (attested time beyond the allowed clock skew) or {@code jump} (change beyond {@code maxChangeBps}).
 */
public final class Rejection extends Exception {
    private final String kind;

    public Rejection(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
