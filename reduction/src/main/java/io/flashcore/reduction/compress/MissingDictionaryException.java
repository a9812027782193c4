package io.flashcore.reduction.compress;

/** A record needs a dictionary that is not registered; the message names its id. */
public final class MissingDictionaryException extends CompressionException {
    private static final long serialVersionUID = 1L;

    private final int dictionaryId;

    /** Dictionary {@code dictionaryId} is not registered. */
    public MissingDictionaryException(int dictionaryId) {
        super("dictionary " + Integer.toUnsignedString(dictionaryId) + " is not registered");
        this.dictionaryId = dictionaryId;
    }

    /** The id of the missing dictionary. */
    public int dictionaryId() {
        return dictionaryId;
    }
}
