package io.flashcore.reduction.compress;

/**
 * A decoded, validated record header (see {@link RecordDescriptor} for the layout).
 *
 * @param kind how the payload is encoded
 * @param version the format version it was written with
 * @param flags the flag bits ({@link RecordDescriptor#FLAG_CHECKSUM}, {@link RecordDescriptor#FLAG_UNIT})
 * @param logicalLength decoded length in bytes (of the chunk, or of the whole unit)
 * @param payloadLength payload length in bytes
 * @param headerLength header length in bytes; the payload starts here
 * @param dictionaryId the dictionary's id (kind ZSTD_DICT), else 0
 * @param referenceId the reference chunk's id (kind DELTA), else 0
 * @param referenceLength the reference chunk's length in bytes (kind DELTA), else 0
 * @param unitCount chunks in the unit, or 0 when the record holds one chunk
 */
public record RecordHeader(RecordKind kind, int version, int flags, int logicalLength, int payloadLength,
        int headerLength, int dictionaryId, long referenceId, int referenceLength, int unitCount) {

    /** Total record length in bytes: header plus payload. */
    public int recordLength() {
        return headerLength + payloadLength;
    }

    /** Whether the payload holds several chunks compressed together. */
    public boolean isUnit() {
        return unitCount > 0;
    }
}
