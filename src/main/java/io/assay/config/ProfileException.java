package io.assay.config;

/**
 * A chain or asset profile is wrong. The message always names the file, the line when the field (or the mapping it
 * belongs in) is in the file, the field (as a path such as {@code reserves[2].descriptor}) and what was expected, so a
 * single line tells an operator what to fix: {@code chains/assets/wbtc.yaml:14: reserves[2].descriptor: checksum
 * mismatch (expected #8fhd9pwu)}.
 */
public final class ProfileException extends RuntimeException {
    private final String file;
    private final int line;
    private final String field;

    public ProfileException(String file, String field, String problem) {
        this(file, 0, field, problem);
    }

    /** @param line 1-based line of the field in the file, or 0 when the file does not have it */
    public ProfileException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field == null || field.isEmpty() ? "" : field + ": ")
                + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public ProfileException(String file, String field, String problem, Throwable cause) {
        this(file, 0, field, problem, cause);
    }

    public ProfileException(String file, int line, String field, String problem, Throwable cause) {
        this(file, line, field, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    /** The 1-based line of the field (or of the nearest mapping that holds it), 0 when unknown. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
