package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.similar.SimilaritySketcher;
import io.flashcore.testdata.DataGenerator;
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

/** The similarity sketch (super-features) of one chunk: ops/s × bytes = bytes/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class SimilaritySketchBenchmark {
    @Param({"4096", "16384", "65536"})
    int bytes;

    @Param({"64"})
    int sampling;

    /**
     * The sketch definition: 1 (Gear-sampled) or 2 (anchored; on the vector lanes once the process has
     * sketched 512 MiB, within the warm-up; {@code -jvmArgsAppend -Dflashcore.sketch.vectorAfterBytes=
     * 9223372036854775807} keeps it on the scalar code).
     */
    @Param({"1", "2"})
    int version;

    /** The chunk's memory: a put's windows are shared (other threads fill them), so is the array's. */
    @Param({"shared", "confined"})
    String arenaKind;

    Arena arena;
    MemorySegment chunk;
    SimilaritySketcher sketcher;
    final long[] sketch = new long[SimilaritySketcher.SUPER_FEATURES];

    @Setup(Level.Trial)
    public void setUp() {
        arena = arenaKind.equals("shared") ? Arena.ofShared() : Arena.ofConfined();
        chunk = arena.allocate(bytes, 64);
        byte[] data = new byte[bytes];
        DataGenerator.of(2, 1, 3, bytes).block(0, data, 0);
        MemorySegment.copy(data, 0, chunk, ValueLayout.JAVA_BYTE, 0, bytes);
        sketcher = new SimilaritySketcher(version, sampling);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long[] sketch() {
        sketcher.sketch(chunk, sketch);
        return sketch;
    }
}
