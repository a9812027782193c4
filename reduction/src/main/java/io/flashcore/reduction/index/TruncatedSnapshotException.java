package io.flashcore.reduction.index;

import java.nio.file.Path;

/** A snapshot file ends before its footer: it was cut short (an interrupted copy or write). */
public final class TruncatedSnapshotException extends IndexSnapshotException {
    private static final long serialVersionUID = 1L;

    /** {@code file} ended after {@code bytes} bytes, while {@code expected} was still to be read. */
    public TruncatedSnapshotException(Path file, long bytes, String expected) {
        super(file, "truncated dedup index snapshot: ends after " + bytes + " bytes, expected " + expected);
    }
}
