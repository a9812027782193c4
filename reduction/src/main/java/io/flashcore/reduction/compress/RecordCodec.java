package io.flashcore.reduction.compress;

import static io.flashcore.reduction.compress.RecordDescriptor.FLAG_CHECKSUM;
import static io.flashcore.reduction.compress.RecordDescriptor.FLAG_UNIT;
import static io.flashcore.reduction.compress.RecordDescriptor.U32;
import static io.flashcore.reduction.compress.RecordDescriptor.U64;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Turns chunks into stored records and back: probe for incompressible data, compress with zstd
 * (plainly, with a trained dictionary, or as a delta against one reference chunk), keep the raw
 * bytes when compression does not pay ({@link CompressionOptions#minSavings()}), and write the
 * versioned header of {@link RecordDescriptor} in front so any reader knows how to decode it.
 * Also packs several consecutive chunks into one compression unit.
 *
 * <p>Size output buffers with {@link #maxRecordLength(int)} / {@link #maxUnitRecordLength(int, int)}.
 * Records are never larger than that bound; a compressed form is kept only when it is smaller
 * than the raw one by the configured margin.
 *
 * <p>Not thread-safe: one per thread (it owns a {@link ZstdCodec} and scratch memory); the owner
 * closes it. Dictionaries are looked up in the shared, thread-safe {@link DictionaryRegistry}.
 */
public final class RecordCodec implements AutoCloseable {
    private final CompressionOptions options;
    private final DictionaryRegistry dictionaries;
    private final ZstdCodec zstd;
    private final IncompressibilityProbe probe;
    private final Arena arena = Arena.ofShared();
    private MemorySegment scratch = MemorySegment.NULL;

    /** A codec with {@code options}, resolving dictionary ids in {@code dictionaries}. */
    public RecordCodec(CompressionOptions options, DictionaryRegistry dictionaries) {
        this.options = options;
        this.dictionaries = dictionaries;
        this.zstd = new ZstdCodec(options.level(), options.checksum());
        this.probe = new IncompressibilityProbe(options.probeMarginBits());
    }

    /** The options this codec encodes with. */
    public CompressionOptions options() {
        return options;
    }

    /** The zstd codec underneath (same thread only). */
    public ZstdCodec zstd() {
        return zstd;
    }

    /** The largest record, in bytes, that encoding one chunk of {@code logicalBytes} can produce. */
    public static int maxRecordLength(int logicalBytes) {
        return RecordDescriptor.MAX_HEADER_LENGTH + ZstdCodec.maxFrameLength(logicalBytes);
    }

    /** The largest record, in bytes, for a unit of {@code count} chunks adding up to {@code logicalBytes}. */
    public static int maxUnitRecordLength(int logicalBytes, int count) {
        return RecordDescriptor.headerLength(RecordKind.ZSTD_DICT, count) + ZstdCodec.maxFrameLength(logicalBytes);
    }

    /**
     * Encodes {@code chunk} into a record at the start of {@code out} (RAW or ZSTD).
     *
     * @return the record's length in bytes
     */
    public int encode(MemorySegment chunk, MemorySegment out) {
        return encode(chunk, out, null);
    }

    /**
     * Encodes {@code chunk} into a record at the start of {@code out}: ZSTD_DICT with
     * {@code dictionary} (or ZSTD when it is {@code null}), or RAW when compression does not pay.
     *
     * @return the record's length in bytes
     */
    public int encode(MemorySegment chunk, MemorySegment out, CompressionDictionary dictionary) {
        int logical = lengthOf(chunk);
        requireCapacity(out, maxRecordLength(logical));
        if (logical == 0 || options.probe() && probe.looksIncompressible(chunk)) {
            return writeRaw(chunk, out, logical, 0, null);
        }
        RecordKind kind = dictionary == null ? RecordKind.ZSTD : RecordKind.ZSTD_DICT;
        int h = RecordDescriptor.headerLength(kind, 0);
        int n = dictionary == null ? zstd.tryCompress(chunk, out, h) : zstd.tryCompress(chunk, out, h, dictionary);
        if (n < 0 || !options.pays(h + n, logical)) {
            return writeRaw(chunk, out, logical, 0, null);
        }
        RecordDescriptor.writeFixed(out, kind, flags(0), logical, n);
        if (dictionary != null) {
            out.set(U32, RecordDescriptor.DICTIONARY_ID_OFFSET, dictionary.id());
        }
        return h + n;
    }

    /**
     * Encodes {@code chunk} as a DELTA record against the reference chunk {@code reference} whose
     * id is {@code referenceId}, at the start of {@code out}, when that record is shorter than
     * {@code maxLength} bytes.
     *
     * @return the record's length in bytes, or -1 when the delta is not shorter than {@code maxLength}
     */
    public int encodeDelta(MemorySegment chunk, long referenceId, MemorySegment reference, MemorySegment out,
            int maxLength) {
        int logical = lengthOf(chunk);
        int refLength = lengthOf(reference);
        requireCapacity(out, maxRecordLength(logical));
        int h = RecordDescriptor.headerLength(RecordKind.DELTA, 0);
        int n = zstd.tryCompressAgainst(chunk, reference, out, h);
        if (n < 0 || h + n >= maxLength) {
            return -1;
        }
        RecordDescriptor.writeFixed(out, RecordKind.DELTA, flags(0), logical, n);
        out.set(U64, RecordDescriptor.REFERENCE_ID_OFFSET, referenceId);
        out.set(U32, RecordDescriptor.REFERENCE_LENGTH_OFFSET, refLength);
        return h + n;
    }

    /**
     * Encodes {@code chunks} (consecutive chunks, in order) into one unit record at the start of
     * {@code out}, compressed together (with {@code dictionary} when not {@code null}), or RAW
     * when that does not pay.
     *
     * @return the record's length in bytes
     */
    public int encodeUnit(MemorySegment[] chunks, MemorySegment out, CompressionDictionary dictionary) {
        int count = chunks.length;
        if (count < 1 || count > RecordDescriptor.MAX_UNIT_CHUNKS) {
            throw new IllegalArgumentException("unit of " + count + " chunks is out of range 1.."
                    + RecordDescriptor.MAX_UNIT_CHUNKS);
        }
        long total = 0;
        for (MemorySegment c : chunks) {
            total += c.byteSize();
        }
        if (total > Integer.MAX_VALUE - maxUnitRecordLength(0, count)) {
            throw new IllegalArgumentException("unit of " + total + " bytes is too large for one record");
        }
        int logical = (int) total;
        requireCapacity(out, maxUnitRecordLength(logical, count));
        MemorySegment joined = scratch(logical);
        long at = 0;
        for (MemorySegment c : chunks) {
            MemorySegment.copy(c, 0, joined, at, c.byteSize());
            at += c.byteSize();
        }
        RecordKind kind = dictionary == null ? RecordKind.ZSTD : RecordKind.ZSTD_DICT;
        int h = RecordDescriptor.headerLength(kind, count);
        boolean compress = !(options.probe() && probe.looksIncompressible(joined));
        int n = -1;
        if (compress && logical > 0) {
            MemorySegment dst = out.asSlice(h);
            n = dictionary == null ? zstd.compress(joined, dst) : zstd.compress(joined, dst, dictionary);
        }
        if (n < 0 || !options.pays(h + n, logical)) {
            return writeRaw(joined, out, logical, FLAG_UNIT, chunks);
        }
        RecordDescriptor.writeFixed(out, kind, flags(FLAG_UNIT), logical, n);
        if (dictionary != null) {
            out.set(U32, RecordDescriptor.DICTIONARY_ID_OFFSET, dictionary.id());
        }
        writeUnitTable(out, kind, chunks);
        return h + n;
    }

    private int writeRaw(MemorySegment data, MemorySegment out, int logical, int extraFlags, MemorySegment[] unit) {
        int h = RecordDescriptor.headerLength(RecordKind.RAW, unit == null ? 0 : unit.length);
        MemorySegment.copy(data, 0, out, h, logical);
        RecordDescriptor.writeFixed(out, RecordKind.RAW, extraFlags, logical, logical);
        if (unit != null) {
            writeUnitTable(out, RecordKind.RAW, unit);
        }
        return h + logical;
    }

    private static void writeUnitTable(MemorySegment out, RecordKind kind, MemorySegment[] chunks) {
        long at = RecordDescriptor.FIXED_HEADER_LENGTH + RecordDescriptor.kindFieldsLength(kind);
        out.set(U32, at, chunks.length);
        for (int i = 0; i < chunks.length; i++) {
            out.set(U32, at + 4 + 4L * i, (int) chunks[i].byteSize());
        }
    }

    private int flags(int extra) {
        return extra | (options.checksum() ? FLAG_CHECKSUM : 0);
    }

    /**
     * Decodes the record at the start of {@code record} (all of its chunks, for a unit) into the
     * start of {@code dst}, resolving a DELTA record's reference through {@code references}.
     *
     * @return the decoded length in bytes (the header's logical length)
     * @throws CorruptRecordException when the record is corrupt or truncated
     * @throws UnsupportedRecordVersionException when its format version is unknown
     * @throws MissingDictionaryException when its dictionary is not registered
     * @throws MissingReferenceException when its reference cannot be resolved
     * @throws IllegalArgumentException when {@code dst} is shorter than the logical length
     */
    public int decode(MemorySegment record, MemorySegment dst, ReferenceResolver references) {
        RecordHeader h = RecordDescriptor.read(record);
        int logical = h.logicalLength();
        if (dst.byteSize() < logical) {
            throw new IllegalArgumentException("destination of " + dst.byteSize() + " bytes is shorter than the record's "
                    + logical + " logical bytes");
        }
        decodePayload(record, h, dst.byteSize() == logical ? dst : dst.asSlice(0, logical), references);
        return logical;
    }

    /**
     * Decodes chunk {@code index} of the unit record at the start of {@code record} into the start
     * of {@code dst}; a record that is not a unit has the single chunk 0.
     *
     * @return the chunk's length in bytes
     */
    public int decodeUnitChunk(MemorySegment record, int index, MemorySegment dst, ReferenceResolver references) {
        RecordHeader h = RecordDescriptor.read(record);
        if (!h.isUnit()) {
            if (index != 0) {
                throw new IllegalArgumentException("chunk index " + index + " of a single-chunk record: expected 0");
            }
            return decode(record, dst, references);
        }
        if (index < 0 || index >= h.unitCount()) {
            throw new IllegalArgumentException("chunk index " + index + " is out of range 0.." + (h.unitCount() - 1));
        }
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += RecordDescriptor.unitChunkLength(record, h, i);
        }
        int length = RecordDescriptor.unitChunkLength(record, h, index);
        if (dst.byteSize() < length) {
            throw new IllegalArgumentException("destination of " + dst.byteSize() + " bytes is shorter than chunk "
                    + index + "'s " + length + " bytes");
        }
        if (h.kind() == RecordKind.RAW) {
            MemorySegment.copy(record, h.headerLength() + offset, dst, 0, length);
            return length;
        }
        MemorySegment whole = scratch(h.logicalLength());
        decodePayload(record, h, whole, references);
        MemorySegment.copy(whole, offset, dst, 0, length);
        return length;
    }

    private void decodePayload(MemorySegment record, RecordHeader h, MemorySegment dst, ReferenceResolver references) {
        int at = h.headerLength();
        int length = h.payloadLength();
        switch (h.kind()) {
            case RAW -> MemorySegment.copy(record, at, dst, 0, h.logicalLength());
            case ZSTD -> zstd.decompress(record, at, length, dst, null, null);
            case ZSTD_DICT -> zstd.decompress(record, at, length, dst, dictionaries.require(h.dictionaryId()), null);
            case DELTA -> {
                MemorySegment reference = references.resolve(h.referenceId());
                if (reference == null) {
                    throw new MissingReferenceException(h.referenceId());
                }
                if (reference.byteSize() != h.referenceLength()) {
                    throw new CorruptRecordException("reference chunk " + Long.toUnsignedString(h.referenceId()) + " is "
                            + reference.byteSize() + " bytes, but the delta was made against " + h.referenceLength()
                            + " bytes");
                }
                zstd.decompress(record, at, length, dst, null, reference);
            }
        }
    }

    private MemorySegment scratch(int bytes) {
        if (scratch.byteSize() < bytes) {
            scratch = arena.allocate(Math.max(bytes, scratch.byteSize() * 2), 64);
        }
        return scratch.asSlice(0, bytes);
    }

    private static int lengthOf(MemorySegment chunk) {
        if (chunk.byteSize() > Integer.MAX_VALUE - RecordDescriptor.MAX_HEADER_LENGTH - 1024) {
            throw new IllegalArgumentException("chunk of " + chunk.byteSize() + " bytes is too large for one record");
        }
        return (int) chunk.byteSize();
    }

    private static void requireCapacity(MemorySegment out, int needed) {
        if (out.byteSize() < needed) {
            throw new IllegalArgumentException("output of " + out.byteSize() + " bytes is smaller than the "
                    + needed + " bytes a record may need");
        }
    }

    @Override
    public void close() {
        zstd.close();
        arena.close();
    }
}
