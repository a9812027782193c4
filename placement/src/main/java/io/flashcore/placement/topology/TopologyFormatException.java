package io.flashcore.placement.topology;

import java.io.IOException;

/** Serialised topology bytes that cannot be read: a format version this code does not know, or corrupt bytes. */
public final class TopologyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the bytes were rejected. */
    public enum Kind {
        /** Written by an older format version no longer read. */
        TOO_OLD,
        /** Written by a newer format version than this code reads. */
        TOO_NEW,
        /** Wrong magic, bad checksum, truncated or inconsistent content. */
        CORRUPT
    }

    private final Kind kind;

    /** An exception of the given kind with a message naming what was wrong. */
    public TopologyFormatException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Why the bytes were rejected. */
    public Kind kind() {
        return kind;
    }
}
