package io.flashcore.placement.place;

/**
 * A placement rule that a map cannot satisfy: too few failure domains, too few drives, or no
 * up drive left for a lost shard. The message names the rule and the numbers.
 */
public final class PlacementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the rule and the numbers. */
    public PlacementException(String message) {
        super(message);
    }
}
