package io.flashcore.reduction.index;

import java.nio.file.Path;

/** A snapshot file's bytes are not a valid snapshot: wrong magic, checksum mismatch, or an impossible value. */
public final class CorruptSnapshotException extends IndexSnapshotException {
    private static final long serialVersionUID = 1L;

    /** {@code file} is corrupt as {@code message} describes. */
    public CorruptSnapshotException(Path file, String message) {
        super(file, "corrupt dedup index snapshot: " + message);
    }
}
