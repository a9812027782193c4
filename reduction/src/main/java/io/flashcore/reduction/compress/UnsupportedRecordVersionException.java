package io.flashcore.reduction.compress;

/** A record was written by a format version this reader does not know (too old or too new). */
public final class UnsupportedRecordVersionException extends CompressionException {
    private static final long serialVersionUID = 1L;

    private final int version;

    /** A record of format {@code version}, where this reader supports {@code min}..{@code max}. */
    public UnsupportedRecordVersionException(int version, int min, int max) {
        super("record format version " + version + " is " + (version < min ? "too old" : "too new")
                + ": this reader supports versions " + min + ".." + max);
        this.version = version;
    }

    /** The version found in the record. */
    public int version() {
        return version;
    }
}
