package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.flashcore.placement.ec.EcBackend;
import io.flashcore.placement.ec.ReedSolomon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reed-Solomon rebuild of the first two data shards of one stripe of off-heap shards (the decode
 * matrix is cached after the first call). Score is stripes per second; GB/s of data is
 * score × k × shard / 10^9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class ErasureCodeDecodeBenchmark {
    @Param({"4+2", "8+2", "10+4", "16+4", "146+4"})
    String code;

    @Param({"65536", "1048576"})
    int shard;

    @Param({"java"})
    String backend;

    ReedSolomon rs;
    MemorySegment[] shards;
    boolean[] present;
    int[] wanted = {0, 1};
    Arena arena;

    @Setup(Level.Trial)
    public void setUp() {
        String[] km = code.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        rs = ReedSolomon.create(k, m, EcBackend.valueOf(backend.toUpperCase(Locale.ROOT)));
        arena = Arena.ofShared();
        shards = ErasureCodeEncodeBenchmark.stripe(arena, k, m, shard);
        rs.encode(shards);
        present = new boolean[k + m];
        Arrays.fill(present, true);
        present[0] = false;
        present[1] = false;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment[] reconstructTwoDataShards() {
        rs.reconstruct(shards, present, wanted);
        return shards;
    }
}
