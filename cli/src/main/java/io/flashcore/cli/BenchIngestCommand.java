package io.flashcore.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.sun.management.OperatingSystemMXBean;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.ArrayStats;
import io.flashcore.array.FlashArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench ingest}: the whole write path in one warm process. Each pass creates a
 * fresh array in a scratch folder, puts FILE, and stops the clock when the put has returned, i.e.
 * after the durable commit (shards written with O_DIRECT and fdatasynced, metadata committed); the
 * object is then read back and compared byte for byte. Warm-up passes run first so the figures
 * are the steady state of an embedded array, not the JIT's; process CPU time is reported beside
 * the wall clock so a busy machine does not hide what a put costs.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Time durable puts of FILE into fresh arrays in one warm process; print MB/s, CPU and stored bytes.")
public final class BenchIngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to ingest (a tar of a data set, say).")
    Path file;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Scratch folder for the arrays (default: a temporary folder beside FILE).")
    Path dir;

    @Option(names = "--drives", description = "Drive files per array (default: ${DEFAULT-VALUE}).")
    int drives = 12;

    @Option(names = "--k", description = "Data shards per stripe (default: ${DEFAULT-VALUE}).")
    int k = 8;

    @Option(names = "--m", description = "Parity shards per stripe (default: ${DEFAULT-VALUE}).")
    int m = 2;

    @Option(names = "--level", description = "zstd level (default: ${DEFAULT-VALUE}).")
    int level = 3;

    @Option(names = "--avg-chunk", paramLabel = "BYTES", description = "Average chunk (default: ${DEFAULT-VALUE}).")
    String avgChunk = "16K";

    @Option(names = "--no-similarity", description = "Store no chunk as a delta against a similar one.")
    boolean noSimilarity;

    @Option(names = "--warmup", description = "Least untimed passes first; warm-up goes on while a pass is still 3 %% "
            + "faster than the one before it, up to " + MAX_EXTRA_WARMUP + " more (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    /** Extra warm-up passes at most: the vector kernels can take several passes to reach C2 on two busy cores. */
    private static final int MAX_EXTRA_WARMUP = 8;

    @Option(names = "--runs", description = "Timed passes; the best counts (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    private record Pass(double seconds, double cpuSeconds, double readSeconds, ArrayStats stats,
                        io.flashcore.array.ArrayMetrics metrics) {
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        if (warmup < 0 || runs < 1) {
            throw new UsageException("--warmup must be >= 0 and --runs >= 1, got " + warmup + " and " + runs);
        }
        int avg = (int) ByteSizes.parse("--avg-chunk", avgChunk);
        long logical = Files.size(file);
        Path scratch = dir != null ? Files.createDirectories(dir)
                : Files.createTempDirectory(file.toAbsolutePath().getParent(), "flashcore-bench-ingest");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Pass best = null;
        int warmPasses = 0;
        int timed = 0;
        double lastWarm = Double.MAX_VALUE;
        try {
            for (int i = 0; ; i++) {
                Path arrayDir = scratch.resolve("array-" + i);
                ArrayConfig config;
                try {
                    config = ArrayConfig.builder().driveFiles(arrayDir.resolve("drives"), drives).layout(k, m)
                            .driveBytes(Math.max(1L << 30, 4 * logical / k)).compressionLevel(level)
                            .similarity(!noSimilarity).chunker("fastcdc2020", Math.max(64, avg / 4), avg, avg * 4)
                            .build();
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                Pass p;
                try (FlashArray a = FlashArray.create(arrayDir, config)) {
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    try (FileChannel in = FileChannel.open(file)) {
                        a.put("input", in);
                    }
                    long t1 = System.nanoTime();
                    long cpu1 = os.getProcessCpuTime();
                    long r0;
                    long r1;
                    try (InputStream expected = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                        DemoCommand.CompareStream cmp = new DemoCommand.CompareStream(expected);
                        r0 = System.nanoTime();
                        a.get("input", cmp);
                        r1 = System.nanoTime();
                        if (!cmp.matchesToEnd()) {
                            throw new IOException("the array returned other bytes than " + file + " holds");
                        }
                    }
                    p = new Pass((t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, (r1 - r0) / 1e9, a.stats(), a.metrics());
                }
                DemoCommand.deleteTree(arrayDir);
                boolean warming = timed == 0 && (warmPasses < warmup
                        || (warmup > 0 && warmPasses < warmup + MAX_EXTRA_WARMUP && p.seconds() < 0.97 * lastWarm));
                if (warming) {
                    warmPasses++; // still warming up: the JIT is still making passes faster
                    lastWarm = p.seconds();
                    continue;
                }
                if (best == null || p.seconds() < best.seconds()) {
                    best = p;
                }
                if (++timed == runs) {
                    break;
                }
            }
        } finally {
            if (dir == null) {
                DemoCommand.deleteTree(scratch);
            }
        }
        ArrayStats s = best.stats();
        double mbps = logical / 1e6 / best.seconds();
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("mbPerSec", mbps).put("mbPerCpuSecond", logical / 1e6 / best.cpuSeconds())
                    .put("readMbPerSec", logical / 1e6 / best.readSeconds()).put("seconds", best.seconds())
                    .put("cpuSeconds", best.cpuSeconds()).put("logicalBytes", logical)
                    .put("storedBytes", s.storedBytes()).put("metadataBytes", s.metadataBytes())
                    .put("physicalBytes", s.physicalBytes()).put("chunksNew", best.metrics().chunksNew())
                    .put("chunksDelta", best.metrics().chunksDelta())
                    .put("chunksDeduplicated", best.metrics().chunksDeduplicated())
                    .put("recordsEncodedAhead", best.metrics().recordsEncodedAhead())
                    .put("recordsEncodedAheadUnused", best.metrics().recordsEncodedAheadUnused())
                    .put("shardsWritten", best.metrics().shardsWritten())
                    .put("shardsRead", best.metrics().shardsRead()).put("cores", Runtime.getRuntime().availableProcessors())
                    .put("warmup", warmup).put("warmupPasses", warmPasses).put("runs", runs));
        } else {
            out.printf("ingest %s: %.1f MB/s (%.1f MB per CPU second, %d cores), read %.1f MB/s; stored %s + metadata %s of %s logical%n",
                    file, mbps, logical / 1e6 / best.cpuSeconds(), Runtime.getRuntime().availableProcessors(),
                    logical / 1e6 / best.readSeconds(), ByteSizes.human(s.storedBytes()),
                    ByteSizes.human(s.metadataBytes()), ByteSizes.human(logical));
        }
        return Main.OK;
    }
}
