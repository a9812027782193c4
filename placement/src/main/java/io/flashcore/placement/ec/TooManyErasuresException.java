package io.flashcore.placement.ec;

/**
 * Thrown when more shards of a stripe are missing than its code can rebuild: the stripe's data is
 * lost for this request and no bytes were written.
 */
public final class TooManyErasuresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int missing;
    private final int tolerated;

    /** {@code missing} shards are absent but the code rebuilds at most {@code tolerated}. */
    public TooManyErasuresException(int missing, int tolerated, String detail) {
        super(missing + " shards missing but the code rebuilds at most " + tolerated + " (" + detail + ")");
        this.missing = missing;
        this.tolerated = tolerated;
    }

    /** How many shards were missing. */
    public int missing() {
        return missing;
    }

    /** How many missing shards the code can rebuild. */
    public int tolerated() {
        return tolerated;
    }
}
