package io.flashcore.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Discards (punched holes on files, BLKDISCARD semantics on drives) of {@code bs} bytes at random
 * aligned offsets; the score is discards per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class DeviceDiscardBenchmark extends DeviceBenchmarkState {
    /** Bytes per discard. */
    @Param("1048576")
    public int bs;

    @Override
    protected int blockBytes() {
        return bs;
    }

    @Override
    protected boolean writes() {
        return true;
    }

    @Override
    protected void issue(int buffer) throws IOException {
        engine.discard(dev, random.nextLong(blocks) * bs, bs, buffer);
    }

    @Benchmark
    public int discard() throws IOException {
        return step();
    }
}
