package io.assay.config;

/**
 * A chain or asset profile is wrong. The message always names the file, the field (as a path such as
 * {@code reserves[2].descriptor}) and what was expected, so a single line tells an operator what to fix.
 */
public final class ProfileException extends RuntimeException {
    private final String file;
    private final String field;

    public ProfileException(String file, String field, String problem) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.field = field;
    }

    public ProfileException(String file, String field, String problem, Throwable cause) {
        this(file, field, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }
}
