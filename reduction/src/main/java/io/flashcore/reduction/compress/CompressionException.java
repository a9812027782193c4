package io.flashcore.reduction.compress;

/**
 * A compression or decompression step failed; the message names the value that was wrong and
 * what was expected. Subclasses say why: corrupt input, a missing dictionary or reference, an
 * unknown record format version.
 */
public class CompressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public CompressionException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
