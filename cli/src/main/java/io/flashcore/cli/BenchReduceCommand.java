package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.flashcore.reduction.chunk.Chunker;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.Chunkers;
import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.ZstdLevels;
import io.flashcore.reduction.pipeline.InMemoryDedupTable;
import io.flashcore.reduction.pipeline.Reduction;
import io.flashcore.reduction.pipeline.ReductionKind;
import io.flashcore.reduction.pipeline.ReductionPipeline;
import io.flashcore.reduction.pipeline.ReductionSettings;
import io.flashcore.reduction.similar.ReferenceCache;
import io.flashcore.reduction.similar.SimilarityIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench reduce}: the array's write-path reduction (fingerprint → dedup → delta or
 * compress) over files held in memory and chunked beforehand, on one thread, with similarity off
 * and on in alternating passes after a warm-up, so the cost of similarity is a ratio measured in
 * one process under the same load.
 */
@Command(name = "reduce", mixinStandardHelpOptions = true,
        description = "Time the reduction pipeline with similarity off and on (alternating passes); print MB/s, ratios and the cost of similarity (from thread CPU time).")
public final class BenchReduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (read recursively, held in memory).")
    List<Path> inputs;

    @Option(names = "--avg", description = "Average FastCDC 2020 chunk in bytes (default: 16K).")
    String avg;

    @Option(names = "--level", description = "zstd level (default: ${DEFAULT-VALUE}).")
    int level = ZstdLevels.DEFAULT;

    @Option(names = "--sampling", description = "Similarity sketch sampling: one position in N, a power of two (default: ${DEFAULT-VALUE}).")
    int sampling = io.flashcore.reduction.similar.SimilaritySketcher.DEFAULT_SAMPLING;

    @Option(names = "--sketch-version", description = "Similarity sketch definition: 1 (Gear-sampled) or 2 (anchored "
            + "windows) (default: ${DEFAULT-VALUE}).")
    int sketchVersion = io.flashcore.reduction.similar.SimilaritySketcher.VERSION;

    @Option(names = "--backoff", description = "Sketch only 1 in 4 unique chunks after N in a row found no similar reference; 0 never backs off (default: ${DEFAULT-VALUE}).")
    int backoff = ReductionSettings.DEFAULT_SKETCH_BACKOFF;

    @Option(names = "--rounds", description = "Timed passes per mode (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    private record Pass(double seconds, double cpuSeconds, long stored, long deltas) {
    }

    @Override
    public Integer call() throws IOException {
        if (rounds < 1) {
            throw new UsageException("--rounds must be at least 1, got " + rounds);
        }
        CompressionOptions compression;
        try {
            compression = CompressionOptions.DEFAULT.withLevel(level);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Integer avgBytes = ByteSizes.intBytes("--avg", avg);
        ChunkerSpec chunkerSpec = ChunkerSpec.withDefaults(io.flashcore.reduction.chunk.ChunkerAlgorithm.FASTCDC2020,
                null, avgBytes, null, null, null);
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> chunks = new ArrayList<>();
            long logical = 0;
            Chunker chunker = Chunkers.of(chunkerSpec);
            for (Path f : InputFiles.list(inputs)) {
                MemorySegment data = BenchCompressCommand.read(f, arena);
                if (data.byteSize() == 0) {
                    continue;
                }
                logical += data.byteSize();
                chunker.reset();
                chunker.update(data, (off, len) -> chunks.add(data.asSlice(off, len)));
                chunker.finish((off, len) -> chunks.add(data.asSlice(off, len)));
            }
            if (chunks.isEmpty()) {
                throw new UsageException("no data in " + inputs);
            }
            ReductionSettings off = ReductionSettings.DEFAULT.withCompression(compression).withSimilarity(false);
            ReductionSettings on;
            try {
                on = off.withSimilarity(true).withSketchSampling(sampling).withSketchBackoff(backoff);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--sampling: " + e.getMessage());
            }
            try {
                on = on.withSketchVersion(sketchVersion);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--sketch-version: " + e.getMessage());
            }
            MemorySegment out = arena.allocate(ReductionPipeline.maxRecordLength(chunkerSpec.maxBytes()), 64);
            pass(chunks, off, out);
            pass(chunks, on, out);
            double[] offSecs = new double[rounds];
            double[] onSecs = new double[rounds];
            double[] offCpu = new double[rounds];
            double[] onCpu = new double[rounds];
            Pass offPass = null;
            Pass onPass = null;
            for (int r = 0; r < rounds; r++) {
                offPass = pass(chunks, off, out);
                onPass = pass(chunks, on, out);
                offSecs[r] = offPass.seconds();
                onSecs[r] = onPass.seconds();
                offCpu[r] = offPass.cpuSeconds();
                onCpu[r] = onPass.cpuSeconds();
            }
            double offMBps = logical / median(offSecs) / 1e6;
            double onMBps = logical / median(onSecs) / 1e6;
            double offCpuMBps = logical / median(offCpu) / 1e6;
            double onCpuMBps = logical / median(onCpu) / 1e6;
            double cost = 1 - onCpuMBps / offCpuMBps;
            var o = spec.commandLine().getOut();
            if (json) {
                o.println(Json.object()
                        .put("logicalBytes", logical)
                        .put("chunks", chunks.size())
                        .put("storedBytesOff", offPass.stored())
                        .put("storedBytesOn", onPass.stored())
                        .put("ratioOff", BenchCompressCommand.round((double) logical / offPass.stored(), 4))
                        .put("ratioOn", BenchCompressCommand.round((double) logical / onPass.stored(), 4))
                        .put("similarityGain", BenchCompressCommand.round((double) offPass.stored() / onPass.stored(), 4))
                        .put("deltaChunks", onPass.deltas())
                        .put("offMBps", BenchCompressCommand.round(offMBps, 1))
                        .put("onMBps", BenchCompressCommand.round(onMBps, 1))
                        .put("offMBpsCpu", BenchCompressCommand.round(offCpuMBps, 1))
                        .put("onMBpsCpu", BenchCompressCommand.round(onCpuMBps, 1))
                        .put("similarityCost", BenchCompressCommand.round(cost, 4))
                        .put("similarityCostWall", BenchCompressCommand.round(1 - onMBps / offMBps, 4))
                        .put("rounds", rounds)
                        .put("level", level)
                        .put("sampling", sampling)
                        .put("sketchVersion", sketchVersion)
                        .put("backoff", backoff)
                        .put("avgBytes", chunkerSpec.avgBytes()));
            } else {
                o.printf("%,d bytes, %,d chunks: similarity off x%.3f at %.1f MB/s, on x%.3f at %.1f MB/s (gain x%.3f, cost %.1f%%)%n",
                        logical, chunks.size(), (double) logical / offPass.stored(), offMBps,
                        (double) logical / onPass.stored(), onMBps, (double) offPass.stored() / onPass.stored(), cost * 100);
            }
            return Main.OK;
        }
    }

    private static Pass pass(List<MemorySegment> chunks, ReductionSettings settings, MemorySegment out) {
        long stored = 0;
        long deltas = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (DictionaryRegistry dicts = new DictionaryRegistry(); ReferenceCache cache = new ReferenceCache(256L << 20);
                ReductionPipeline p = new ReductionPipeline(settings, new InMemoryDedupTable(), new SimilarityIndex(),
                        cache, dicts, null)) {
            long id = 0;
            for (MemorySegment c : chunks) {
                Reduction r = p.reduce(c, id++, out);
                stored += r.storedBytes();
                if (r.kind() == ReductionKind.DELTA) {
                    deltas++;
                }
                if (r.reference()) {
                    cache.put(r.chunkId(), c);
                }
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        return new Pass((System.nanoTime() - start) / 1e9, cpu / 1e9, stored, deltas);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
