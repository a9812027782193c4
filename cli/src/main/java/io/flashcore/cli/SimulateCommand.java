package io.flashcore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.rebuild.PlacementSimulation;
import io.flashcore.placement.rebuild.PlacementSimulation.Change;
import io.flashcore.placement.rebuild.PlacementSimulation.Config;
import io.flashcore.placement.rebuild.PlacementSimulation.Result;
import io.flashcore.placement.rebuild.RebuildPlan;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore simulate}: places S stripes on N drives before and after one change and
 * prints balance, movement against the optimum, rule violations and the declustered rebuild
 * against one dedicated spare.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate stripe placement: balance, movement on a change, rule violations, rebuild speed-up.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--drives", required = true, description = "Drives in the array, numbered from 0.")
    int drives;

    @Option(names = "--domains", description = "Failure domains, outermost first: rack=R,node=N is R racks of N nodes each,"
            + " drives spread evenly over the nodes (default: each drive its own domain).")
    String domains;

    @Option(names = "--k", defaultValue = "10", description = "Data shards per stripe (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--m", defaultValue = "4", description = "Parity shards per stripe (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--stripes", defaultValue = "1000000", description = "Stripes to place (default: ${DEFAULT-VALUE}).")
    long stripes;

    @ArgGroup(exclusive = true)
    ChangeOption change;

    static final class ChangeOption {
        @Option(names = "--add-drives", description = "Add this many drives (round-robin over the nodes).")
        Integer add;

        @Option(names = "--fail-drives", description = "Fail drives 0 .. Y-1.")
        Integer fail;

        @Option(names = "--fail-node", description = "Fail every drive of node 0.")
        boolean failNode;
    }

    @Option(names = "--drive-capacity-tb", defaultValue = "15.36",
            description = "Capacity of every drive in TB, filled by the stripes (default: ${DEFAULT-VALUE}).")
    double capacityTb;

    @Option(names = "--drive-bandwidth-mbps", defaultValue = "2000",
            description = "Rebuild bandwidth of every drive in MB/s, reads and writes together (default: ${DEFAULT-VALUE}).")
    double bandwidthMbps;

    @Option(names = "--strategy", description = "Placement strategy: exact or hierarchical (default: exact up to "
            + PlacementRule.EXACT_MAX_DRIVES + " drives, else hierarchical).")
    PlacementRule.Strategy strategy;

    @Option(names = "--threads", description = "Threads (default: the available cores).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        List<String> levels = new ArrayList<>();
        List<Integer> fanouts = new ArrayList<>();
        if (domains != null && !domains.isBlank()) {
            for (String part : domains.split(",")) {
                String[] kv = part.split("=");
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new UsageException("--domains expects name=count pairs like rack=4,node=6, got '" + domains + "'");
                }
                try {
                    int n = Integer.parseInt(kv[1].strip());
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    levels.add(kv[0].strip());
                    fanouts.add(n);
                } catch (NumberFormatException e) {
                    throw new UsageException("--domains count for '" + kv[0] + "' must be a positive integer, got '" + kv[1] + "'");
                }
            }
        }
        Change c = Change.NONE;
        int count = 0;
        if (change != null) {
            if (change.add != null) {
                c = Change.ADD_DRIVES;
                count = change.add;
            } else if (change.fail != null) {
                c = Change.FAIL_DRIVES;
                count = change.fail;
            } else if (change.failNode) {
                c = Change.FAIL_NODE;
            }
        }
        if (c == Change.FAIL_NODE && levels.isEmpty()) {
            throw new UsageException("--fail-node needs --domains (e.g. --domains rack=2,node=4)");
        }
        if (drives < 1 || stripes < 1 || k < 1 || m < 0 || count < 0) {
            throw new UsageException("need --drives >= 1, --stripes >= 1, --k >= 1, --m >= 0 and a change count >= 0");
        }
        if (c == Change.FAIL_DRIVES && count >= drives) {
            throw new UsageException("--fail-drives " + count + " must be below --drives " + drives);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new UsageException("--threads must be >= 1, got " + t);
        }
        Config config = new Config(drives, levels, fanouts.stream().mapToInt(Integer::intValue).toArray(), k, m, stripes,
                c, count, Math.round(capacityTb * 1e12), bandwidthMbps * 1e6, t, strategy);
        Result r = PlacementSimulation.run(config);
        RebuildPlan plan = r.rebuild();
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object()
                    .put("maxOverMeanFill", r.maxOverMeanFill())
                    .put("movedFraction", r.movedFraction())
                    .put("optimalMovedFraction", r.optimalMovedFraction())
                    .put("movedBetweenUnchangedDrives", r.movedBetweenUnchangedDrives())
                    .put("violations", r.violations())
                    .put("rebuildSpeedup", r.rebuildSpeedup())
                    .put("idealRebuildSpeedup", r.idealRebuildSpeedup())
                    .put("maxOverMeanFillBefore", r.maxOverMeanFillBefore())
                    .put("movedOverOptimal", r.optimalMovedFraction() == 0 ? null : r.movedFraction() / r.optimalMovedFraction())
                    .put("rebuildSeconds", r.rebuildSeconds())
                    .put("dedicatedSpareSeconds", r.dedicatedSpareSeconds())
                    .put("rebuildAffectedStripes", plan.affectedStripes())
                    .put("rebuildReconstructedShards", plan.reconstructedShards())
                    .put("rebuildCopiedShards", plan.copiedShards())
                    .put("unrecoverableStripes", plan.unrecoverableStripes())
                    .put("rebuildOf", c == Change.FAIL_DRIVES || c == Change.FAIL_NODE ? "change" : "drive 0")
                    .put("drives", drives)
                    .put("drivesAfter", r.after().driveCount())
                    .put("domains", domains == null ? "" : domains)
                    .put("k", k)
                    .put("m", m)
                    .put("maxShardsPerDomain", r.rule().maxShardsPerDomain())
                    .put("stripes", stripes)
                    .put("change", c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("changeCount", c == Change.FAIL_NODE ? r.after().drives().size() - r.after().count(
                            io.flashcore.placement.topology.DriveState.UP) : count)
                    .put("strategy", r.rule().strategy().name().toLowerCase(Locale.ROOT))
                    .put("threads", t)
                    .put("seconds", r.seconds())
                    .put("placementsPerSecond", r.placementsPerSecond()));
        } else {
            out.printf(Locale.ROOT, "%d stripes of %d+%d on %d drives%s, rule %s, change %s%n", stripes, k, m, drives,
                    domains == null ? "" : " (" + domains + ")", r.rule(), c.name().toLowerCase(Locale.ROOT)
                            + (c == Change.ADD_DRIVES || c == Change.FAIL_DRIVES ? " " + count : ""));
            out.printf(Locale.ROOT, "balance   max/mean fill %.4f after, %.4f before%n", r.maxOverMeanFill(),
                    r.maxOverMeanFillBefore());
            out.printf(Locale.ROOT, "movement  %.4f%% of shards moved, optimum %.4f%% (%.3fx), %d between unchanged drives%n",
                    100 * r.movedFraction(), 100 * r.optimalMovedFraction(),
                    r.optimalMovedFraction() == 0 ? 0 : r.movedFraction() / r.optimalMovedFraction(),
                    r.movedBetweenUnchangedDrives());
            out.printf(Locale.ROOT, "rules     %d violations%n", r.violations());
            out.printf(Locale.ROOT, "rebuild   (%s) %d stripes, %d shards rebuilt, %d unrecoverable: %.0f s declustered vs %.0f s"
                            + " onto one spare, speed-up %.2f (ideal %.2f)%n",
                    c == Change.FAIL_DRIVES || c == Change.FAIL_NODE ? "of the change" : "if drive 0 failed",
                    plan.affectedStripes(), plan.reconstructedShards(), plan.unrecoverableStripes(), r.rebuildSeconds(),
                    r.dedicatedSpareSeconds(), r.rebuildSpeedup(), r.idealRebuildSpeedup());
            out.printf(Locale.ROOT, "time      %.2f s, %.0f placements/s on %d thread(s)%n", r.seconds(),
                    r.placementsPerSecond(), t);
        }
        return Main.OK;
    }
}
