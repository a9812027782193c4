package io.flashcore.array.meta;

import io.flashcore.array.CorruptDataException;

/** A drive's state in the array; the id is persisted and never reused. */
public enum DriveState {
    /** Readable and writable. */
    UP(0),
    /** Lost: never read or written; its shards are served from parity until rebuilt elsewhere. */
    FAILED(1),
    /** Failed and fully rebuilt elsewhere: holds nothing the array needs. */
    OUT(2);

    private final int id;

    DriveState(int id) {
        this.id = id;
    }

    /** The persisted id. */
    public int id() {
        return id;
    }

    /** The state with persisted id {@code id}. */
    public static DriveState ofId(int id) throws CorruptDataException {
        for (DriveState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new CorruptDataException("unknown drive state id " + id + ", expected 0 (up), 1 (failed) or 2 (out)");
    }
}
