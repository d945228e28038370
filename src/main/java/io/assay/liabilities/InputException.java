package io.assay.liabilities;

import java.util.List;

/** Customer balances that cannot be used; {@link #errors()} lists each bad row as {@code source:line: what}. */
public final class InputException extends Exception {
    private final List<String> errors;

    public InputException(List<String> errors) {
        super(errors.size() == 1 ? errors.get(0) : errors.size() + " errors:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
