package io.flashcore.placement.topology;

/**
 * The state of a drive in a {@link Topology}: whether it holds shards, can be read, and takes new
 * writes.
 *
 * <p>Placement treats {@link #FAILED} and {@link #DRAINING} drives as still part of the map, so
 * the stripes that do not touch them keep exactly their drives; only their own shards are given a
 * substitute. {@link #OUT} drives are no longer part of the map: their weight is gone and the
 * stripes are rebalanced over the rest.
 */
public enum DriveState {
    /** In service: readable and writable. */
    UP,
    /** Lost: unreadable; its shards are rebuilt onto substitutes. */
    FAILED,
    /** Being emptied: still readable, takes no new shards; its shards move to substitutes. */
    DRAINING,
    /** Removed from the map: holds nothing and carries no weight. */
    OUT;

    /** True when shards can be read from a drive in this state. */
    public boolean readable() {
        return this == UP || this == DRAINING;
    }

    /** True when shards may be placed on a drive in this state. */
    public boolean writable() {
        return this == UP;
    }

    /** True when a drive in this state is part of the map (carries weight in placement). */
    public boolean inMap() {
        return this != OUT;
    }
}
