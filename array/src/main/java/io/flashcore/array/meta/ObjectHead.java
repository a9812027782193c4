package io.flashcore.array.meta;

import java.util.List;

import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FlashArrayException;

/**
 * An object's head record: what listing and stat need, without the recipe unless it is small enough to
 * be kept inline. A large object's recipe is kept in segment records beside the head, so that listing
 * an array reads a few dozen bytes per object however large the objects are, and no metadata value
 * grows with the object (a 1 TB object has ~60 million chunks).
 *
 * @param name           the object's name (the key)
 * @param logicalBytes   the object's size in bytes
 * @param createdMillis  when the put was acknowledged, milliseconds since the epoch
 * @param fingerprintLen bytes per fingerprint
 * @param chunkCount     chunks in the recipe
 * @param segmentChunks  chunks per recipe segment; 0 when the recipe is inline
 * @param inline         the whole record when the recipe is inline, else null
 */
public record ObjectHead(String name, long logicalBytes, long createdMillis, int fingerprintLen, int chunkCount,
                         int segmentChunks, ObjectRecord inline) {

    /** Recipe segment records that belong to this head. */
    public int segmentCount() {
        return segmentChunks == 0 ? 0 : (int) (((long) chunkCount + segmentChunks - 1) / segmentChunks);
    }

    /** Decodes a head record of format 1 (whole recipe) or 2. */
    public static ObjectHead decode(String name, byte[] value) throws FlashArrayException {
        String what = "object record '" + name + "'";
        RecordReader r = new RecordReader(value, what);
        int version = r.version(1, ObjectRecord.FORMAT_VERSION);
        long logical = r.varLong();
        long created = r.varLong();
        int fpLen = r.varInt();
        int n = r.varInt();
        if (fpLen == 0 || fpLen > 64) {
            throw new CorruptDataException(what + " has " + fpLen + "-byte fingerprints");
        }
        int segmentChunks = version == 1 ? 0 : r.varInt();
        if (segmentChunks != 0) {
            r.end();
            return new ObjectHead(name, logical, created, fpLen, n, segmentChunks, null);
        }
        if ((long) n * fpLen > r.remaining()) {
            throw new CorruptDataException(what + " claims " + n + " chunks of " + fpLen + "-byte fingerprints in "
                    + r.remaining() + " bytes");
        }
        int[] lengths = new int[n];
        byte[] fps = new byte[n * fpLen];
        ObjectRecord.readRecipe(r, name, fpLen, n, lengths, fps, 0);
        r.end();
        return new ObjectHead(name, logical, created, fpLen, n, 0, record(name, logical, created, fpLen, fps, lengths));
    }

    /**
     * The whole object record from this head and its {@link #segmentCount()} segment values in order;
     * a segment that is out of place, of the wrong size or damaged is a {@link CorruptDataException}
     * naming the object.
     */
    public ObjectRecord withSegments(List<byte[]> segments) throws FlashArrayException {
        if (inline != null) {
            return inline;
        }
        String what = "object record '" + name + "'";
        int count = segmentCount();
        if (segments.size() != count) {
            throw new CorruptDataException(what + " has " + segments.size() + " recipe segments, its head says "
                    + count);
        }
        long bytes = 0;
        for (byte[] v : segments) {
            bytes += v.length;
        }
        if ((long) chunkCount * fingerprintLen > Math.min(bytes, Integer.MAX_VALUE - 8)) {
            throw new CorruptDataException(what + " claims " + chunkCount + " chunks of " + fingerprintLen
                    + "-byte fingerprints in " + bytes + " bytes of recipe segments");
        }
        int[] lengths = new int[chunkCount];
        byte[] fps = new byte[chunkCount * fingerprintLen];
        for (int s = 0; s < count; s++) {
            String seg = "recipe segment " + s + " of " + what;
            RecordReader r = new RecordReader(segments.get(s), seg);
            r.version(1, ObjectRecord.SEGMENT_FORMAT_VERSION);
            long index = r.varLong();
            int n = r.varInt();
            int from = s * segmentChunks;
            int expected = Math.min(segmentChunks, chunkCount - from);
            if (index != s || n != expected) {
                throw new CorruptDataException(seg + " says it is segment " + index + " of " + n + " chunks, expected "
                        + expected + " chunks");
            }
            ObjectRecord.readRecipe(r, name, fingerprintLen, n, lengths, fps, from);
            r.end();
        }
        return record(name, logicalBytes, createdMillis, fingerprintLen, fps, lengths);
    }

    private static ObjectRecord record(String name, long logical, long created, int fpLen, byte[] fps, int[] lengths)
            throws CorruptDataException {
        try {
            return new ObjectRecord(name, logical, created, fpLen, fps, lengths);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException("object record '" + name + "': " + e.getMessage());
        }
    }
}
