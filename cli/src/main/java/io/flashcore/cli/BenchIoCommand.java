package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.flashcore.nativeio.BlockDevice;
import io.flashcore.nativeio.BufferPool;
import io.flashcore.nativeio.CpuAffinity;
import io.flashcore.nativeio.IoBackend;
import io.flashcore.nativeio.IoCompletionHandler;
import io.flashcore.nativeio.IoEngine;
import io.flashcore.nativeio.IoEngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench io}: O_DIRECT throughput of one {@link IoEngine} thread keeping {@code --qd}
 * operations of {@code --bs} bytes in flight against a file or block device, after a warm-up. The
 * same parameters as {@code fio --ioengine=io_uring --direct=1}, so the two can be compared.
 */
@Command(name = "io", mixinStandardHelpOptions = true,
        description = "Measure O_DIRECT I/O (io_uring or FileChannel) on a file or device; prints MB/s and IOPS.")
public final class BenchIoCommand implements Callable<Integer> {
    /** Workload patterns, spelled as fio spells them. */
    enum Rw {
        write, randwrite, randread, read
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, description = "File (created when missing) or block device to test.")
    Path file;

    @Option(names = "--size", defaultValue = "256M",
            description = "Bytes of the file to address (suffixes k, m, g = KiB, MiB, GiB; default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--bs", defaultValue = "4k", description = "Bytes per operation (default ${DEFAULT-VALUE}).")
    String bs;

    @Option(names = "--qd", defaultValue = "32", description = "Operations kept in flight (default ${DEFAULT-VALUE}).")
    int qd;

    @Option(names = "--rw", defaultValue = "randwrite",
            description = "Pattern: write, randwrite, randread or read (default ${DEFAULT-VALUE}).")
    Rw rw;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up seconds before timing (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--fixed-buffers", description = "Register the buffers with io_uring (fixed-buffer opcodes).")
    boolean fixedBuffers;

    @Option(names = "--backend", description = "Force a back-end: io_uring or filechannel (default: automatic).")
    String backend;

    @Option(names = "--single-issuer", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "io_uring: bind the ring to the benchmark thread and defer completion work (default on).")
    boolean singleIssuer;

    @Option(names = "--cpu", paramLabel = "N", defaultValue = "-1",
            description = "Pin the benchmark thread to CPU N (fio: --cpus_allowed=N); default: where the scheduler "
                    + "puts it. On a core that also takes the device's completion interrupts, 4 KiB random I/O can run "
                    + "at half the rate, so tool comparisons pin both to the same core.")
    int cpu;

    @Option(names = "--register-files", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "io_uring: address the file through the ring's registered-file table (default on).")
    boolean registerFiles;

    @Option(names = "--batch-submit", description = "Hand re-issued operations to the kernel together at the next wait "
            + "instead of one by one as each completion is handled (default: one by one, as fio's iodepth_batch_submit=1; "
            + "batches let the queue run shallower between waits: -20 %% IOPS on 4 KiB random I/O on a virtio disk).")
    boolean batchSubmit;

    @Option(names = "--allow-destructive", description = "Allow writing to a block device (destroys its data).")
    boolean allowDestructive;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        long sizeBytes = ByteSizes.positive("--size", size);
        long blockBytes = ByteSizes.positive("--bs", bs);
        if (blockBytes % BufferPool.PAGE_BYTES != 0 || blockBytes > (1 << 30)) {
            throw new UsageException("--bs " + blockBytes + " must be a multiple of " + BufferPool.PAGE_BYTES
                    + " bytes up to 1 GiB");
        }
        if (qd < 1 || qd > 4096) {
            throw new UsageException("--qd " + qd + " must be between 1 and 4096");
        }
        if (!(seconds > 0) || warmup < 0) {
            throw new UsageException("--seconds must be positive and --warmup not negative");
        }
        IoBackend forced = null;
        if (backend != null) {
            try {
                forced = IoBackend.parse(backend);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--backend: " + e.getMessage());
            }
        }
        if (cpu >= 0) {
            try {
                CpuAffinity.pinCurrentThread(cpu); // before the ring exists: it is bound to this thread
            } catch (IllegalArgumentException | UnsupportedOperationException | IOException e) {
                throw new UsageException("--cpu " + cpu + ": " + e.getMessage());
            }
        }
        boolean writes = rw == Rw.write || rw == Rw.randwrite;
        boolean created = !Files.exists(file);
        BlockDevice dev = created || Files.isRegularFile(file) ? BlockDevice.createFile(file, sizeBytes)
                : BlockDevice.open(file);
        try (dev) {
            if (dev.isBlockDevice() && writes && !allowDestructive) {
                throw new UsageException(file + " is a block device: writing destroys its data; add --allow-destructive");
            }
            long span = Math.min(sizeBytes, dev.sizeBytes()) / blockBytes * blockBytes;
            if (span < blockBytes) {
                throw new UsageException("--size " + sizeBytes + " leaves no room for one " + blockBytes + "-byte block on "
                        + file + " (" + dev.sizeBytes() + " bytes)");
            }
            IoEngineConfig cfg = IoEngineConfig.defaults().withBackend(forced).withQueueDepth(qd)
                    .withSingleIssuer(singleIssuer).withRegisterFiles(registerFiles);
            try (BufferPool pool = BufferPool.allocate(qd, (int) blockBytes); IoEngine engine = IoEngine.open(cfg)) {
                SplittableRandom fillRandom = new SplittableRandom(42);
                for (int i = 0; i < qd; i++) {
                    MemorySegment b = pool.buffer(i);
                    for (long o = 0; o < b.byteSize(); o += 8) {
                        b.set(ValueLayout.JAVA_LONG, o, fillRandom.nextLong());
                    }
                }
                if (fixedBuffers) {
                    engine.registerBuffers(pool);
                }
                if (created) {
                    layOut(engine, dev, pool, span, blockBytes);
                }
                Run run = new Run(engine, dev, pool, rw, span, blockBytes, qd, !batchSubmit);
                run.measure((long) (warmup * 1e9));
                Result r = run.measure((long) (seconds * 1e9));
                print(r, engine.backend(), blockBytes, span);
            }
        }
        return Main.OK;
    }

