package io.assay.store;

import java.nio.file.Path;

/** The store cannot be opened or used: the message names the file and the problem. Nothing is rewritten. */
public final class StoreException extends RuntimeException {
    private final Path file;

    public StoreException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public StoreException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
