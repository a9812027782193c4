package io.flashcore.reduction.compress;

/** How a stored record's payload encodes its chunk(s); the code is persisted in the record header. */
public enum RecordKind {
    /** The payload is the chunk's bytes as they are. */
    RAW(0),
    /** The payload is one zstd frame. */
    ZSTD(1),
    /** The payload is one zstd frame made with a trained dictionary named by id. */
    ZSTD_DICT(2),
    /** The payload is one zstd frame made against one reference chunk named by id. */
    DELTA(3);

    private final int code;

    RecordKind(int code) {
        this.code = code;
    }

    /** The 4-bit code stored in the header. */
    public int code() {
        return code;
    }

    private static final RecordKind[] BY_CODE = values();

    /**
     * The kind stored as {@code code}.
     *
     * @throws CorruptRecordException when {@code code} names no kind
     */
    public static RecordKind ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new CorruptRecordException("record kind code " + code + " is unknown: expected 0.."
                    + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
