package io.flashcore.array.meta;

import java.util.Arrays;
import java.util.Objects;

import io.flashcore.array.FlashArrayException;

/**
 * A named object: its logical bytes and its recipe, the ordered list of chunk fingerprints and
 * chunk lengths whose concatenation is the object. Immutable.
 *
 * @param name           the object's name (the key)
 * @param logicalBytes   the object's size in bytes
 * @param createdMillis  when the put was acknowledged, milliseconds since the epoch
 * @param fingerprintLen bytes per fingerprint in {@code fingerprints}
 * @param fingerprints   the chunks' fingerprints, concatenated in object order
 * @param lengths        the chunks' logical bytes, in object order
 */
public record ObjectRecord(String name, long logicalBytes, long createdMillis, int fingerprintLen,
                           byte[] fingerprints, int[] lengths) {
    /**
     * Format version of the persisted head: 2 since recipes of more than {@link #INLINE_CHUNKS} chunks are
     * kept in segment records (listing objects reads heads only); format 1 (the whole recipe in one
     * value) is still read.
     */
    public static final int FORMAT_VERSION = 2;
    /**
     * Format version of a persisted recipe segment: 2 adds the object offset of the segment's first
     * chunk, so a range read finds its segments by binary search instead of reading every one before
     * them; format 1 is still read.
     */
    public static final int SEGMENT_FORMAT_VERSION = 2;
    /** Recipes of at most this many chunks are kept inside the head record. */
    public static final int INLINE_CHUNKS = 256;
    /** Chunks per recipe segment record (about 140 KiB with 32-byte fingerprints). */
    public static final int SEGMENT_CHUNKS = 4096;

    /** Validates that the recipe adds up. */
    public ObjectRecord {
        Objects.requireNonNull(name, "name");
        if (fingerprintLen <= 0 || fingerprints.length != fingerprintLen * lengths.length) {
            throw new IllegalArgumentException("recipe of '" + name + "' has " + fingerprints.length
                    + " fingerprint bytes for " + lengths.length + " chunks of " + fingerprintLen + " bytes");
        }
        long sum = 0;
        for (int len : lengths) {
            sum += len;
        }
        if (sum != logicalBytes) {
            throw new IllegalArgumentException("recipe of '" + name + "' adds up to " + sum + " bytes, not "
                    + logicalBytes);
        }
    }

    /** Chunks in the recipe. */
    public int chunkCount() {
        return lengths.length;
    }

    /** The fingerprint of chunk {@code i} of the recipe. */
    public byte[] fingerprint(int i) {
        return Arrays.copyOfRange(fingerprints, i * fingerprintLen, (i + 1) * fingerprintLen);
    }

    /**
     * The persisted head (the name is the key and is not repeated): format 2, the logical bytes, the
     * creation time, the fingerprint length, the chunk count and the chunks per recipe segment, 0 when
     * the recipe follows in the head itself (at most {@link #INLINE_CHUNKS} chunks); a larger recipe is
     * persisted as {@link #segmentCount()} records of {@link #encodeSegment}.
     */
    public byte[] encode(RecordWriter w) {
        w.reset().u8(FORMAT_VERSION).varLong(logicalBytes).varLong(createdMillis).varLong(fingerprintLen)
                .varLong(lengths.length).varLong(isInline() ? 0 : SEGMENT_CHUNKS);
        if (isInline()) {
            writeRecipe(w, 0, lengths.length);
        }
        return w.toByteArray();
    }

    /** Whether the recipe is persisted inside the head record. */
    public boolean isInline() {
        return lengths.length <= INLINE_CHUNKS;
    }

    /** Recipe segment records persisted beside the head (0 when the recipe is inline). */
    public int segmentCount() {
        return isInline() ? 0 : (lengths.length + SEGMENT_CHUNKS - 1) / SEGMENT_CHUNKS;
    }

    /**
     * Segment {@code s} of the recipe: format 2, the segment's index, the object offset of its first chunk
     * ({@code start}, the bytes of the chunks before it), its chunk count, their lengths and their
     * fingerprints (chunks {@code s * SEGMENT_CHUNKS} on).
     */
    public byte[] encodeSegment(int s, long start, RecordWriter w) {
        Objects.checkIndex(s, segmentCount());
        int from = s * SEGMENT_CHUNKS;
        int to = Math.min(lengths.length, from + SEGMENT_CHUNKS);
        w.reset().u8(SEGMENT_FORMAT_VERSION).varLong(s).varLong(start).varLong(to - from);
        writeRecipe(w, from, to);
        return w.toByteArray();
    }

    /** The logical bytes of the chunks of segment {@code s}: the start of segment {@code s + 1} less its own. */
    public long segmentBytes(int s) {
        Objects.checkIndex(s, segmentCount());
        long bytes = 0;
        for (int i = s * SEGMENT_CHUNKS; i < Math.min(lengths.length, (s + 1) * SEGMENT_CHUNKS); i++) {
            bytes += lengths[i];
        }
        return bytes;
    }

    /**
     * Chunks {@code from…to−1} of this recipe as a record of their own (same name and creation time, the
     * logical bytes of those chunks): what a range read decodes.
     */
    public ObjectRecord chunks(int from, int to) {
        Objects.checkFromToIndex(from, to, lengths.length);
        long bytes = 0;
        for (int i = from; i < to; i++) {
            bytes += lengths[i];
        }
        return new ObjectRecord(name, bytes, createdMillis, fingerprintLen,
                Arrays.copyOfRange(fingerprints, from * fingerprintLen, to * fingerprintLen),
                Arrays.copyOfRange(lengths, from, to));
    }

    private void writeRecipe(RecordWriter w, int from, int to) {
        for (int i = from; i < to; i++) {
            w.varLong(lengths[i]);
        }
        w.raw(fingerprints, from * fingerprintLen, (to - from) * fingerprintLen);
    }

    /** Reads {@code n} chunks' lengths and then their fingerprints into the arrays from chunk {@code at}. */
    static void readRecipe(RecordReader r, String name, int fpLen, int n, int[] lengths, byte[] fps, int at)
            throws FlashArrayException {
        if ((long) n * fpLen > r.remaining()) {
            throw new io.flashcore.array.CorruptDataException("object record '" + name + "' claims " + n
                    + " chunks of " + fpLen + "-byte fingerprints in " + r.remaining() + " bytes");
        }
        for (int i = 0; i < n; i++) {
            lengths[at + i] = r.varInt();
        }
        System.arraycopy(r.raw(n * fpLen), 0, fps, at * fpLen, n * fpLen);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRecord r && name.equals(r.name) && logicalBytes == r.logicalBytes
                && createdMillis == r.createdMillis && fingerprintLen == r.fingerprintLen
                && Arrays.equals(fingerprints, r.fingerprints) && Arrays.equals(lengths, r.lengths);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "ObjectRecord[" + name + " " + logicalBytes + " bytes, " + lengths.length + " chunks]";
    }
}
