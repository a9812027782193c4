package io.flashcore.placement.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.flashcore.placement.place.Placement;
import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.topology.DriveState;
import io.flashcore.placement.topology.Topology;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RebuildPlannerTest {
    private static final long TB = 1_000_000_000_000L;

    @Property(tries = 30)
    void planningCoversEveryLostShardExactlyOnce(@ForAll @IntRange(min = 0, max = 3) int racks,
                                                 @ForAll @IntRange(min = 16, max = 48) int drives,
                                                 @ForAll @IntRange(min = 1, max = 2) int failures,
                                                 @ForAll @IntRange(min = 1, max = 2) int threads) {
        Topology before = racks == 0 ? Topology.flat(drives, TB)
                : Topology.uniform(drives, TB, List.of("rack", "node"), new int[] {racks, 4});
        int[] failed = new int[failures];
        for (int i = 0; i < failures; i++) {
            failed[i] = (i * 11 + 3) % drives;
        }
        Topology after = before.withStates(failed, DriveState.FAILED);
        PlacementRule rule = PlacementRule.spread(before, 6, 2);
        Placement pb = Placement.of(before, rule);
        Placement pa = Placement.of(after, rule);
        int stripes = 3000;
        RebuildPlan plan = RebuildPlanner.plan(pb, pa, 0, stripes, 4096, true, threads);
        Set<Long> planned = new HashSet<>();
        for (StripeRebuild s : plan.stripes()) {
            int[] old = pb.place(s.stripeId());
            int[] now = pa.place(s.stripeId());
            assertEquals(6, s.sourceDrives().length);
            Set<Integer> sources = new HashSet<>();
            for (int d : s.sourceDrives()) {
                assertTrue(sources.add(d), "source read twice");
                assertTrue(after.drive(d).state().readable());
            }
            for (int j = 0; j < s.positions().length; j++) {
                int pos = s.positions()[j];
                assertTrue(planned.add(s.stripeId() * 64 + pos), "shard planned twice");
                assertEquals(old[pos], s.fromDrives()[j]);
                assertEquals(now[pos], s.toDrives()[j]);
                assertTrue(after.drive(s.toDrives()[j]).state().writable());
            }
        }
        long lost = 0;
        for (long s = 0; s < stripes; s++) {
            int[] old = pb.place(s);
            for (int pos = 0; pos < old.length; pos++) {
                if (after.drive(old[pos]).state() == DriveState.FAILED) {
                    lost++;
                    assertTrue(planned.contains(s * 64 + pos), "lost shard " + pos + " of stripe " + s + " not planned");
                }
            }
        }
        assertEquals(lost, planned.size());
        assertEquals(lost, plan.reconstructedShards());
        assertEquals(lost * 4096, plan.totalWriteBytes());
        assertEquals(0, plan.unrecoverableStripes());
        for (int f : failed) {
            assertEquals(0, plan.writeBytes()[f]);
            assertEquals(0, plan.readBytes()[f]);
        }
    }

    @Test
    void shouldSpreadRebuildOverSurvivorsNearTheIdeal() {
        Topology before = Topology.flat(48, TB);
        Topology after = before.withState(7, DriveState.FAILED);
        PlacementRule rule = PlacementRule.of(10, 4);
        RebuildPlan plan = RebuildPlanner.plan(Placement.of(before, rule), Placement.of(after, rule), 0, 40_000, 1 << 20,
                false, 2);
        assertEquals(47, plan.survivors());
        assertTrue(plan.speedup() >= plan.idealSpeedup() / 1.2, plan.speedup() + " vs ideal " + plan.idealSpeedup());
        assertTrue(plan.seconds(1e9) < plan.dedicatedSpareSeconds(1e9));
    }

    @Test
    void shouldCopyDrainingShardsFromTheirDrive() {
        Topology before = Topology.flat(20, TB);
        Topology after = before.withState(3, DriveState.DRAINING);
        PlacementRule rule = PlacementRule.of(4, 2);
        RebuildPlan plan = RebuildPlanner.plan(Placement.of(before, rule), Placement.of(after, rule), 0, 2000, 100, true, 1);
        assertEquals(0, plan.reconstructedShards());
        assertTrue(plan.copiedShards() > 0);
        assertEquals(plan.copiedShards() * 100, plan.readBytes()[3]);
    }

    @Test
    void shouldSizeSpareReserveForLargestDrivesAndNode() {
        Topology.Builder b = Topology.builder("node");
        b.addDrive(4 * TB, "n0");
        b.addDrive(2 * TB, "n0");
        b.addDrive(2 * TB, "n1");
        b.addDrive(2 * TB, "n1");
        Topology t = b.build();
        SpareReserve two = SpareReserve.forDriveFailures(t, 2);
        assertEquals(6 * TB, two.reserveBytes());
        assertEquals(0.6, two.fractionOfRaw(), 1e-12);
        assertEquals(1.5, two.perUsedByte(), 1e-12);
        SpareReserve node = SpareReserve.forDomainFailure(t, 0);
        assertEquals(6 * TB, node.reserveBytes());
        assertEquals("1 node", node.scenario());
    }

    @Test
    void shouldReportUnrecoverableStripesBeyondTolerance() {
        Topology before = Topology.flat(10, TB);
        Topology after = before.withStates(new int[] {0, 1, 2}, DriveState.FAILED);
        PlacementRule rule = PlacementRule.of(4, 2);
        RebuildPlan plan = RebuildPlanner.plan(Placement.of(before, rule), Placement.of(after, rule), 0, 2000, 1, false, 1);
        assertTrue(plan.unrecoverableStripes() > 0);
        assertTrue(plan.reconstructedShards() > 0);
    }
}
