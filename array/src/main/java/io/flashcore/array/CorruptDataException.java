package io.flashcore.array;

/**
 * Persisted bytes fail their own checks (bad magic, bad checksum, impossible field): the message
 * names the structure, where it was read from and which check failed.
 */
public final class CorruptDataException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    /** {@code message} names the structure, its location and the failed check. */
    public CorruptDataException(String message) {
        super(message);
    }
}
