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
 * A 4 KiB random O_DIRECT write linked to an fdatasync, the durable-commit unit of the array; the
 * score is committed writes per second. {@code qd} chains stay in flight.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class DeviceSyncBenchmark extends DeviceBenchmarkState {
    /** Bytes per write. */
    @Param("4096")
    public int bs;

    private static final long SYNC_TAG = 1L << 40;

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
        engine.write(dev, random.nextLong(blocks) * bs, pool.buffer(buffer), buffer | SYNC_TAG);
        engine.linkWithNext();
        engine.fdatasync(dev, buffer);
    }

    @Override
    public void completed(long tag, long bytes, IOException f) {
        if ((tag & SYNC_TAG) == 0 || f != null) {
            super.completed(tag, bytes, f);
        }
    }

    @Benchmark
    public int writeThenFdatasync() throws IOException {
        return step();
    }
}
