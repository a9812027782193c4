package io.flashcore.reduction.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dedup index snapshot file cannot be loaded; the subclass says why (corrupt, truncated, or a
 * format version this code does not read). The message names the file and what was expected.
 */
public class IndexSnapshotException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A failure to load {@code file}, described by {@code message}. */
    public IndexSnapshotException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /** The snapshot file that could not be loaded. */
    public Path file() {
        return file;
    }
}
