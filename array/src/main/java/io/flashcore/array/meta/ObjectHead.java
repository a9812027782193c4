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
        if (logical < 0 || n < 0 || segmentChunks < 0) {
            throw new CorruptDataException(what + " has " + logical + " bytes in " + n + " chunks, " + segmentChunks
                    + " per segment");
        }
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
        long start = 0;
        for (int s = 0; s < count; s++) {
            Segment g = segment(s, segments.get(s), start);
            int from = s * segmentChunks;
            System.arraycopy(g.lengths(), 0, lengths, from, g.lengths().length);
            System.arraycopy(g.fingerprints(), 0, fps, from * fingerprintLen, g.fingerprints().length);
            start += g.bytes();
        }
        return record(name, logicalBytes, createdMillis, fingerprintLen, fps, lengths);
    }

    /**
     * One decoded recipe segment.
     *
     * @param start        the object offset of its first chunk (as recorded: format 2; else as counted)
     * @param lengths      its chunks' logical bytes
     * @param fingerprints its chunks' fingerprints, concatenated
     * @param bytes        the sum of {@code lengths}
     */
    record Segment(long start, int[] lengths, byte[] fingerprints, long bytes) {
    }

    private String segmentWhat(int s) {
        return "recipe segment " + s + " of object record '" + name + "'";
    }

    /**
     * Decodes segment {@code s} from {@code value}, which must start at object offset {@code expectedStart}
     * (the bytes of the segments before it); any disagreement is a {@link CorruptDataException} naming the
     * object and the segment.
     */
    Segment segment(int s, byte[] value, long expectedStart) throws FlashArrayException {
        String seg = segmentWhat(s);
        RecordReader r = new RecordReader(value, seg);
        int version = r.version(1, ObjectRecord.SEGMENT_FORMAT_VERSION);
        long index = r.varLong();
        long start = version >= 2 ? r.varLong() : expectedStart;
        int n = r.varInt();
        int from = s * segmentChunks;
        int expected = Math.min(segmentChunks, chunkCount - from);
        if (index != s || n != expected) {
            throw new CorruptDataException(seg + " says it is segment " + index + " of " + n + " chunks, expected "
                    + expected + " chunks");
        }
        if (start != expectedStart) {
            throw new CorruptDataException(seg + " says it starts at byte " + start + ", the segments before it end at "
                    + expectedStart);
        }
        int[] lengths = new int[n];
        byte[] fps = new byte[n * fingerprintLen];
        ObjectRecord.readRecipe(r, name, fingerprintLen, n, lengths, fps, 0);
        r.end();
        long bytes = 0;
        for (int len : lengths) {
            bytes += len;
        }
        return new Segment(start, lengths, fps, bytes);
    }

    /** The object offset segment {@code value} (number {@code s}) records for its first chunk; -1 in format 1. */
    private long recordedStart(int s, byte[] value) throws FlashArrayException {
        RecordReader r = new RecordReader(value, segmentWhat(s));
        int version = r.version(1, ObjectRecord.SEGMENT_FORMAT_VERSION);
        long index = r.varLong();
        if (index != s) {
            throw new CorruptDataException(segmentWhat(s) + " says it is segment " + index);
        }
        if (version < 2) {
            return -1;
        }
        long start = r.varLong();
        if (start < 0 || start > logicalBytes) {
            throw new CorruptDataException(segmentWhat(s) + " says it starts at byte " + start + " of "
                    + logicalBytes);
        }
        return start;
    }

    /** Reads recipe segment {@code s} of an object (from one snapshot of the store). */
    @FunctionalInterface
    public interface SegmentSource {
        /** The value of segment {@code s}; a missing one is a {@link CorruptDataException}. */
        byte[] segment(int s) throws FlashArrayException;
    }

    /**
     * The chunks covering bytes {@code offset…offset+length−1} of the object (fewer bytes when it ends
     * first), reading only the recipe segments needed: those of format 2 are found by binary search on
     * their recorded start, those of format 1 by counting from the first.
     *
     * @throws IllegalArgumentException when {@code offset} or {@code length} is negative or {@code offset} lies
     *                                  beyond the object's end (naming the object and its size)
     */
    public RecipeSlice slice(long offset, long length, SegmentSource segments) throws FlashArrayException {
        if (offset < 0 || length < 0 || offset > logicalBytes) {
            throw new IllegalArgumentException("object '" + name + "' has " + logicalBytes + " bytes: cannot read "
                    + length + " bytes from offset " + offset);
        }
        long end = offset + Math.min(length, logicalBytes - offset);
        if (end == offset) {
            return new RecipeSlice(record(name, 0, createdMillis, fingerprintLen, new byte[0], new int[0]), offset,
                    logicalBytes);
        }
        if (inline != null) {
            int[] lengths = inline.lengths();
            int first = 0;
            long at = 0;
            while (first < lengths.length && at + lengths[first] <= offset) {
                at += lengths[first++];
            }
            int last = first;
            for (long pos = at; last < lengths.length && pos < end; last++) {
                pos += lengths[last];
            }
            return new RecipeSlice(inline.chunks(first, last), at, logicalBytes);
        }
        java.util.Map<Integer, byte[]> read = new java.util.HashMap<>();
        int count = segmentCount();
        // The last segment starting at or before offset.
        int lo = 0;
        int hi = count - 1;
        long loStart = 0;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            byte[] v = segments.segment(mid);
            read.put(mid, v);
            long st = recordedStart(mid, v);
            if (st < 0) { // format 1: count from the first segment
                lo = 0;
                loStart = 0;
                break;
            }
            if (st <= offset) {
                lo = mid;
                loStart = st;
            } else {
                hi = mid - 1;
            }
        }
        org.agrona.collections.IntArrayList lens = new org.agrona.collections.IntArrayList();
        java.io.ByteArrayOutputStream fps = new java.io.ByteArrayOutputStream();
        long sliceStart = -1;
        long pos = loStart;
        long segEnd = loStart;
        int s = lo;
        for (; s < count && pos < end; s++) {
            byte[] v = read.remove(s);
            Segment g = segment(s, v != null ? v : segments.segment(s), segEnd);
            int[] l = g.lengths();
            segEnd = g.start() + g.bytes();
            for (int i = 0; i < l.length && pos < end; i++) {
                if (pos + l[i] > offset) {
                    if (sliceStart < 0) {
                        sliceStart = pos;
                    }
                    lens.addInt(l[i]);
                    fps.write(g.fingerprints(), i * fingerprintLen, fingerprintLen);
                }
                pos += l[i];
            }
        }
        // The segments read must meet the next one's recorded start (or the object's end): a start that a
        // binary search trusted and that is off would otherwise shift every byte of the range.
        long next = s < count ? recordedStart(s, read.containsKey(s) ? read.get(s) : segments.segment(s))
                : logicalBytes;
        if (pos < end || (next >= 0 && next != segEnd)) {
            throw new CorruptDataException(segmentWhat(s - 1) + " ends at byte " + segEnd + ", "
                    + (s < count ? "segment " + s + " says it starts at " + next
                    : "the head says the object has " + logicalBytes + " bytes"));
        }
        int[] lengths = lens.toIntArray();
        long bytes = 0;
        for (int len : lengths) {
            bytes += len;
        }
        return new RecipeSlice(record(name, bytes, createdMillis, fingerprintLen, fps.toByteArray(), lengths),
                sliceStart, logicalBytes);
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
