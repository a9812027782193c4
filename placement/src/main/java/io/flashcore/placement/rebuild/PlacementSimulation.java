package io.flashcore.placement.rebuild;

import java.util.List;

import io.flashcore.placement.place.Placement;
import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.place.StripePlacer;
import io.flashcore.placement.topology.Drive;
import io.flashcore.placement.topology.DriveState;
import io.flashcore.placement.topology.Topology;

/**
 * Simulates placement of many stripes on a uniform array before and after one change (drives
 * added, drives failed, a node failed) and measures balance, movement, rule violations and the
 * rebuild against one dedicated spare. Stripes are numbered 0 … S−1 and split over threads; the
 * result does not depend on the thread count.
 */
public final class PlacementSimulation {
    /** The change applied to the map. */
    public enum Change {
        /** No change: balance, violations and the rebuild of drive 0 failing. */
        NONE,
        /** {@code count} new drives join, continuing the round-robin over the innermost domains. */
        ADD_DRIVES,
        /** Drives 0 … {@code count}−1 fail. */
        FAIL_DRIVES,
        /** Every drive of the first innermost failure domain (node 0) fails. */
        FAIL_NODE
    }

    /**
     * What to simulate.
     *
     * @param drives              drives before the change
     * @param levels              failure-domain level names, outermost first (empty: flat)
     * @param fanouts             domains per parent at each level (e.g. 4 racks, 6 nodes per rack)
     * @param dataShards          k
     * @param parityShards        m
     * @param stripes             S, stripes placed
     * @param change              the change
     * @param count               drives added or failed
     * @param driveCapacityBytes  capacity of every drive; the stripes fill the drives before the change
     * @param driveBytesPerSecond the bandwidth of every drive for the rebuild-time prediction
     * @param threads             threads to use (≥ 1)
     * @param strategy            the placement strategy, or null for {@link PlacementRule#spread}'s choice
     */
    public record Config(int drives, List<String> levels, int[] fanouts, int dataShards, int parityShards, long stripes,
                         Change change, int count, long driveCapacityBytes, double driveBytesPerSecond, int threads,
                         PlacementRule.Strategy strategy) {
        /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
        public Config {
            levels = List.copyOf(levels);
            fanouts = fanouts.clone();
            if (drives < 1 || stripes < 1 || threads < 1 || count < 0 || driveCapacityBytes < 1
                    || !(driveBytesPerSecond > 0)) {
                throw new IllegalArgumentException("need drives, stripes, threads, capacity and bandwidth > 0 and count >= 0;"
                        + " got drives " + drives + ", stripes " + stripes + ", threads " + threads + ", count " + count
                        + ", capacity " + driveCapacityBytes + ", bandwidth " + driveBytesPerSecond);
            }
            if (change == Change.FAIL_NODE && levels.isEmpty()) {
                throw new IllegalArgumentException("failing a node needs failure domains (e.g. rack=2,node=4)");
            }
            if (change == Change.FAIL_DRIVES && count >= drives) {
                throw new IllegalArgumentException("cannot fail " + count + " of " + drives + " drives");
            }
        }
    }

