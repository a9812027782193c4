package io.flashcore.reduction.hash;

/** A fingerprint kind id or name that this build does not know, e.g. metadata written by a newer version. */
public final class UnknownFingerprintKindException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message, which names the unknown value and the known ones. */
    public UnknownFingerprintKindException(String message) {
        super(message);
    }
}
