package io.flashcore.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * Proves the benchmark wiring: fork flags, the Vector API with a constant species, and the
 * scalar baseline it must beat (XOR of two buffers, the simplest parity).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class VectorXorBenchmark {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    @Param({"16384", "1048576"})
    int bytes;

    byte[] a;
    byte[] b;
    byte[] out;

    @Setup
    public void setUp() {
        a = new byte[bytes];
        b = new byte[bytes];
        out = new byte[bytes];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < bytes; i++) {
            a[i] = (byte) r.nextInt();
            b[i] = (byte) r.nextInt();
        }
    }

    @Benchmark
    public byte[] vector() {
        int i = 0;
        for (int bound = SPECIES.loopBound(bytes); i < bound; i += SPECIES.length()) {
            ByteVector.fromArray(SPECIES, a, i).lanewise(VectorOperators.XOR,
                    ByteVector.fromArray(SPECIES, b, i)).intoArray(out, i);
        }
        for (; i < bytes; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    @Benchmark
    public byte[] scalar() {
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
