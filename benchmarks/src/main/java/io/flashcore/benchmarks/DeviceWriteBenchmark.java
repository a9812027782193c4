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
 * O_DIRECT writes at queue depth {@code qd}: sequential ({@code pattern=seq}) or random 4 KiB-aligned
 * ({@code pattern=rand}); the score is completed writes per second (IOPS), the byte rate is score x bs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class DeviceWriteBenchmark extends DeviceBenchmarkState {
    /** Bytes per write. */
    @Param({"4096", "131072"})
    public int bs;

    /** seq or rand. */
    @Param({"seq", "rand"})
    public String pattern;

    private long next;

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
        long b;
        if (pattern.equals("rand")) {
            b = random.nextLong(blocks);
        } else {
            b = next;
            next = next + 1 == blocks ? 0 : next + 1;
        }
        engine.write(dev, b * bs, pool.buffer(buffer), buffer);
    }

    @Benchmark
    public int write() throws IOException {
        return step();
    }
}
