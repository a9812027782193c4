package io.flashcore.array.meta;

import io.flashcore.array.CorruptDataException;

/** How a unique chunk's bytes are stored in its stripe; the id is persisted and never reused. */
public enum ChunkEncoding {
    /** The chunk's bytes as they are. */
    RAW(0),
    /** A zstd frame of the chunk. */
    ZSTD(1),
    /** A zstd delta against another stored chunk (its base), which the chunk record names. */
    DELTA(2);

    private final int id;

    ChunkEncoding(int id) {
        this.id = id;
    }

    /** The persisted id. */
    public int id() {
        return id;
    }

    /** The encoding with persisted id {@code id}. */
    public static ChunkEncoding ofId(int id) throws CorruptDataException {
        for (ChunkEncoding e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        throw new CorruptDataException("unknown chunk encoding id " + id + ", expected 0 (raw), 1 (zstd) or 2 (delta)");
    }
}
