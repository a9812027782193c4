package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.flashcore.placement.ec.EcBackend;
import io.flashcore.placement.ec.LocalReconstructionCode;
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
 * LRC(k, l, g) on one stripe of off-heap shards: encode (l local XOR and g global parities), the
 * repair of one lost data shard from its group alone, and the repair of two lost data shards of one
 * group, which decodes from k shards. Score is stripes per second; GB/s of data is
 * score × k × shard / 10^9 for encode, and the shards read (k/l for the local repair, k for the two
 * losses) × shard / 10^9 for the repairs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class LocalReconstructionCodeRepairBenchmark {
    /** k+l+g. */
    @Param({"12+2+2", "24+4+2"})
    String code;

    @Param({"65536", "1048576"})
    int shard;

    @Param({"java"})
    String backend;

    LocalReconstructionCode lrc;
    MemorySegment[] shards;
    boolean[] oneLost;
    int[] oneWanted = {0};
    boolean[] twoLost;
    int[] twoWanted = {0, 1};
    Arena arena;

    @Setup(Level.Trial)
    public void setUp() {
        String[] klg = code.split("\\+");
        int k = Integer.parseInt(klg[0]);
        int l = Integer.parseInt(klg[1]);
        int g = Integer.parseInt(klg[2]);
        lrc = LocalReconstructionCode.create(k, l, g, EcBackend.valueOf(backend.toUpperCase(Locale.ROOT)));
        arena = Arena.ofShared();
        shards = ErasureCodeEncodeBenchmark.stripe(arena, k, l + g, shard);
        lrc.encode(shards);
        oneLost = new boolean[k + l + g];
        Arrays.fill(oneLost, true);
        oneLost[0] = false;
        twoLost = oneLost.clone();
        twoLost[1] = false;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment[] encode() {
        lrc.encode(shards);
        return shards;
    }

    @Benchmark
    public MemorySegment[] repairOneDataShardLocally() {
        lrc.reconstruct(shards, oneLost, oneWanted);
        return shards;
    }

    @Benchmark
    public MemorySegment[] repairTwoDataShardsOfOneGroup() {
        lrc.reconstruct(shards, twoLost, twoWanted);
        return shards;
    }
}
