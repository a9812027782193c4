package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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
 * SHA-256, the alternative fingerprint: the JDK's {@code MessageDigest} on a heap array of {@code bytes}
 * ({@code jdkArray}, the intrinsic's best case), the fingerprinter on direct memory ({@code oneShot}), and
 * a batch of {@code 4 MiB / bytes} chunks ({@code batch}). Same shapes as {@link Blake3HashBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class Sha256HashBenchmark {
    @Param({"4096", "16384", "1048576"})
    int bytes;

    private Arena arena;
    private MemorySegment data;
    private MemorySegment out;
    private byte[] array;
    private byte[] digest;
    private int[] lengths;
    private MessageDigest md;
    private Fingerprinter fingerprinter;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        arena = Arena.ofConfined();
        int total = Math.max(bytes, Blake3HashBenchmark.BATCH_BYTES);
        data = arena.allocate(total, 4096);
        array = new byte[bytes];
        SplittableRandom r = new SplittableRandom(1);
        for (long i = 0; i < total; i++) {
            data.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        }
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, array, 0, bytes);
        lengths = new int[Blake3HashBenchmark.BATCH_BYTES / bytes];
        java.util.Arrays.fill(lengths, bytes);
        out = arena.allocate(32L * lengths.length, 64);
        digest = new byte[32];
        md = MessageDigest.getInstance("SHA-256");
        fingerprinter = Fingerprints.sha256();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public byte[] jdkArray() throws DigestException {
        md.update(array, 0, bytes);
        md.digest(digest, 0, 32);
        return digest;
    }

    @Benchmark
    public MemorySegment oneShot() {
        fingerprinter.fingerprint(data, 0, bytes, out, 0);
        return out;
    }

    @Benchmark
    public MemorySegment batch() {
        fingerprinter.fingerprintConsecutive(data, 0, lengths, 0, lengths.length, out, 0);
        return out;
    }
}
