package io.flashcore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.ArrayStats;
import io.flashcore.array.FlashArray;
import io.flashcore.array.RebuildReport;
import io.flashcore.array.ScrubReport;
import io.flashcore.cli.report.HtmlReport;
import io.flashcore.cli.report.ReportData;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.pipeline.ReductionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore demo}: the main job on an embedded default. Creates an array of 12 sparse drive
 * files (8+2 stripes), ingests real data (by default the running JDK's own files, plus the shared
 * corpora when present), prints the bill, fails two drives, reads every object back and compares
 * it byte for byte with its source, rebuilds, scrubs, writes the HTML report, and removes the array
 * unless {@code --keep}. Exits 1 when any object does not verify or the scrub is not clean.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Ingest real data into a 12-drive array, print the bill, fail two drives, verify every byte,"
                + " rebuild, scrub and write an HTML report.")
public final class DemoCommand implements Callable<Integer> {
    /** Drives of the demo array. */
    static final int DRIVES = 12;
    /** Data shards per stripe. */
    static final int K = 8;
    /** Parity shards per stripe: the drive failures the demo survives. */
    static final int M = 2;
    /** The drives the demo fails. */
    static final int[] FAILED = {3, 8};
    /** Input bytes the per-type estimate of the report reduces at most. */
    static final long TYPE_SAMPLE_BYTES = 96L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder for the array and the report (default: a new temporary folder).")
    Path dir;

    @Option(names = "--input", arity = "1..*", paramLabel = "PATH",
            description = "Files or folders to ingest (default: the JDK's own files, plus ../shared/testdata/corpora when present).")
    List<Path> input;

