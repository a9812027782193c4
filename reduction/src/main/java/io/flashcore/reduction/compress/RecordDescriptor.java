package io.flashcore.reduction.compress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The layout of a stored record: a small versioned header telling a reader how to decode the
 * payload that follows it. All integers are little-endian.
 *
 * <pre>
 *   0        1          2        3        4                8                12
 *   +--------+----------+--------+--------+----------------+----------------+
 *   | magic  | ver|kind | flags  |   0    | logical length | payload length |
 *   | 0xFC   | 4b | 4b  |        |        | u32 (bytes)    | u32 (bytes)    |
 *   +--------+----------+--------+--------+----------------+----------------+
 *   then, by kind:
 *     ZSTD_DICT  12: dictionary id u32
 *     DELTA      12: reference id u64, 20: reference length u32
 *   then, when flags has UNIT:
 *     count u32, count x chunk length u32 (they add up to the logical length)
 *   then the payload (payload length bytes).
 * </pre>
 *
 * <p>The logical length is the decoded length (of the one chunk, or of the whole unit). Flags:
 * bit 0 = the zstd frame carries its content checksum; bit 1 = UNIT, the payload holds several
 * consecutive chunks compressed together. Integrity of RAW payloads is the job of the shard
 * checksum around the record; zstd payloads are additionally checked by zstd's own framing.
 */
public final class RecordDescriptor {
    /** First byte of every record. */
    public static final byte MAGIC = (byte) 0xFC;
    /** The format version this code writes. */
    public static final int VERSION = 1;
    /** The oldest format version this code reads. */
    public static final int MIN_VERSION = 1;

    /** Offset of the magic byte. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version (high nibble) and kind (low nibble) byte. */
    public static final int VERSION_KIND_OFFSET = 1;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the reserved byte, always 0. */
    public static final int RESERVED_OFFSET = 3;
    /** Offset of the logical length. */
    public static final int LOGICAL_LENGTH_OFFSET = 4;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 8;
    /** Length of the fixed part of the header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Offset of the dictionary id (kind ZSTD_DICT). */
    public static final int DICTIONARY_ID_OFFSET = 12;
    /** Offset of the reference id (kind DELTA). */
    public static final int REFERENCE_ID_OFFSET = 12;
    /** Offset of the reference length (kind DELTA). */
    public static final int REFERENCE_LENGTH_OFFSET = 20;
    /** The longest header without a unit table. */
    public static final int MAX_HEADER_LENGTH = 24;

    /** Flag: the zstd frame carries a content checksum. */
    public static final int FLAG_CHECKSUM = 1;
    /** Flag: the payload is a unit of several chunks. */
    public static final int FLAG_UNIT = 2;
    private static final int KNOWN_FLAGS = FLAG_CHECKSUM | FLAG_UNIT;

    /** The most chunks one unit may hold. */
    public static final int MAX_UNIT_CHUNKS = 1024;

    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RecordDescriptor() {
    }

    /** Length in bytes of the kind-specific part after the fixed header. */
    public static int kindFieldsLength(RecordKind kind) {
        return switch (kind) {
            case RAW, ZSTD -> 0;
            case ZSTD_DICT -> 4;
            case DELTA -> 12;
        };
    }

    /** Header length in bytes of a record of {@code kind}, with a unit table of {@code unitCount} chunks (0 for none). */
    public static int headerLength(RecordKind kind, int unitCount) {
        return FIXED_HEADER_LENGTH + kindFieldsLength(kind) + (unitCount == 0 ? 0 : 4 + 4 * unitCount);
    }

    static void writeFixed(MemorySegment out, RecordKind kind, int flags, int logicalLength, int payloadLength) {
        out.set(ValueLayout.JAVA_BYTE, MAGIC_OFFSET, MAGIC);
        out.set(ValueLayout.JAVA_BYTE, VERSION_KIND_OFFSET, (byte) (VERSION << 4 | kind.code()));
        out.set(ValueLayout.JAVA_BYTE, FLAGS_OFFSET, (byte) flags);
        out.set(ValueLayout.JAVA_BYTE, RESERVED_OFFSET, (byte) 0);
        out.set(U32, LOGICAL_LENGTH_OFFSET, logicalLength);
        out.set(U32, PAYLOAD_LENGTH_OFFSET, payloadLength);
    }