    /**
     * What the simulation measured.
     *
     * @param maxOverMeanFill             after the change: the fullest writable drive's shards per byte ÷ the mean
     * @param maxOverMeanFillBefore       the same before the change
     * @param movedFraction               shards whose drive changed ÷ all shards
     * @param optimalMovedFraction        the least that must move: added (or failed) capacity ÷ total capacity
     * @param movedBetweenUnchangedDrives shards moved from a drive to another that the change did not touch
     * @param violations                  rule violations summed over all stripes, before and after
     * @param rebuildSpeedup              dedicated-spare rebuild time ÷ declustered rebuild time
     * @param idealRebuildSpeedup         survivors ÷ (k+m)
     * @param rebuildSeconds              predicted declustered rebuild time, seconds
     * @param dedicatedSpareSeconds       predicted rebuild time onto one dedicated spare, seconds
     * @param rebuild                     the rebuild plan measured (of the change, or of drive 0 failing)
     * @param rule                        the placement rule used
     * @param before                      the map before the change
     * @param after                       the map after the change
     * @param seconds                     wall-clock seconds of the simulation
     * @param placementsPerSecond         stripe placements computed per second, all threads together
     */
    public record Result(double maxOverMeanFill, double maxOverMeanFillBefore, double movedFraction,
                         double optimalMovedFraction, long movedBetweenUnchangedDrives, long violations,
                         double rebuildSpeedup, double idealRebuildSpeedup, double rebuildSeconds,
                         double dedicatedSpareSeconds, RebuildPlan rebuild, PlacementRule rule, Topology before,
                         Topology after, double seconds, double placementsPerSecond) {
    }

    private PlacementSimulation() {
    }

