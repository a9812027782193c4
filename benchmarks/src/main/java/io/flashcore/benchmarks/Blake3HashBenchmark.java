package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.hash.Blake3;
import io.flashcore.reduction.hash.Blake3Hasher;
import io.flashcore.reduction.hash.Fingerprinter;
import io.flashcore.reduction.hash.Fingerprints;
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
 * BLAKE3 over direct memory: one input of {@code bytes} ({@code oneShot}), and a batch of
 * {@code BATCH_BYTES / bytes} consecutive chunks of {@code bytes} through the fingerprint batch API
 * ({@code batch}). Throughput in GB/s = ops/s x bytes / 1e9 for {@code oneShot}, ops/s x 4 MiB / 1e9
 * for {@code batch}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class Blake3HashBenchmark {
    /** Bytes hashed per {@code batch} call. */
    public static final int BATCH_BYTES = 4 << 20;

    @Param({"4096", "16384", "1048576"})
    int bytes;

    private Arena arena;
    private MemorySegment data;
    private MemorySegment out;
    private int[] lengths;
    private Blake3Hasher hasher;
    private Fingerprinter fingerprinter;

    @Setup
    public void setUp() {
        arena = Arena.ofConfined();
        data = arena.allocate(Math.max(bytes, BATCH_BYTES), 4096);
        SplittableRandom r = new SplittableRandom(1);
        for (long i = 0; i < data.byteSize(); i += 8) {
            data.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, i, r.nextLong());
        }
        lengths = new int[BATCH_BYTES / bytes];
        java.util.Arrays.fill(lengths, bytes);
        out = arena.allocate(32L * lengths.length, 64);
        hasher = Blake3.newHasher();
        fingerprinter = Fingerprints.blake3();
        // The lanes run only once the JIT has compiled them (scalar until then); do not time that phase.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Blake3.isVectorized() && !Blake3.isVectorHot() && System.nanoTime() - deadline < 0) {
            batch();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment oneShot() {
        hasher.reset().update(data, 0, bytes).digest(0, out, 0, 32);
        return out;
    }

    @Benchmark
    public MemorySegment batch() {
        fingerprinter.fingerprintConsecutive(data, 0, lengths, 0, lengths.length, out, 0);
        return out;
    }
}