    /**
     * Reads and validates the header of {@code record}.
     *
     * @throws CorruptRecordException when the record is shorter than its header says, has a wrong
     *     magic, unknown kind or flags, or inconsistent lengths
     * @throws UnsupportedRecordVersionException when its version is too old or too new
     */
    public static RecordHeader read(MemorySegment record) {
        long size = record.byteSize();
        if (size < FIXED_HEADER_LENGTH) {
            throw new CorruptRecordException("record of " + size + " bytes is shorter than the "
                    + FIXED_HEADER_LENGTH + "-byte header");
        }
        byte magic = record.get(ValueLayout.JAVA_BYTE, MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new CorruptRecordException(String.format("record magic is 0x%02X, expected 0x%02X",
                    magic & 0xFF, MAGIC & 0xFF));
        }
        int vk = record.get(ValueLayout.JAVA_BYTE, VERSION_KIND_OFFSET) & 0xFF;
        int version = vk >>> 4;
        if (version < MIN_VERSION || version > VERSION) {
            throw new UnsupportedRecordVersionException(version, MIN_VERSION, VERSION);
        }
        RecordKind kind = RecordKind.ofCode(vk & 0xF);
        int flags = record.get(ValueLayout.JAVA_BYTE, FLAGS_OFFSET) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new CorruptRecordException(String.format("record flags 0x%02X has unknown bits: expected a subset of 0x%02X",
                    flags, KNOWN_FLAGS));
        }
        int reserved = record.get(ValueLayout.JAVA_BYTE, RESERVED_OFFSET);
        if (reserved != 0) {
            throw new CorruptRecordException("record reserved byte is " + (reserved & 0xFF) + ", expected 0");
        }
        int logical = record.get(U32, LOGICAL_LENGTH_OFFSET);
        int payload = record.get(U32, PAYLOAD_LENGTH_OFFSET);
        if (logical < 0 || payload < 0) {
            throw new CorruptRecordException("record lengths " + Integer.toUnsignedString(logical) + " / "
                    + Integer.toUnsignedString(payload) + " exceed 2 GiB");
        }
        int fixedEnd = FIXED_HEADER_LENGTH + kindFieldsLength(kind);
        if (size < fixedEnd) {
            throw new CorruptRecordException("record of " + size + " bytes is shorter than its " + kind
                    + " header of " + fixedEnd + " bytes");
        }
        int dictionaryId = 0;
        long referenceId = 0;
        int referenceLength = 0;
        if (kind == RecordKind.ZSTD_DICT) {
            dictionaryId = record.get(U32, DICTIONARY_ID_OFFSET);
        } else if (kind == RecordKind.DELTA) {
            referenceId = record.get(U64, REFERENCE_ID_OFFSET);
            referenceLength = record.get(U32, REFERENCE_LENGTH_OFFSET);
            if (referenceLength < 0) {
                throw new CorruptRecordException("reference length " + Integer.toUnsignedString(referenceLength)
                        + " exceeds 2 GiB");
            }
        }
        int unitCount = 0;
        int headerLength = fixedEnd;
        if ((flags & FLAG_UNIT) != 0) {
            if (kind == RecordKind.DELTA) {
                throw new CorruptRecordException("a DELTA record cannot be a unit");
            }
            if (size < fixedEnd + 4) {
                throw new CorruptRecordException("unit record of " + size + " bytes is truncated before its chunk count");
            }
            unitCount = record.get(U32, fixedEnd);
            if (unitCount < 1 || unitCount > MAX_UNIT_CHUNKS) {
                throw new CorruptRecordException("unit chunk count " + Integer.toUnsignedString(unitCount)
                        + " is out of range 1.." + MAX_UNIT_CHUNKS);
            }
            headerLength = fixedEnd + 4 + 4 * unitCount;
            if (size < headerLength) {
                throw new CorruptRecordException("unit record of " + size + " bytes is shorter than its header of "
                        + headerLength + " bytes");
            }
            long sum = 0;
            for (int i = 0; i < unitCount; i++) {
                int len = record.get(U32, fixedEnd + 4 + 4L * i);
                if (len < 0) {
                    throw new CorruptRecordException("unit chunk " + i + " length exceeds 2 GiB");
                }
                sum += len;
            }
            if (sum != logical) {
                throw new CorruptRecordException("unit chunk lengths add up to " + sum + " bytes, but the logical length is "
                        + logical);
            }
        }
        if ((long) headerLength + payload > size) {
            throw new CorruptRecordException("record of " + size + " bytes is truncated: header " + headerLength
                    + " + payload " + payload + " bytes");
        }
        if (kind == RecordKind.RAW && payload != logical) {
            throw new CorruptRecordException("RAW record payload is " + payload + " bytes, but its logical length is "
                    + logical);
        }
        return new RecordHeader(kind, version, flags, logical, payload, headerLength, dictionaryId, referenceId,
                referenceLength, unitCount);
    }

    /** Length in bytes of chunk {@code index} of the unit record {@code record} (header already validated). */
    static int unitChunkLength(MemorySegment record, RecordHeader h, int index) {
        return record.get(U32, FIXED_HEADER_LENGTH + kindFieldsLength(h.kind()) + 4 + 4L * index);
    }
}
