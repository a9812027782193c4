package io.flashcore.reduction.index;

import java.util.HexFormat;

/**
 * One dedup index entry as the array's metadata holds it: a 32-byte fingerprint, the chunk's
 * location, and its reference count (at least 1). Used to rebuild an index from metadata.
 *
 * @param fingerprint the chunk's full fingerprint, exactly {@link DedupIndex#FINGERPRINT_BYTES} bytes
 * @param location    where the chunk is stored, {@code 0 ≤ location ≤ }{@link DedupIndex#maxLocation()}
 * @param refcount    how many references the chunk has, at least 1
 */
public record IndexRecord(byte[] fingerprint, long location, long refcount) {
    /** Checks the fingerprint length, a non-negative location and a positive reference count. */
    public IndexRecord {
        if (fingerprint == null || fingerprint.length != DedupIndex.FINGERPRINT_BYTES) {
            throw new IllegalArgumentException("fingerprint must be " + DedupIndex.FINGERPRINT_BYTES
                    + " bytes, got " + (fingerprint == null ? "null" : fingerprint.length + " bytes"));
        }
        if (location < 0) {
            throw new IllegalArgumentException("location must be >= 0, got " + location);
        }
        if (refcount < 1) {
            throw new IllegalArgumentException("refcount must be >= 1, got " + refcount);
        }
    }

    @Override
    public String toString() {
        return "IndexRecord[" + HexFormat.of().formatHex(fingerprint) + ", location=" + location
                + ", refcount=" + refcount + "]";
    }
}
