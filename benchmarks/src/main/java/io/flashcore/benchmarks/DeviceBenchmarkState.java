package io.flashcore.benchmarks;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.flashcore.nativeio.BlockDevice;
import io.flashcore.nativeio.BufferPool;
import io.flashcore.nativeio.IoBackend;
import io.flashcore.nativeio.IoCompletionHandler;
import io.flashcore.nativeio.IoEngine;
import io.flashcore.nativeio.IoEngineConfig;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The device, engine and buffers the device benchmarks share. {@code -p device=/dev/nvme0n1} tests
 * a drive (writes need {@code -p allowDestructive=true}); by default a 256 MiB temp file, deleted
 * afterwards. Each benchmark invocation is one completed operation while {@code qd} stay in flight,
 * so throughput is IOPS.
 */
@State(Scope.Thread)
public abstract class DeviceBenchmarkState implements IoCompletionHandler {
    /** Device or file to test; empty: a temp file in {@code java.io.tmpdir}. */
    @Param("")
    public String device;

    /** Must be true to write to a block device (its data is destroyed). */
    @Param("false")
    public boolean allowDestructive;

    /** Back-end: io_uring or filechannel. */
    @Param({"io_uring", "filechannel"})
    public String backend;

    /** Bytes of the device or file addressed. */
    @Param("268435456")
    public long sizeBytes;

    /** Operations kept in flight. */
    @Param("32")
    public int qd;

    /** Register the buffers with the ring. */
    @Param("false")
    public boolean fixedBuffers;

    /**
     * false: each re-issued operation goes to the kernel at once (as {@code flashcore bench io} and
     * fio's iodepth_batch_submit=1 do); true: they wait for the next poll and go together.
     */
    @Param("false")
    public boolean batchSubmit;

    protected BlockDevice dev;
    protected IoEngine engine;
    protected BufferPool pool;
    protected long blocks;
    protected final SplittableRandom random = new SplittableRandom(7);
    private Path tempFile;
    private IOException failure;
    private int completed;
    private int banked;

    /** Bytes per operation. */
    protected abstract int blockBytes();

    /** True when the benchmark writes (then a block device needs allowDestructive). */
    protected abstract boolean writes();

    /** Queues the operation that keeps buffer {@code buffer} busy. */
    protected abstract void issue(int buffer) throws IOException;

    @Setup(Level.Trial)
    public void openDevice() throws IOException {
        Path p;
        if (device.isEmpty()) {
            tempFile = Files.createTempFile("flashcore-jmh", ".dat");
            p = tempFile;
        } else {
            p = Path.of(device);
        }
        boolean block = !Files.isRegularFile(p) && Files.exists(p);
        if (block && writes() && !allowDestructive) {
            throw new IllegalStateException(p + " is a block device and this benchmark writes to it, destroying its"
                    + " data; add -p allowDestructive=true to proceed");
        }
        dev = block ? BlockDevice.open(p) : BlockDevice.createFile(p, sizeBytes);
        blocks = Math.min(sizeBytes, dev.sizeBytes()) / blockBytes();
        if (blocks == 0) {
            throw new IllegalStateException(p + " holds no " + blockBytes() + "-byte block");
        }
        engine = IoEngine.open(IoEngineConfig.defaults().withBackend(IoBackend.parse(backend)).withQueueDepth(qd));
        pool = BufferPool.allocate(qd, blockBytes());
        SplittableRandom fill = new SplittableRandom(1);
        for (int i = 0; i < qd; i++) {
            MemorySegment b = pool.buffer(i);
            for (long o = 0; o < b.byteSize(); o += 8) {
                b.set(ValueLayout.JAVA_LONG, o, fill.nextLong());
            }
        }
        if (fixedBuffers) {
            engine.registerBuffers(pool);
        }
        if (tempFile != null) {
            layOut();
        }
        for (int i = 0; i < qd; i++) {
            issue(i);
        }
    }

    /** Writes the temp file once so reads hit written blocks. */
    private void layOut() throws IOException {
        for (long b = 0; b < blocks; b++) {
            engine.write(dev, b * blockBytes(), pool.buffer((int) (b % qd)), b);
            if (b % qd == qd - 1) {
                engine.awaitAll();
            }
        }
        engine.awaitAll();
    }

    /**
     * Accounts for exactly one completed operation: waits for completions only when none reaped
     * earlier is left to account for, so the score counts operations, not polls.
     */
    protected int step() throws IOException {
        if (banked > 0) {
            banked--;
            return 1;
        }
        completed = 0;
        while (completed == 0) {
            engine.poll(1, this);
            if (failure != null) {
                throw failure;
            }
        }
        banked = completed - 1;
        return 1;
    }

    @Override
    public void completed(long tag, long bytes, IOException f) {
        if (f != null) {
            failure = f;
            return;
        }
        completed++;
        try {
            issue((int) tag);
            if (!batchSubmit) {
                engine.submit();
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            engine.awaitAll();
        } finally {
            engine.close();
            pool.close();
            dev.close();
            if (tempFile != null) {
                Files.deleteIfExists(tempFile);
            }
        }
    }
}
