package io.flashcore.reduction.compress;

/** A delta record needs a reference chunk that cannot be found; the message names its id. */
public final class MissingReferenceException extends CompressionException {
    private static final long serialVersionUID = 1L;

    private final long referenceId;

    /** Reference chunk {@code referenceId} cannot be found. */
    public MissingReferenceException(long referenceId) {
        super("reference chunk " + Long.toUnsignedString(referenceId) + " cannot be found");
        this.referenceId = referenceId;
    }

    /** The id of the missing reference chunk. */
    public long referenceId() {
        return referenceId;
    }
}
