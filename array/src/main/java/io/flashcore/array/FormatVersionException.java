package io.flashcore.array;

/**
 * Persisted bytes (a drive superblock, a shard header, a metadata record, the array
 * configuration) carry a format version this build cannot read: written by an older or newer
 * flashcore. The message names what was read, where, and the range this build supports.
 */
public final class FormatVersionException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    private final int found;
    private final int minSupported;
    private final int maxSupported;

    /** {@code what} names the structure and where it was read from. */
    public FormatVersionException(String what, int found, int minSupported, int maxSupported) {
        super(what + " has format version " + found + ", this build reads versions "
                + minSupported + " to " + maxSupported
                + (found > maxSupported ? " (written by a newer flashcore)" : " (too old)"));
        this.found = found;
        this.minSupported = minSupported;
        this.maxSupported = maxSupported;
    }

    /** The version found. */
    public int found() {
        return found;
    }

    /** The oldest version this build reads. */
    public int minSupported() {
        return minSupported;
    }

    /** The newest version this build reads. */
    public int maxSupported() {
        return maxSupported;
    }
}
