package io.flashcore.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.flashcore.placement.place.Placement;
import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.place.StripePlacer;
import io.flashcore.placement.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench place}: stripe placements per second on one thread, by wall clock and by
 * the thread's CPU time (the figure that stays meaningful on a shared machine). Warms up first.
 */
@Command(name = "place", mixinStandardHelpOptions = true,
        description = "Measure stripe placements per second on one thread (prints JSON with --json).")
public final class BenchPlaceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--drives", defaultValue = "1000", description = "Drives (default: ${DEFAULT-VALUE}).")
    int drives;

    @Option(names = "--domains", defaultValue = "rack=10,node=10",
            description = "Failure domains, outermost first, or 'none' (default: ${DEFAULT-VALUE}).")
    String domains;

    @Option(names = "--k", defaultValue = "10", description = "Data shards (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--m", defaultValue = "4", description = "Parity shards (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--strategy", description = "exact or hierarchical (default: exact up to "
            + PlacementRule.EXACT_MAX_DRIVES + " drives, else hierarchical).")
    PlacementRule.Strategy strategy;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured seconds after a 1 s warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (drives < 1 || k < 1 || m < 0 || !(seconds > 0)) {
            throw new UsageException("need --drives >= 1, --k >= 1, --m >= 0, --seconds > 0");
        }
        List<String> levels = new ArrayList<>();
        List<Integer> fanouts = new ArrayList<>();
        if (!domains.equalsIgnoreCase("none")) {
            for (String part : domains.split(",")) {
                String[] kv = part.split("=");
                try {
                    levels.add(kv[0].strip());
                    fanouts.add(Integer.parseInt(kv[1].strip()));
                } catch (RuntimeException e) {
                    throw new UsageException("--domains expects name=count pairs like rack=10,node=10, got '" + domains + "'");
                }
            }
        }
        Topology t = levels.isEmpty() ? Topology.flat(drives, 15_360_000_000_000L)
                : Topology.uniform(drives, 15_360_000_000_000L, levels, fanouts.stream().mapToInt(Integer::intValue).toArray());
        PlacementRule rule = PlacementRule.spread(t, k, m);
        if (strategy != null) {
            rule = rule.with(strategy);
        }
        StripePlacer placer = Placement.of(t, rule).newPlacer();
        int[] out = new int[k + m];
        long sink = run(placer, out, 0, 1.0)[0];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long[] r = run(placer, out, 1L << 40, seconds);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        sink += r[1];
        double perWall = r[0] / wall;
        double perCpu = r[0] / cpu;
        var o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.object().put("placementsPerSecond", perWall).put("placementsPerCpuSecond", perCpu)
                    .put("placements", r[0]).put("seconds", wall).put("cpuSeconds", cpu).put("drives", drives)
                    .put("domains", levels.isEmpty() ? "none" : domains).put("k", k).put("m", m)
                    .put("strategy", rule.strategy().name().toLowerCase(Locale.ROOT))
                    .put("maxShardsPerDomain", rule.maxShardsPerDomain()).put("checksum", sink));
        } else {
            o.printf(Locale.ROOT, "%d+%d on %d drives (%s, %s): %.0f placements/s wall, %.0f per CPU-second%n", k, m,
                    drives, levels.isEmpty() ? "flat" : domains, rule.strategy().name().toLowerCase(Locale.ROOT), perWall,
                    perCpu);
        }
        return Main.OK;
    }

    /** Places consecutive stripes from {@code first} for about {@code seconds}; returns {placements, checksum}. */
    private static long[] run(StripePlacer placer, int[] out, long first, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long sum = 0;
        long s = first;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1024; i++) {
                placer.place(s++, out);
                sum += out[0];
            }
            n += 1024;
        }
        return new long[] {n, sum};
    }
}
