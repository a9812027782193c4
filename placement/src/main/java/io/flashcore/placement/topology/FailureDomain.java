package io.flashcore.placement.topology;

/**
 * A failure domain (a rack, a node, …) at one level of a {@link Topology}.
 *
 * @param level  its level, 0 being the outermost (e.g. rack)
 * @param index  its index within its level
 * @param name   its name, unique among the children of its parent
 * @param parent index of its parent in level {@code level - 1}, or -1 at level 0
 */
public record FailureDomain(int level, int index, String name, int parent) {
    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public FailureDomain {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("failure domain name must not be empty");
        }
        if (level < 0 || index < 0) {
            throw new IllegalArgumentException("failure domain " + name + ": level and index must be >= 0, got "
                    + level + " and " + index);
        }
        if ((level == 0) != (parent == -1)) {
            throw new IllegalArgumentException("failure domain " + name + " at level " + level
                    + ": parent must be -1 exactly at level 0, got " + parent);
        }
    }
}
