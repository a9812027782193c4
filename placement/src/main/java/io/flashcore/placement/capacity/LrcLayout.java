package io.flashcore.placement.capacity;

/**
 * A locally repairable code (as in Azure's LRC): k data shards split into l local groups, each
 * with one local parity, plus r global parities. A lost data shard is rebuilt from its group
 * (k÷l reads); any r+1 lost shards are survivable.
 *
 * @param dataShards     k ≥ 1, a multiple of {@code localGroups}
 * @param localGroups    l ≥ 1
 * @param globalParities r ≥ 0
 */
public record LrcLayout(int dataShards, int localGroups, int globalParities) implements Layout {
    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public LrcLayout {
        if (dataShards < 1 || localGroups < 1 || globalParities < 0 || dataShards % localGroups != 0) {
            throw new IllegalArgumentException("LRC " + dataShards + "+" + localGroups + "+" + globalParities
                    + ": need k >= 1, l >= 1 dividing k, r >= 0");
        }
    }

    @Override
    public String name() {
        return "LRC " + dataShards + "+" + localGroups + "+" + globalParities;
    }

    @Override
    public double redundancyFactor() {
        return (dataShards + localGroups + globalParities) / (double) dataShards;
    }

    @Override
    public int toleratedFailures() {
        return globalParities + 1;
    }

    @Override
    public int width() {
        return dataShards + localGroups + globalParities;
    }

    @Override
    public int rebuildReads() {
        return dataShards / localGroups;
    }
}
