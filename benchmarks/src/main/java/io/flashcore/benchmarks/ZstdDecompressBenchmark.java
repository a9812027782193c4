package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.compress.ZstdCodec;
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

/** Exact-length zstd decompression of one frame between native segments through {@link ZstdCodec}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class ZstdDecompressBenchmark {
    @Param({"1", "3", "9"})
    int level;

    @Param({"4096", "16384", "131072"})
    int bytes;

    Arena arena;
    ZstdCodec codec;
    MemorySegment frame;
    MemorySegment dst;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        codec = new ZstdCodec(level, false);
        int blocks = (bytes + 1023) / 1024;
        byte[] data = new byte[blocks * 1024];
        DataGenerator.of(1, 1, 3, blocks * 1024).block(0, data, 0);
        MemorySegment src = arena.allocate(bytes, 64);
        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, bytes);
        MemorySegment out = arena.allocate(ZstdCodec.maxFrameLength(bytes), 64);
        frame = out.asSlice(0, codec.compress(src, out));
        dst = arena.allocate(bytes, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        codec.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment decompress() {
        codec.decompress(frame, dst);
        return dst;
    }
}
