package io.flashcore.placement.capacity;

/**
 * Reed-Solomon style erasure coding: k data shards and m parity shards per stripe, surviving any
 * m lost shards.
 *
 * @param dataShards   k ≥ 1
 * @param parityShards m ≥ 0
 */
public record ErasureLayout(int dataShards, int parityShards) implements Layout {
    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public ErasureLayout {
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 256) {
            throw new IllegalArgumentException("erasure layout " + dataShards + "+" + parityShards
                    + ": need k >= 1, m >= 0 and k+m <= 256");
        }
    }

    @Override
    public String name() {
        return dataShards + "+" + parityShards;
    }

    @Override
    public double redundancyFactor() {
        return (dataShards + parityShards) / (double) dataShards;
    }

    @Override
    public int toleratedFailures() {
        return parityShards;
    }

    @Override
    public int width() {
        return dataShards + parityShards;
    }

    @Override
    public int rebuildReads() {
        return dataShards;
    }
}
