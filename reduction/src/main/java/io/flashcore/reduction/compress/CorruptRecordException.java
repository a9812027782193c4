package io.flashcore.reduction.compress;

/**
 * Compressed bytes or a record header are corrupt or truncated: decoding stopped before writing
 * anything it could not vouch for, and never read past the input it was given.
 */
public final class CorruptRecordException extends CompressionException {
    private static final long serialVersionUID = 1L;

    /** Corruption described by {@code message}. */
    public CorruptRecordException(String message) {
        super(message);
    }

    /** Corruption described by {@code message}, reported by {@code cause}. */
    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
