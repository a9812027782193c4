package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.RecordCodec;
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

/**
 * Delta records against a similar reference chunk (a copy with a few edits) and their decoding,
 * beside plain compression of the same chunk for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class DeltaEncodeBenchmark {
    @Param({"4096", "16384", "65536"})
    int bytes;

    Arena arena;
    DictionaryRegistry dictionaries;
    RecordCodec codec;
    MemorySegment reference;
    MemorySegment target;
    MemorySegment out;
    MemorySegment delta;
    MemorySegment dst;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        dictionaries = new DictionaryRegistry();
        codec = new RecordCodec(CompressionOptions.DEFAULT, dictionaries);
        byte[] ref = new byte[bytes];
        DataGenerator.of(3, 1, 3, bytes).block(0, ref, 0);
        byte[] tgt = ref.clone();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 8; i++) {
            tgt[r.nextInt(bytes)] = (byte) r.nextInt();
        }
        reference = arena.allocate(bytes, 64);
        target = arena.allocate(bytes, 64);
        MemorySegment.copy(ref, 0, reference, ValueLayout.JAVA_BYTE, 0, bytes);
        MemorySegment.copy(tgt, 0, target, ValueLayout.JAVA_BYTE, 0, bytes);
        out = arena.allocate(RecordCodec.maxRecordLength(bytes), 64);
        MemorySegment d = arena.allocate(RecordCodec.maxRecordLength(bytes), 64);
        delta = d.asSlice(0, codec.encodeDelta(target, 1, reference, d, Integer.MAX_VALUE));
        dst = arena.allocate(bytes, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        codec.close();
        dictionaries.close();
        arena.close();
    }

    @Benchmark
    public int encodeDelta() {
        return codec.encodeDelta(target, 1, reference, out, Integer.MAX_VALUE);
    }

    @Benchmark
    public int decodeDelta() {
        return codec.decode(delta, dst, id -> reference);
    }

    @Benchmark
    public int encodePlain() {
        return codec.encode(target, out);
    }
}
