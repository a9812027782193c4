package io.flashcore.placement.place;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.flashcore.placement.topology.DriveState;
import io.flashcore.placement.topology.Topology;
import org.junit.jupiter.api.Test;

/**
 * Pins the output of each strategy under {@link Placement#ALGORITHM}: stripes already written
 * are found by recomputing their drives, so a faster implementation must place every stripe on
 * the same drives in the same shard order. The digests were taken from the first implementation.
 */
class PlacementIdentityTest {
    private static final long TB = 1_000_000_000_000L;
    private static final int STRIPES = 2000;

    /** An order-sensitive digest of the drives of stripes 0 … {@code stripes}−1. */
    private static long digest(Topology t, PlacementRule rule, int stripes) {
        StripePlacer p = Placement.of(t, rule).newPlacer();
        int[] drives = new int[rule.width()];
        long h = 17;
        for (long s = 0; s < stripes; s++) {
            p.place(s, drives);
            for (int d : drives) {
                h = h * 1_000_003 + d;
            }
        }
        return h;
    }

    /** 24 nodes in 4 racks, capacities 1, 2 and 3 TB, one drive failed and one draining. */
    private static Topology mixed() {
        Topology.Builder b = Topology.builder("rack", "node");
        for (int d = 0; d < 120; d++) {
            int node = d % 24;
            b.addDrive((d % 3 + 1) * TB, "rack" + node / 6, "node" + node);
        }
        return b.build().withState(5, DriveState.FAILED).withState(7, DriveState.DRAINING);
    }

    @Test
    void shouldKeepEveryStrategysPlacementOnEqualDrives() {
        Topology t = Topology.uniform(1000, TB, List.of("rack", "node"), new int[] {10, 10});
        PlacementRule rule = PlacementRule.spread(t, 10, 4);
        assertEquals(0xae8d1788d6ae8022L, digest(t, rule, STRIPES), "exact");
        assertEquals(0xcbd15ba31e038eb5L, digest(t, rule.with(PlacementRule.Strategy.HIERARCHICAL), STRIPES),
                "hierarchical");
    }

    @Test
    void shouldKeepEveryStrategysPlacementOnMixedCapacitiesWithFailures() {
        Topology t = mixed();
        PlacementRule rule = PlacementRule.spread(t, 6, 3);
        assertEquals(0xde4fc6cd8b8b7240L, digest(t, rule, STRIPES), "exact");
        assertEquals(0x4270b5cf1496ad5aL, digest(t, rule.with(PlacementRule.Strategy.HIERARCHICAL), STRIPES),
                "hierarchical");
    }

    @Test
    void shouldKeepTheFlatPlacement() {
        Topology t = Topology.flat(40, TB).withState(3, DriveState.FAILED);
        assertEquals(0xa1c474d3d1730dc4L, digest(t, PlacementRule.of(5, 3), STRIPES));
    }
}
