package io.flashcore.cli;

import java.lang.foreign.Arena;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.flashcore.placement.ec.EcBackend;
import io.flashcore.placement.ec.ReedSolomon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench ec}: Reed-Solomon encode and decode speed on one thread, in GB (10^9 bytes)
 * of data per second, over off-heap shards. Decode rebuilds two lost data shards.
 */
@Command(name = "ec", mixinStandardHelpOptions = true,
        description = "Measure Reed-Solomon encode/decode speed (GB of data per second, one thread).")
public final class BenchEcCommand implements Callable<Integer> {
    private static final int MAX_WARMUP_SECONDS = 30;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Data GB per second of this thread's CPU time in the last {@link #rate} run. */
    private double lastPerCpuSecond;

    @Spec
    CommandSpec spec;

    @Option(names = "--k", defaultValue = "10", description = "Data shards (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--m", defaultValue = "4", description = "Parity shards (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--shard", defaultValue = "1048576", description = "Shard size in bytes (default: ${DEFAULT-VALUE}).")
    int shard;

    @Option(names = "--backend", defaultValue = "java", description = "java or isal (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--seconds", defaultValue = "1", description = "Timed seconds per operation, after a warm-up at least as long (default: ${DEFAULT-VALUE}).")
    double seconds;

    // C2 needs a few seconds of CPU for the vector passes on a busy two-core machine.
    @Option(names = "--warmup", defaultValue = "3", description = "Least warm-up seconds per operation; warm-up goes on while speed still rises, up to 30 s (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--shard-skew", paramLabel = "BYTES", defaultValue = "0",
            description = "Shard i starts (i x BYTES) mod 4096 bytes into a page of one page-aligned region; 0 puts "
                    + "every shard on a page boundary, as the array's O_DIRECT buffers are (default: ${DEFAULT-VALUE}). "
                    + "Speed depends on it (cache-set and 4 KiB aliasing between the streams), so comparisons use "
                    + "the same layout on both sides.")
    int shardSkew;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        EcBackend be = switch (backend.toLowerCase(Locale.ROOT)) {
            case "java" -> EcBackend.JAVA;
            case "isal" -> EcBackend.ISAL;
            default -> throw new UsageException("--backend " + backend + ": expected java or isal");
        };
        if (!be.isAvailable()) {
            throw new UsageException("--backend isal: ISA-L is not available here: "
                    + io.flashcore.nativeio.IsaL.unavailableReason().orElse("?"));
        }
        if (k < 1 || m < 1 || k + m > ReedSolomon.MAX_TOTAL_SHARDS) {
            throw new UsageException("--k " + k + " --m " + m + ": expected k >= 1, m >= 1, k + m <= 256");
        }
        if (m < 2 || k < 2) {
            throw new UsageException("--k " + k + " --m " + m + ": decode rebuilds two data shards, so k >= 2 and m >= 2");
        }
        if (shard < 1) {
            throw new UsageException("--shard " + shard + ": expected a positive number of bytes");
        }
        if (!(warmup >= 0)) {
            throw new UsageException("--warmup " + warmup + ": expected a number of seconds >= 0");
        }
        if (!(seconds > 0)) {
            throw new UsageException("--seconds " + seconds + ": expected a positive number");
        }
        if (shardSkew < 0 || shardSkew >= 4096) {
            throw new UsageException("--shard-skew " + shardSkew + ": expected 0..4095 bytes");
        }
        ReedSolomon rs = ReedSolomon.create(k, m, be);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] shards = new MemorySegment[k + m];
            SplittableRandom r = new SplittableRandom(1);
            // One page-aligned region, each shard in its own pages plus its skew (the C loop of
            // benchmarks/scripts/ec-vs-isal.sh lays its buffers out the same way).
            long stride = ((long) shard + 4095) / 4096 * 4096 + 4096;
            MemorySegment region = arena.allocate(stride * (k + m), 4096);
            for (int i = 0; i < k + m; i++) {
                shards[i] = region.asSlice(i * stride + (long) i * shardSkew % 4096, shard);
                if (i < k) {
                    for (long j = 0; j + 8 <= shard; j += 8) {
                        shards[i].set(ValueLayout.JAVA_LONG_UNALIGNED, j, r.nextLong());
                    }
                }
            }
            double encode = measure(() -> rs.encode(shards));
            double encodeCpu = lastPerCpuSecond;
            boolean[] present = new boolean[k + m];
            java.util.Arrays.fill(present, true);
            present[0] = false;
            present[1] = false;
            int[] wanted = {0, 1};
            double decode = measure(() -> rs.reconstruct(shards, present, wanted));
            double decodeCpu = lastPerCpuSecond;
            if (!rs.verify(shards)) {
                throw new IllegalStateException("decoded stripe does not verify");
            }
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object().put("encodeGBps", round(encode)).put("decodeGBps", round(decode))
                        .put("backend", rs.backend().name().toLowerCase(Locale.ROOT)).put("k", k).put("m", m)
                        .put("shardBytes", shard).put("shardSkew", shardSkew).put("encodeGBpsPerCpuSecond", round(encodeCpu))
                        .put("decodeGBpsPerCpuSecond", round(decodeCpu)));
            } else {
                out.printf(Locale.ROOT, "RS %d+%d, %d-byte shards, backend %s, one thread%n", k, m, shard,
                        rs.backend().name().toLowerCase(Locale.ROOT));
                out.printf(Locale.ROOT, "encode  %8.2f GB/s of data (%.2f per CPU-second)%n", encode, encodeCpu);
                out.printf(Locale.ROOT, "decode  %8.2f GB/s of data (%.2f per CPU-second; 2 lost data shards)%n",
                        decode, decodeCpu);
            }
        }
        return Main.OK;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * Warms up until the JIT has settled, then returns data GB/s over a timed run of {@link #seconds}.
     * Settled means: at least {@link #warmup} seconds spent, and four 0.25 s windows in a row in which
     * no JIT compilation finished and speed did not rise 5 % above the best before; at most
     * {@value #MAX_WARMUP_SECONDS} s. Speed alone is not enough: on a busy machine the vector passes
     * can run interpreted at a steady 0.1 GB/s for seconds while C2 waits for CPU.
     */
    private double measure(Runnable op) {
        long minWarm = (long) (warmup * 1e9);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long t0 = System.nanoTime();
        double best = 0;
        int quietWindows = 0;
        long compiled = jitTimed ? jit.getTotalCompilationTime() : 0;
        while (true) {
            double rate = rate(op, 250_000_000L);
            long spent = System.nanoTime() - t0;
            long nowCompiled = jitTimed ? jit.getTotalCompilationTime() : 0;
            quietWindows = rate < best * 1.05 && nowCompiled == compiled ? quietWindows + 1 : 0;
            compiled = nowCompiled;
            best = Math.max(best, rate);
            if (spent >= MAX_WARMUP_SECONDS * 1_000_000_000L || (spent >= minWarm && quietWindows >= 4)) {
                break;
            }
        }
        return rate(op, (long) (seconds * 1e9));
    }

    private double rate(Runnable op, long nanos) {
        long iters = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long now;
        do {
            op.run();
            iters++;
            now = System.nanoTime();
        } while (now - start < nanos);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        lastPerCpuSecond = cpu > 0 ? (double) k * shard * iters / cpu : Double.NaN;
        return (double) k * shard * iters / (now - start);
    }
}
