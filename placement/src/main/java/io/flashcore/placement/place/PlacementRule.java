package io.flashcore.placement.place;

import java.util.Arrays;

import io.flashcore.placement.topology.Topology;

/**
 * What a stripe needs from placement: {@code dataShards + parityShards} distinct drives, with at
 * most {@code maxShardsPerDomain[l]} shards of one stripe in any failure domain of topology level
 * {@code l} (outermost first). A drive never holds two shards of one stripe.
 *
 * @param dataShards         k, the data shards per stripe (≥ 1)
 * @param parityShards       m, the parity shards per stripe (≥ 0)
 * @param maxShardsPerDomain the per-level limits, one per topology level (empty for a flat map)
 * @param strategy           how drives are chosen; part of the placement's identity, so it is
 *                           stored with the rule and never changed for existing stripes
 */
public record PlacementRule(int dataShards, int parityShards, int[] maxShardsPerDomain, Strategy strategy) {
    /** Above this many drives {@link #spread} chooses {@link Strategy#HIERARCHICAL}. */
    public static final int EXACT_MAX_DRIVES = 2048;

    /** How {@link Placement} chooses a stripe's drives. */
    public enum Strategy {
        /**
         * Rendezvous over every drive, greedy under the domain limits: cost grows with the drive
         * count, and adding a drive moves shards only onto it, in any hierarchy.
         */
        EXACT,
        /**
         * Descent through the failure domains, scoring only the children of the domains visited:
         * cost grows with the domains' fan-out, not the drive count. Adding a drive moves shards
         * into its domains, some onto its neighbours.
         */
        HIERARCHICAL
    }

    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public PlacementRule {
        if (dataShards < 1) {
            throw new IllegalArgumentException("data shards must be >= 1, got " + dataShards);
        }
        if (parityShards < 0) {
            throw new IllegalArgumentException("parity shards must be >= 0, got " + parityShards);
        }
        if (strategy == null) {
            throw new IllegalArgumentException("strategy must not be null");
        }
        maxShardsPerDomain = maxShardsPerDomain.clone();
        for (int i = 0; i < maxShardsPerDomain.length; i++) {
            if (maxShardsPerDomain[i] < 1) {
                throw new IllegalArgumentException("max shards per domain at level " + i + " must be >= 1, got "
                        + maxShardsPerDomain[i]);
            }
        }
    }

    /** A rule with explicit per-level limits and the {@link Strategy#EXACT} strategy. */
    public static PlacementRule of(int dataShards, int parityShards, int... maxShardsPerDomain) {
        return new PlacementRule(dataShards, parityShards, maxShardsPerDomain, Strategy.EXACT);
    }

    /** This rule with another strategy. */
    public PlacementRule with(Strategy newStrategy) {
        return new PlacementRule(dataShards, parityShards, maxShardsPerDomain, newStrategy);
    }

    /**
     * The widest spread {@code topology} allows: at each level at most ⌈(k+m) ÷ domains⌉ shards per
     * domain, so one shard per domain whenever there are at least k+m domains; the
     * {@link Strategy#EXACT} strategy up to {@link #EXACT_MAX_DRIVES} drives, else
     * {@link Strategy#HIERARCHICAL}.
     */
    public static PlacementRule spread(Topology topology, int dataShards, int parityShards) {
        int width = dataShards + parityShards;
        int[] max = new int[topology.levelCount()];
        for (int l = 0; l < max.length; l++) {
            int domains = Math.max(1, topology.domainCount(l));
            max[l] = Math.max(1, (width + domains - 1) / domains);
        }
        return new PlacementRule(dataShards, parityShards, max,
                topology.driveCount() <= EXACT_MAX_DRIVES ? Strategy.EXACT : Strategy.HIERARCHICAL);
    }

    /** k + m, the shards (and drives) per stripe. */
    public int width() {
        return dataShards + parityShards;
    }

    /** The limit at topology level {@code level}. */
    public int maxShardsPerDomain(int level) {
        return maxShardsPerDomain[level];
    }

    @Override
    public int[] maxShardsPerDomain() {
        return maxShardsPerDomain.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlacementRule r && r.dataShards == dataShards && r.parityShards == parityShards
                && Arrays.equals(r.maxShardsPerDomain, maxShardsPerDomain) && r.strategy == strategy;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * dataShards + parityShards) + Arrays.hashCode(maxShardsPerDomain)) + strategy.hashCode();
    }

    @Override
    public String toString() {
        return dataShards + "+" + parityShards + " max/domain " + Arrays.toString(maxShardsPerDomain) + " "
                + strategy.name().toLowerCase(java.util.Locale.ROOT);
    }
}