    /**
     * Writes the whole span of a new file once, as fio does, so that reads hit written blocks and
     * writes overwrite them rather than converting unwritten extents.
     */
    private static void layOut(IoEngine engine, BlockDevice dev, BufferPool pool, long span, long blockBytes)
            throws IOException {
        long off = 0;
        int i = 0;
        while (off < span) {
            engine.write(dev, off, pool.buffer(i), i);
            off += blockBytes;
            i = (i + 1) % pool.count();
            if (i == 0) {
                engine.awaitAll();
            }
        }
        engine.awaitAll();
        engine.fdatasync(dev, 0);
        engine.awaitAll();
    }

    private void print(Result r, IoBackend b, long blockBytes, long span) {
        var out = spec.commandLine().getOut();
        double mbPerSec = r.bytes / r.seconds / 1e6;
        double iops = r.ops / r.seconds;
        if (json) {
            out.println(Json.object()
                    .put("mbPerSec", round(mbPerSec))
                    .put("iops", round(iops))
                    .put("backend", b.label()).put("batchSubmit", batchSubmit)
                    .put("rw", rw.name())
                    .put("bs", blockBytes)
                    .put("qd", qd)
                    .put("sizeBytes", span)
                    .put("seconds", round(r.seconds))
                    .put("ops", r.ops)
                    .put("bytes", r.bytes)
                    .put("cpuMicrosPerOp", round(r.cpuSeconds * 1e6 / Math.max(1, r.ops)))
                    .put("fixedBuffers", fixedBuffers)
                    .put("cpu", cpu)
                    .put("file", file.toString()));
        } else {
            out.printf(Locale.ROOT, "%s %s bs=%d qd=%d on %s: %.1f MB/s, %.0f IOPS (%d ops in %.2f s, %.1f us CPU/op%s)%n",
                    b.label(), rw, blockBytes, qd, file, mbPerSec, iops, r.ops, r.seconds,
                    r.cpuSeconds * 1e6 / Math.max(1, r.ops),
                    fixedBuffers ? ", fixed buffers" : "");
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private record Result(long ops, long bytes, double seconds, double cpuSeconds) {
    }

    /** CPU seconds this process has used so far (all threads), or NaN where the OS does not say. */
    static double processCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** One thread keeping {@code qd} operations in flight; each buffer is always in one operation. */
    private static final class Run implements IoCompletionHandler {
        private final IoEngine engine;
        private final BlockDevice dev;
        private final BufferPool pool;
        private final boolean write;
        private final boolean random;
        private final long blocks;
        private final long blockBytes;
        private final int qd;
        /** Submit every operation as it is issued, so the device's queue refills at once. */
        private final boolean submitEach;
        private final SplittableRandom random64 = new SplittableRandom(7);
        private long nextSequential;
        private long deadline;
        private long ops;
        private IOException failure;
        private int inFlight;

        Run(IoEngine engine, BlockDevice dev, BufferPool pool, Rw rw, long span, long blockBytes, int qd,
            boolean submitEach) {
            this.submitEach = submitEach;
            this.engine = engine;
            this.dev = dev;
            this.pool = pool;
            this.write = rw == Rw.write || rw == Rw.randwrite;
            this.random = rw == Rw.randwrite || rw == Rw.randread;
            this.blocks = span / blockBytes;
            this.blockBytes = blockBytes;
            this.qd = qd;
        }

        Result measure(long nanos) throws IOException {
            ops = 0;
            double cpu0 = processCpuSeconds();
            long start = System.nanoTime();
            deadline = start + nanos;
            for (int i = 0; i < qd; i++) {
                issue(i);
            }
            while (inFlight > 0) {
                engine.poll(1, this);
                if (failure != null) {
                    throw failure;
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new Result(ops, ops * blockBytes, secs, processCpuSeconds() - cpu0);
        }

        private void issue(int buffer) throws IOException {
            long block;
            if (random) {
                block = random64.nextLong(blocks);
            } else {
                block = nextSequential;
                nextSequential = nextSequential + 1 == blocks ? 0 : nextSequential + 1;
            }
            MemorySegment b = pool.buffer(buffer);
            if (write) {
                engine.write(dev, block * blockBytes, b, buffer);
            } else {
                engine.read(dev, block * blockBytes, b, buffer);
            }
            inFlight++;
            if (submitEach) {
                engine.submit();
            }
        }

        @Override
        public void completed(long tag, long bytes, IOException f) {
            inFlight--;
            if (f != null) {
                failure = f;
                return;
            }
            ops++;
            if (System.nanoTime() < deadline && failure == null) {
                try {
                    issue((int) tag);
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
    }
}
