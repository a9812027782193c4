package io.flashcore.placement.topology;

/**
 * One drive of a {@link Topology}.
 *
 * @param id            the drive's number, stable for its life in the map (0, 1, 2, …)
 * @param capacityBytes the drive's usable capacity in bytes; its placement weight
 * @param state         its state
 * @param domain        index of its innermost failure domain in {@link Topology#domains(int)} of the
 *                      last level, or -1 in a flat map (each drive its own domain)
 */
public record Drive(int id, long capacityBytes, DriveState state, int domain) {
    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public Drive {
        if (id < 0) {
            throw new IllegalArgumentException("drive id must be >= 0, got " + id);
        }
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("drive " + id + ": capacity must be > 0 bytes, got " + capacityBytes);
        }
        if (state == null) {
            throw new IllegalArgumentException("drive " + id + ": state must not be null");
        }
        if (domain < -1) {
            throw new IllegalArgumentException("drive " + id + ": domain index must be >= -1, got " + domain);
        }
    }

    /** This drive with another state. */
    public Drive withState(DriveState newState) {
        return new Drive(id, capacityBytes, newState, domain);
    }
}
