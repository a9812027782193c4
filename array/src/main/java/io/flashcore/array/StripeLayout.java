package io.flashcore.array;

import java.util.List;

import io.flashcore.placement.place.Placement;
import io.flashcore.placement.place.PlacementException;
import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.place.StripePlacer;
import io.flashcore.placement.topology.DriveState;
import io.flashcore.placement.topology.Topology;
import io.flashcore.placement.topology.TopologyFormatException;

/**
 * The array's topology epoch and the placement compiled for it: which drives a stripe's shards go
 * to, by the placement stage's weighted rendezvous hashing under the array's failure-domain rule.
 * Immutable; a drive state change gives a new layout with the next epoch.
 */
final class StripeLayout {
    private final Topology topology;
    private final Placement placement;
    private final ThreadLocal<StripePlacer> placers;
    /**
     * With drives down: the placement of the same map with every drive up, the stripes' home drives
     * when too few drives are up for the rule (the array then writes degraded stripes); else null.
     */
    private final ThreadLocal<StripePlacer> homePlacers;

    private StripeLayout(Topology topology, PlacementRule rule) {
        this.topology = topology;
        this.placement = Placement.of(topology, rule);
        this.placers = ThreadLocal.withInitial(placement::newPlacer);
        int[] down = java.util.stream.IntStream.range(0, topology.driveCount())
                .filter(i -> topology.drive(i).state() != DriveState.UP).toArray();
        if (down.length == 0) {
            this.homePlacers = null;
        } else {
            Placement homes = Placement.of(topology.withStates(down, DriveState.UP), rule);
            this.homePlacers = ThreadLocal.withInitial(homes::newPlacer);
        }
    }

    /** The first layout of a new array: every drive up, epoch 1. */
    static StripeLayout initial(ArrayConfig config) {
        int n = config.drives().size();
        long capacity = config.slotsPerDrive() * config.shardBytes();
        Topology t;
        if (config.drivesPerDomain() > 1 && n % config.drivesPerDomain() == 0) {
            t = Topology.uniform(n, capacity, List.of("node"), new int[] {n / config.drivesPerDomain()});
        } else {
            t = Topology.flat(n, capacity);
        }
        return new StripeLayout(t.withEpoch(1), rule(config, t));
    }

    private static PlacementRule rule(ArrayConfig config, Topology t) {
        if (t.levelCount() == 0) {
            return PlacementRule.spread(t, config.k(), config.m());
        }
        int[] max = new int[t.levelCount()];
        java.util.Arrays.fill(max, config.maxShardsPerDomain());
        PlacementRule spread = PlacementRule.spread(t, config.k(), config.m());
        for (int l = 0; l < max.length; l++) {
            max[l] = Math.max(max[l], spread.maxShardsPerDomain(l));
        }
        return PlacementRule.of(config.k(), config.m(), max);
    }

    /** A layout read back from its persisted topology. */
    static StripeLayout fromBytes(ArrayConfig config, byte[] bytes) throws CorruptDataException {
        try {
            Topology t = Topology.fromBytes(bytes);
            if (t.driveCount() != config.drives().size()) {
                throw new CorruptDataException("the array's topology record lists " + t.driveCount()
                        + " drives, the configuration " + config.drives().size());
            }
            return new StripeLayout(t, rule(config, t));
        } catch (TopologyFormatException e) {
            throw new CorruptDataException("the array's topology record is unreadable: " + e.getMessage());
        } catch (PlacementException | IllegalArgumentException e) {
            throw new CorruptDataException("the array's topology record admits no placement: " + e.getMessage());
        }
    }

    /** The next epoch's layout with {@code drive} in state {@code state}. */
    StripeLayout with(ArrayConfig config, int drive, DriveState state) {
        Topology t = topology.withState(drive, state).withEpoch(topology.epoch() + 1);
        return new StripeLayout(t, rule(config, t));
    }

    long epoch() {
        return topology.epoch();
    }

    byte[] toBytes() {
        return topology.toBytes();
    }

    /**
     * The drives of stripe {@code id} in shard order, substitutes in place of drives that are not
     * up. When the drives up cannot meet the rule, the stripe's home drives with every drive counted
     * up: the caller substitutes for those that are down or writes their shards missing. Throws
     * {@link ArrayFullException} when not even that placement exists.
     */
    int[] drivesFor(long id) throws ArrayFullException {
        int[] out = new int[placement.width()];
        try {
            placers.get().place(id, out);
        } catch (PlacementException e) {
            if (homePlacers == null) {
                throw new ArrayFullException("cannot place stripe " + id + ": " + e.getMessage());
            }
            try {
                homePlacers.get().place(id, out);
            } catch (PlacementException again) {
                throw new ArrayFullException("cannot place stripe " + id + ": " + e.getMessage());
            }
        }
        return out;
    }
}
