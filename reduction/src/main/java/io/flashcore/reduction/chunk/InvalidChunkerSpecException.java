package io.flashcore.reduction.chunk;

/** Thrown when chunker parameters are out of range; the message names the bad value and the allowed range. */
public final class InvalidChunkerSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A new exception with {@code message}. */
    public InvalidChunkerSpecException(String message) {
        super(message);
    }
}