    @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "0",
            description = "Stop adding input files beyond this many bytes, e.g. 200M (default: 0, no limit).")
    String maxBytes;

    @Option(names = "--keep", description = "Keep the array after the run.")
    boolean keep;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    private PrintWriter out;

    /** One input file and the object name it is stored under. */
    record Item(Path file, String name, long bytes) {
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        long limit = ByteSizes.parse("--max-bytes", maxBytes);
        List<Path> roots = input != null ? input : defaultInputs();
        for (Path r : roots) {
            if (!Files.exists(r)) {
                throw new UsageException("input " + r + " does not exist");
            }
        }
        List<Item> items = collect(roots, limit);
        if (items.isEmpty()) {
            throw new UsageException("no readable, non-empty files under " + roots);
        }
        long logicalInput = items.stream().mapToLong(Item::bytes).sum();

        Path base = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("flashcore-demo-");
        Path arrayDir = base.resolve("array");
        if (Files.exists(arrayDir)) {
            throw new UsageException(arrayDir + " already exists; pick another --dir or remove it");
        }
        Path reportFile = base.resolve("report.html");
        say("flashcore demo: %d files, %s, from %s", items.size(), Bill.bytes(logicalInput), roots);
        say("array: %s (%d drive files, %d+%d stripes)", arrayDir, DRIVES, K, M);

        ArrayConfig config = ArrayConfig.builder()
                .driveFiles(arrayDir.resolve("drives"), DRIVES)
                .layout(K, M)
                .driveBytes(Math.max(4L << 30, 2 * logicalInput / (DRIVES - M)))
                .build();
        Map<String, Object> result = new LinkedHashMap<>();
        boolean ok;
        long t0 = System.nanoTime();
        try (FlashArray array = FlashArray.create(arrayDir, config)) {
            double ingestSeconds = ingest(array, items, logicalInput);
            ArrayStats stats = array.stats();
            say("ingested %s in %.1f s (%.0f MB/s, durable): %d objects, %d unique chunks", Bill.bytes(stats.logicalBytes()),
                    ingestSeconds, stats.logicalBytes() / 1e6 / ingestSeconds, stats.objects(), stats.chunks());
            printBill(stats);

            for (int d : FAILED) {
                array.failDrive(d);
            }
            say("failed drives %d and %d", FAILED[0], FAILED[1]);
            long t = System.nanoTime();
            long verified = verify(array, items);
            double verifySeconds = (System.nanoTime() - t) / 1e9;
            say("read back and verified %d of %d objects byte for byte with 2 drives down in %.1f s", verified,
                    items.size(), verifySeconds);
            t = System.nanoTime();
            int[] ranges = verifyRanges(array, items);
            say("read %d ranges of up to 64 KiB at random offsets, degraded too: %d match their files (%.2f s)",
                    ranges[1], ranges[0], (System.nanoTime() - t) / 1e9);

            t = System.nanoTime();
            RebuildReport rebuild;
            try (Progress p = Progress.start("rebuild", -1, false, json)) {
                rebuild = array.rebuild((op, done, total) -> p.message(done + " stripes"));
            }
            double rebuildSeconds = (System.nanoTime() - t) / 1e9;
            say("rebuilt %d shards of %d stripes (%s written) onto the survivors in %.1f s; unrecoverable stripes: %d",
                    rebuild.shardsRebuilt(), rebuild.stripesRebuilt(), Bill.bytes(rebuild.bytesWritten()),
                    rebuildSeconds, rebuild.unrecoverable().size());

            // The lost drives' devices are swapped for blank ones: they come back into service, empty.
            t = System.nanoTime();
            for (int d : FAILED) {
                Files.deleteIfExists(config.drives().get(d));
                array.replaceDrive(d, io.flashcore.array.ProgressListener.NONE);
            }
            say("replaced drives %d and %d with blank devices: back in service, empty, taking new stripes (%.1f s)",
                    FAILED[0], FAILED[1], (System.nanoTime() - t) / 1e9);

            t = System.nanoTime();
            ScrubReport scrub;
            try (Progress p = Progress.start("scrub", -1, false, json)) {
                scrub = array.scrub((op, done, total) -> p.message(done + " stripes"));
            }
            double scrubSeconds = (System.nanoTime() - t) / 1e9;
            say("scrub: %d stripes, %d shards checked, %d corrupt, %d repaired, %s (%.1f s)", scrub.stripesChecked(),
                    scrub.shardsChecked(), scrub.corruptShards(), scrub.repairedShards(),
                    scrub.clean() ? "clean" : "NOT CLEAN", scrubSeconds);

            ArrayStats after = array.stats();
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("input", roots.toString());
            facts.put("ingest", String.format(Locale.ROOT, "%.1f s, %.0f MB/s", ingestSeconds,
                    stats.logicalBytes() / 1e6 / ingestSeconds));
            facts.put("read back with drives " + FAILED[0] + " and " + FAILED[1] + " failed",
                    String.format(Locale.ROOT, "%d of %d objects verified in %.1f s", verified, items.size(),
                            verifySeconds));
            facts.put("rebuild", String.format(Locale.ROOT, "%d shards in %.1f s", rebuild.shardsRebuilt(),
                    rebuildSeconds));
            facts.put("drives replaced", FAILED[0] + " and " + FAILED[1] + " (blank devices, back in service)");
            facts.put("scrub", scrub.clean() ? "clean" : "not clean");
            List<ReportData.FileType> types = fileTypes(items, config, facts);
            ReportData data = ArrayReport.build(array, after, "flashcore demo", "array " + arrayDir + ", input "
                    + roots, facts, types);
            HtmlReport.write(data, reportFile);
            say("report: %s", reportFile);

            ok = verified == items.size() && ranges[0] == ranges[1] && scrub.clean()
                    && rebuild.unrecoverable().isEmpty();
            result.put("objects", items.size());
            result.put("verified", verified);
            result.put("rangesRead", ranges[1]);
            result.put("rangesVerified", ranges[0]);
            result.put("report", reportFile.toString());
            result.put("logicalBytes", stats.logicalBytes());
            result.put("uniqueBytes", stats.uniqueBytes());
            result.put("storedBytes", stats.storedBytes());
            result.put("physicalBytes", stats.physicalBytes());
            result.put("metadataBytes", stats.metadataBytes());
            result.put("reductionRatio", Bill.round(stats.reductionRatio()));
            result.put("ingestMBps", Bill.round(stats.logicalBytes() / 1e6 / ingestSeconds));
            result.put("failedDrives", List.of(FAILED[0], FAILED[1]));
            result.put("shardsRebuilt", rebuild.shardsRebuilt());
            result.put("drivesReplaced", List.of(FAILED[0], FAILED[1]));
            result.put("scrubClean", scrub.clean());
            result.put("layouts", Bill.json(Bill.price(Bill.PETABYTE, ArrayReport.reduction(stats),
                    ArrayReport.metadataOverhead(stats))));
        } finally {
            if (!keep) {
                deleteTree(arrayDir);
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        result.put("seconds", Bill.round(total));
        result.put("array", keep ? arrayDir.toString() : null);
        if (json) {
            Json j = Json.object();
            result.forEach(j::put);
            out.println(j);
        } else {
            say("%s in %.1f s%s", ok ? "every object verified" : "DEMO FAILED", total,
                    keep ? "; array kept in " + arrayDir : "; array removed");
        }
        return ok ? Main.OK : Main.FAILURE;
    }

    private double ingest(FlashArray array, List<Item> items, long logicalInput) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        try (Progress p = Progress.start("ingest", logicalInput, true, json)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Item it : items) {
                    futures.add(pool.submit(() -> {
                        try (InputStream in = Files.newInputStream(it.file())) {
                            array.put(it.name(), in);
                        }
                        done.addAndGet(it.bytes());
                        synchronized (p) {
                            p.step(it.bytes());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Range reads the demo checks: each up to 64 KiB at a random offset of a random non-empty object. */
    private static final int DEMO_RANGES = 200;

    /**
     * Reads {@link #DEMO_RANGES} ranges of the objects ({@link FlashArray#get(String, long, long, OutputStream)})
     * and compares each with the same bytes of its file; returns {matching, read}.
     */
    private int[] verifyRanges(FlashArray array, List<Item> items) throws Exception {
        List<Item> nonEmpty = items.stream().filter(it -> it.bytes() > 0).toList();
        if (nonEmpty.isEmpty()) {
            return new int[] {0, 0};
        }
        java.util.Random r = new java.util.Random(DEMO_RANGES);
        int same = 0;
        for (int i = 0; i < DEMO_RANGES; i++) {
            Item it = nonEmpty.get(r.nextInt(nonEmpty.size()));
            long offset = (long) (r.nextDouble() * it.bytes());
            int length = 1 + r.nextInt(64 << 10);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            array.get(it.name(), offset, length, got);
            byte[] want;
            try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(it.file())) {
                want = InputFiles.readRange(f, offset, length);
            }
            if (java.util.Arrays.equals(want, got.toByteArray())) {
                same++;
            } else {
                spec.commandLine().getErr().println("flashcore: error: " + got.size() + " bytes at " + offset
                        + " of object '" + it.name() + "' did not verify");
            }
        }
        return new int[] {same, DEMO_RANGES};
    }

    private long verify(FlashArray array, List<Item> items) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        long total = items.stream().mapToLong(Item::bytes).sum();
        AtomicLong verified = new AtomicLong();
        List<String> bad = new ArrayList<>();
        try (Progress p = Progress.start("verify", total, true, json)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Item it : items) {
                    futures.add(pool.submit(() -> {
                        boolean same;
                        try (InputStream expected = Files.newInputStream(it.file());
                             CompareStream cmp = new CompareStream(expected)) {
                            long n = array.get(it.name(), cmp);
                            same = n == it.bytes() && cmp.matchesToEnd();
                        }
                        if (same) {
                            verified.incrementAndGet();
                        } else {
                            synchronized (bad) {
                                bad.add(it.name());
                            }
                        }
                        synchronized (p) {
                            p.step(it.bytes());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (String name : bad) {
            spec.commandLine().getErr().println("flashcore: error: object '" + name + "' did not verify");
        }
        return verified.get();
    }

    /**
     * Reduction by file type, estimated with the array's own reduction settings over a random sample
     * of the input files of at most {@link #TYPE_SAMPLE_BYTES} (the array does not account stored
     * bytes per object: a chunk shared by several objects belongs to none of them alone).
     */
    private List<ReportData.FileType> fileTypes(List<Item> items, ArrayConfig config, Map<String, String> facts)
            throws IOException {
        long total = items.stream().mapToLong(Item::bytes).sum();
        double fraction = Math.min(1.0, (double) TYPE_SAMPLE_BYTES / Math.max(1, total));
        ChunkerSpec spec = ChunkerSpec.withDefaults(ChunkerAlgorithm.fromName(config.chunker()), config.minChunk(),
                config.avgChunk(), config.maxChunk(), null, null);
        ReductionSettings settings = ReductionSettings.DEFAULT.withSimilarity(config.similarity())
                .withSketchVersion(config.sketchVersion()).withCompression(CompressionOptions.DEFAULT.withLevel(config.compressionLevel()));
        Estimator.Estimate e = new Estimator(spec, settings, 256 << 20)
                .run(items.stream().map(Item::file).toList(), fraction, 1, n -> { });
        facts.put("reduction by file type", e.sampledFiles() == e.files() ? "all files, estimated without storing"
                : String.format(Locale.ROOT, "estimated on %d of %d files (+/-%.1f %%)", e.sampledFiles(), e.files(),
                        100 * e.errorBound()));
        List<ReportData.FileType> types = new ArrayList<>();
        for (Estimator.TypeFigures t : e.types()) {
            if (types.size() == 14) {
                break;
            }
            types.add(new ReportData.FileType(t.type(), t.logicalBytes(), t.afterSimilarityBytes()));
        }
        return types;
    }

    private void printBill(ArrayStats s) {
        if (json) {
            return;
        }
        say("");
        say("  logical      %12s", Bill.bytes(s.logicalBytes()));
        say("  after dedup  %12s   x%.2f", Bill.bytes(s.uniqueBytes()), s.dedupRatio());
        say("  stored       %12s   x%.2f (compression and similarity deltas)", Bill.bytes(s.storedBytes()),
                s.compressionRatio());
        say("  physical     %12s   %d+%d parity, shard headers, partly filled stripes", Bill.bytes(s.physicalBytes()),
                K, M);
        say("  metadata     %12s   %.3f %% of logical", Bill.bytes(s.metadataBytes()), 100 * s.metadataFraction());
        say("");
        say("the bill: flash to buy for 1 PB of such data");
        Bill.print(out, Bill.price(Bill.PETABYTE, ArrayReport.reduction(s), ArrayReport.metadataOverhead(s)));
        say("");
    }

    private void say(String format, Object... args) {
        if (!json) {
            out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
            out.flush();
        }
    }

    /** The JDK running this command, plus the shared corpora when they are beside the project. */
    static List<Path> defaultInputs() {
        List<Path> roots = new ArrayList<>();
        roots.add(Paths.get(System.getProperty("java.home")));
        sharedCorpora().ifPresent(roots::add);
        return roots;
    }

    /** {@code ../shared/testdata/corpora} beside the project (launcher's {@code flashcore.home}) or the working directory. */
    static java.util.Optional<Path> sharedCorpora() {
        String configured = System.getProperty("flashcore.testdata", System.getenv("FLASHCORE_TESTDATA"));
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Paths.get(configured).resolve("corpora"));
        }
        String home = System.getProperty("flashcore.home");
        for (Path d = Paths.get(home != null ? home : "").toAbsolutePath(); d != null; d = d.getParent()) {
            candidates.add(d.resolve("shared").resolve("testdata").resolve("corpora"));
        }
        return candidates.stream().filter(Files::isDirectory).findFirst();
    }

    private static List<Item> collect(List<Path> roots, long limit) throws IOException {
        List<Item> items = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        for (Path root : roots) {
            Path r = root.toAbsolutePath().normalize();
            List<Path> files;
            if (Files.isRegularFile(r)) {
                files = List.of(r);
            } else {
                try (Stream<Path> s = Files.walk(r)) {
                    files = s.filter(Files::isRegularFile).filter(Files::isReadable)
                            .sorted(Comparator.naturalOrder()).toList();
                }
            }
            String prefix = r.getFileName() == null ? "root" : r.getFileName().toString();
            for (Path f : files) {
                long size;
                try {
                    size = Files.size(f);
                } catch (IOException e) {
                    continue;
                }
                if (size == 0) {
                    continue;
                }
                if (limit > 0 && total + size > limit) {
                    continue;
                }
                String rel = Files.isRegularFile(r) ? prefix : prefix + "/" + r.relativize(f).toString().replace('\\', '/');
                String name = rel;
                for (int n = 2; !names.add(name); n++) {
                    name = rel + "#" + n;
                }
                items.add(new Item(f, name, size));
                total += size;
            }
        }
        return items;
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** An output stream that compares what is written with an expected input stream. */
    static final class CompareStream extends OutputStream {
        private final InputStream expected;
        private final byte[] buf = new byte[64 * 1024];
        private boolean same = true;

        CompareStream(InputStream expected) {
            this.expected = expected;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0 && same) {
                int n = expected.readNBytes(buf, 0, Math.min(len, buf.length));
                if (n <= 0 || !java.util.Arrays.equals(b, off, off + n, buf, 0, n)) {
                    same = false;
                    return;
                }
                off += n;
                len -= n;
            }
        }

        /** True when everything written matched and the expected stream has nothing left. */
        boolean matchesToEnd() throws IOException {
            return same && expected.read() < 0;
        }
    }
}
