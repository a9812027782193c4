package io.flashcore.array.meta;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import io.flashcore.array.FlashArrayException;

/**
 * Where one unique chunk lives and how many references keep it: fingerprint → (stripe, byte
 * offset in the stripe's data area, stored bytes, logical bytes, encoding, delta base, reference
 * count). Immutable.
 *
 * <p>The reference count counts every occurrence in an object recipe plus every delta chunk that
 * uses this chunk as its base; a chunk whose count reaches zero is deleted.
 *
 * @param fingerprint   the full fingerprint (the key)
 * @param stripe        the stripe id holding the stored bytes
 * @param offset        byte offset of the stored bytes in the stripe's data area (k shard payloads
 *                      concatenated)
 * @param storedLength  stored bytes (after compression or delta)
 * @param logicalLength the chunk's own bytes
 * @param encoding      how the stored bytes decode
 * @param base          the fingerprint of the delta base, or {@code null} unless {@link ChunkEncoding#DELTA}
 * @param refCount      references, at least 0
 * @param sketch        the similarity sketch the chunk was registered under as a delta reference
 *                      (plain chunks only), or {@code null}: lets a reopened array find similar
 *                      data stored before it opened
 */
public record ChunkRecord(byte[] fingerprint, long stripe, int offset, int storedLength, int logicalLength,
                          ChunkEncoding encoding, byte[] base, long refCount, long[] sketch) {
    /** Format version of the persisted record: 2 adds the optional similarity sketch. */
    public static final int FORMAT_VERSION = 2;
    /** The most super-features a persisted sketch may hold. */
    public static final int MAX_SKETCH = 16;

    /** Validates the fields. */
    public ChunkRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(encoding, "encoding");
        if (stripe < 0 || offset < 0 || storedLength < 0 || logicalLength < 0 || refCount < 0) {
            throw new IllegalArgumentException("negative field in chunk record: stripe=" + stripe + " offset="
                    + offset + " stored=" + storedLength + " logical=" + logicalLength + " refs=" + refCount);
        }
        if ((encoding == ChunkEncoding.DELTA) != (base != null)) {
            throw new IllegalArgumentException("a delta chunk needs a base and only a delta chunk has one");
        }
        if (sketch != null && (encoding == ChunkEncoding.DELTA || sketch.length == 0 || sketch.length > MAX_SKETCH)) {
            throw new IllegalArgumentException("a sketch belongs to a plain chunk and holds 1.." + MAX_SKETCH
                    + " super-features, got " + sketch.length + " on a " + encoding + " chunk");
        }
    }

    /** A record without a sketch. */
    public ChunkRecord(byte[] fingerprint, long stripe, int offset, int storedLength, int logicalLength,
                       ChunkEncoding encoding, byte[] base, long refCount) {
        this(fingerprint, stripe, offset, storedLength, logicalLength, encoding, base, refCount, null);
    }

    /** The same record with reference count {@code refs}. */
    public ChunkRecord withRefCount(long refs) {
        return new ChunkRecord(fingerprint, stripe, offset, storedLength, logicalLength, encoding, base, refs, sketch);
    }

    /** The same record moved to {@code newStripe} at {@code newOffset} (compaction). */
    public ChunkRecord movedTo(long newStripe, int newOffset) {
        return new ChunkRecord(fingerprint, newStripe, newOffset, storedLength, logicalLength, encoding, base,
                refCount, sketch);
    }

    /** The persisted value (the fingerprint is the key and is not repeated). */
    public byte[] encode(RecordWriter w) {
        w.reset().u8(FORMAT_VERSION).varLong(stripe).varLong(offset).varLong(storedLength).varLong(logicalLength)
                .u8(encoding.id()).varLong(refCount);
        if (base != null) {
            w.bytes(base);
        }
        w.u8(sketch == null ? 0 : sketch.length);
        if (sketch != null) {
            for (long f : sketch) {
                w.i64(f);
            }
        }
        return w.toByteArray();
    }

    /** Decodes a value written by {@link #encode}. */
    public static ChunkRecord decode(byte[] fingerprint, byte[] value) throws FlashArrayException {
        RecordReader r = new RecordReader(value, "chunk record " + HexFormat.of().formatHex(fingerprint));
        int version = r.version(1, FORMAT_VERSION);
        long stripe = r.varLong();
        int offset = r.varInt();
        int stored = r.varInt();
        int logical = r.varInt();
        ChunkEncoding enc = ChunkEncoding.ofId(r.u8());
        long refs = r.varLong();
        byte[] base = enc == ChunkEncoding.DELTA ? r.bytes() : null;
        long[] sketch = null;
        if (version >= 2) {
            int n = r.u8();
            if (n > MAX_SKETCH) {
                throw new io.flashcore.array.CorruptDataException("chunk record " + HexFormat.of().formatHex(fingerprint)
                        + ": a sketch of " + n + " super-features (at most " + MAX_SKETCH + ")");
            }
            if (n > 0) {
                sketch = new long[n];
                for (int i = 0; i < n; i++) {
                    sketch[i] = r.i64();
                }
            }
        }
        r.end();
        try {
            return new ChunkRecord(fingerprint, stripe, offset, stored, logical, enc, base, refs, sketch);
        } catch (IllegalArgumentException e) {
            throw new io.flashcore.array.CorruptDataException("chunk record " + HexFormat.of().formatHex(fingerprint)
                    + ": " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkRecord c && Arrays.equals(fingerprint, c.fingerprint) && stripe == c.stripe
                && offset == c.offset && storedLength == c.storedLength && logicalLength == c.logicalLength
                && encoding == c.encoding && Arrays.equals(base, c.base) && refCount == c.refCount
                && Arrays.equals(sketch, c.sketch);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fingerprint) * 31 + Long.hashCode(stripe);
    }

    @Override
    public String toString() {
        return "ChunkRecord[" + HexFormat.of().formatHex(fingerprint) + " stripe=" + stripe + " offset=" + offset
                + " stored=" + storedLength + " logical=" + logicalLength + " " + encoding + " refs=" + refCount
                + (sketch == null ? "" : " sketched") + "]";
    }
}