    /** Runs the simulation. */
    public static Result run(Config c) {
        long start = System.nanoTime();
        Topology before = c.levels().isEmpty() ? Topology.flat(c.drives(), c.driveCapacityBytes())
                : Topology.uniform(c.drives(), c.driveCapacityBytes(), c.levels(), c.fanouts());
        Topology after = switch (c.change()) {
            case NONE -> before;
            case ADD_DRIVES -> before.withAddedDrives(c.count(), c.driveCapacityBytes());
            case FAIL_DRIVES -> before.withStates(range(c.count()), DriveState.FAILED);
            case FAIL_NODE -> before.withStates(drivesOfFirstNode(before), DriveState.FAILED);
        };
        PlacementRule spread = PlacementRule.spread(before, c.dataShards(), c.parityShards());
        PlacementRule rule = c.strategy() == null ? spread : spread.with(c.strategy());
        Placement pb = Placement.of(before, rule);
        Placement pa = Placement.of(after, rule);
        boolean failure = c.change() == Change.FAIL_DRIVES || c.change() == Change.FAIL_NODE;
        Placement probe = failure ? pa : Placement.of(after.withState(0, DriveState.FAILED), rule);
        int width = rule.width();
        double shardsPerDrive = (double) c.stripes() * width / c.drives();
        long shardBytes = Math.max(1, Math.round(c.driveCapacityBytes() / shardsPerDrive));
        int n = (int) Math.min(c.threads(), Math.max(1, c.stripes() / 1024));
        Part[] parts = new Part[n];
        Thread[] threads = new Thread[n];
        for (int t = 0; t < n; t++) {
            parts[t] = new Part(pb, pa, probe, failure, c.stripes() * t / n, c.stripes() * (t + 1) / n, shardBytes);
            if (n == 1) {
                parts[t].run();
            } else {
                threads[t] = Thread.ofPlatform().name("simulate-" + t).start(parts[t]);
            }
        }
        for (Thread th : threads) {
            if (th != null) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while simulating", e);
                }
            }
        }
        long[] fillBefore = new long[after.driveCount()];
        long[] fillAfter = new long[after.driveCount()];
        long moved = 0;
        long between = 0;
        long violations = 0;
        long placements = 0;
        RebuildPlanner.Worker[] accounts = new RebuildPlanner.Worker[n];
        for (int t = 0; t < n; t++) {
            Part p = parts[t];
            if (p.error != null) {
                throw p.error;
            }
            for (int d = 0; d < fillAfter.length; d++) {
                fillBefore[d] += p.fillBefore[d];
                fillAfter[d] += p.fillAfter[d];
            }
            moved += p.moved;
            between += p.between;
            violations += p.violations;
            placements += p.placements;
            accounts[t] = p.rebuild;
        }
        RebuildPlan plan = RebuildPlanner.merge(failure ? pb : pa, probe, shardBytes, accounts);
        double optimal = switch (c.change()) {
            case NONE -> 0;
            case ADD_DRIVES -> (after.capacityBytes() - before.capacityBytes()) / (double) after.capacityBytes();
            case FAIL_DRIVES, FAIL_NODE -> failedCapacity(after) / (double) before.capacityBytes();
        };
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(maxOverMean(after, fillAfter), maxOverMean(before, fillBefore),
                moved / ((double) c.stripes() * width), optimal, between, violations, plan.speedup(),
                plan.idealSpeedup(), plan.seconds(c.driveBytesPerSecond()),
                plan.dedicatedSpareSeconds(c.driveBytesPerSecond()), plan, rule, before, after, seconds,
                placements / seconds);
    }

    private static int[] range(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    private static int[] drivesOfFirstNode(Topology t) {
        int level = t.levelCount() - 1;
        return t.drives().stream().filter(d -> t.domainOf(d.id(), level) == 0).mapToInt(Drive::id).toArray();
    }

    private static long failedCapacity(Topology t) {
        long s = 0;
        for (Drive d : t.drives()) {
            if (!d.state().writable() && d.state().inMap()) {
                s += d.capacityBytes();
            }
        }
        return s;
    }

    /** Max ÷ mean of shards per byte of capacity over the writable drives of {@code t}. */
    static double maxOverMean(Topology t, long[] fill) {
        double max = 0;
        double sum = 0;
        int n = 0;
        for (Drive d : t.drives()) {
            if (d.state().writable()) {
                double f = fill[d.id()] / (double) d.capacityBytes();
                max = Math.max(max, f);
                sum += f;
                n++;
            }
        }
        return sum == 0 ? 1 : max / (sum / n);
    }

    private static final class Part implements Runnable {
        private final StripePlacer before;
        private final StripePlacer after;
        private final StripePlacer probe;
        private final boolean failure;
        private final long from;
        private final long to;
        private final boolean[] unchanged;
        final long[] fillBefore;
        final long[] fillAfter;
        final RebuildPlanner.Worker rebuild;
        long moved;
        long between;
        long violations;
        long placements;
        RuntimeException error;

        Part(Placement pb, Placement pa, Placement probe, boolean failure, long from, long to, long shardBytes) {
            this.before = pb.newPlacer();
            this.after = pa.newPlacer();
            this.probe = probe.newPlacer();
            this.failure = failure;
            this.from = from;
            this.to = to;
            Topology a = pa.topology();
            Topology b = pb.topology();
            this.unchanged = new boolean[a.driveCount()];
            for (int d = 0; d < b.driveCount(); d++) {
                unchanged[d] = b.drive(d).equals(a.drive(d));
            }
            this.fillBefore = new long[a.driveCount()];
            this.fillAfter = new long[a.driveCount()];
            this.rebuild = failure ? new RebuildPlanner.Worker(pb, pa, 0, 0, shardBytes, false)
                    : new RebuildPlanner.Worker(pa, probe, 0, 0, shardBytes, false);
        }

        @Override
        public void run() {
            try {
                simulate();
            } catch (RuntimeException e) {
                error = e;
            }
        }

        private void simulate() {
            int w = after.placement().width();
            int[] old = new int[w];
            int[] now = new int[w];
            int[] probed = new int[w];
            for (long s = from; s < to; s++) {
                before.place(s, old);
                after.place(s, now);
                placements += 2;
                violations += before.violations(old) + after.violations(now);
                boolean holdsProbe = false;
                for (int i = 0; i < w; i++) {
                    fillBefore[old[i]]++;
                    fillAfter[now[i]]++;
                    if (old[i] != now[i]) {
                        moved++;
                        if (unchanged[old[i]] && unchanged[now[i]]) {
                            between++;
                        }
                    }
                    holdsProbe |= now[i] == 0;
                }
                if (failure) {
                    rebuild.account(s, old, now);
                } else if (holdsProbe) {
                    probe.place(s, probed);
                    placements++;
                    rebuild.account(s, now, probed);
                }
            }
        }
    }
}
