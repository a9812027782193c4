package io.flashcore.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flashcore.placement.place.Placement;
import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.place.StripePlacer;
import io.flashcore.placement.topology.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stripe placements per second on one thread: 10+4 on a flat 24-drive array and on 1,000 drives
 * in 10 racks of 10 nodes (one shard per node, at most two per rack), with each strategy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class PlacementBenchmark {
    @Param({"24", "1000"})
    int drives;

    @Param({"EXACT", "HIERARCHICAL"})
    PlacementRule.Strategy strategy;

    StripePlacer placer;
    int[] out;
    long stripe;

    @Setup
    public void setUp() {
        Topology t = drives <= 24 ? Topology.flat(drives, 15_360_000_000_000L)
                : Topology.uniform(drives, 15_360_000_000_000L, List.of("rack", "node"), new int[] {10, 10});
        placer = Placement.of(t, PlacementRule.spread(t, 10, 4).with(strategy)).newPlacer();
        out = new int[14];
    }

    @Benchmark
    public int place() {
        placer.place(stripe++, out);
        return out[0] + out[13];
    }
}
