package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.chunk.ChunkLengths;
import io.flashcore.reduction.chunk.Chunker;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.Chunkers;
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
 * Chunking speed of each chunker over {@link #BYTES} bytes of off-heap data per operation, at
 * 4/8/16/64 KiB average chunks (min = avg / 4, max = avg × 4; fixed: blocks of avg). GB/s =
 * ops/s × {@value #BYTES} / 10^9. The data is half random bytes, half text-like, so both the hash
 * path and RAM's window maximum see realistic work; the sink is a reused {@link ChunkLengths}, so
 * an operation allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class ChunkerBenchmark {
    /** Bytes chunked per operation (8 MiB). */
    public static final int BYTES = 8 << 20;

    @Param({"fastcdc2020", "fastcdc2016", "ronomon", "fixed", "vector", "vectorScalar", "vector-ae", "vectorAeScalar"})
    String algo;

    @Param({"4096", "8192", "16384", "65536"})
    int avg;

    private Arena arena;
    private MemorySegment data;
    private Chunker chunker;
    private final ChunkLengths sink = new ChunkLengths(BYTES / 1024);

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        data = arena.allocate(BYTES, 64);
        SplittableRandom r = new SplittableRandom(42);
        for (long i = 0; i < BYTES; i++) {
            byte b = i < BYTES / 2 ? (byte) r.nextInt() : (byte) (r.nextInt(10) == 0 ? ' ' : 'A' + r.nextInt(58));
            data.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, b);
        }
        int min = Math.max(64, avg / 4);
        int max = avg * 4;
        chunker = "vectorScalar".equals(algo) ? Chunkers.vectorScalar(min, avg, max)
                : "vectorAeScalar".equals(algo) ? Chunkers.vectorAeScalar(min, avg, max)
                : ChunkerSpec.withDefaults(ChunkerAlgorithm.fromName(algo), min, avg, max, null, null).newChunker();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int chunk() {
        sink.clear();
        chunker.reset();
        chunker.update(data, sink);
        chunker.finish(sink);
        return sink.size();
    }
}
