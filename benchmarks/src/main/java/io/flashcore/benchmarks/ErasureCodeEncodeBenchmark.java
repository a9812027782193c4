package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.SplittableRandom;
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
 * Reed-Solomon encode of one stripe of off-heap shards. Score is stripes per second; GB/s of data is
 * score × k × shard / 10^9 (e.g. 10+4 at 1 MiB: score × 0.0105).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class ErasureCodeEncodeBenchmark {
    @Param({"4+2", "8+2", "10+4", "16+4", "146+4"})
    String code;

    @Param({"65536", "1048576"})
    int shard;

    @Param({"java"})
    String backend;

    ReedSolomon rs;
    MemorySegment[] shards;
    Arena arena;

    @Setup(Level.Trial)
    public void setUp() {
        String[] km = code.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        rs = ReedSolomon.create(k, m, EcBackend.valueOf(backend.toUpperCase(Locale.ROOT)));
        arena = Arena.ofShared();
        shards = stripe(arena, k, m, shard);
    }

    static MemorySegment[] stripe(Arena arena, int k, int m, int shard) {
        MemorySegment[] s = new MemorySegment[k + m];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < k + m; i++) {
            s[i] = arena.allocate(shard, 64);
            for (long j = 0; j + 8 <= shard; j += 8) {
                s[i].set(ValueLayout.JAVA_LONG_UNALIGNED, j, r.nextLong());
            }
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment[] encode() {
        rs.encode(shards);
        return shards;
    }
}
