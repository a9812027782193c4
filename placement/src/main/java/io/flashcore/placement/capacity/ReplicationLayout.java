package io.flashcore.placement.capacity;

/**
 * N full copies on N drives, surviving N−1 losses.
 *
 * @param copies N ≥ 1
 */
public record ReplicationLayout(int copies) implements Layout {
    /** Checks the field; throws {@link IllegalArgumentException} naming the bad value. */
    public ReplicationLayout {
        if (copies < 1) {
            throw new IllegalArgumentException("replication needs >= 1 copy, got " + copies);
        }
    }

    @Override
    public String name() {
        return copies + "x";
    }

    @Override
    public double redundancyFactor() {
        return copies;
    }

    @Override
    public int toleratedFailures() {
        return copies - 1;
    }

    @Override
    public int width() {
        return copies;
    }

    @Override
    public int rebuildReads() {
        return 1;
    }
}
