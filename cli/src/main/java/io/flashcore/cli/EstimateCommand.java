package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.flashcore.reduction.chunk.Chunker;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.Chunkers;
import io.flashcore.reduction.chunk.InvalidChunkerSpecException;
import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.ZstdLevels;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.pipeline.InMemoryDedupTable;
import io.flashcore.reduction.pipeline.Reduction;
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
 * {@code flashcore estimate PATH…}: runs the array's reduction path ({@link ReductionPipeline}:
 * chunk → fingerprint → dedup → delta or compress) over files and folders without storing
 * anything, and prints the bytes left after each stage.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimate how far data reduces: dedup, then compression, then similarity (delta) reduction.")
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (read recursively).")
    List<Path> inputs;

    @Option(names = "--chunker", defaultValue = "fastcdc2020",
            description = "fastcdc2020 | fastcdc2016 | ronomon | fixed | vector (default: ${DEFAULT-VALUE}).")
    String chunker;

    @Option(names = "--avg", description = "Average chunk (fixed: the block) in bytes, e.g. 16K (default: 16K).")
    String avg;

    @Option(names = "--min", description = "Smallest chunk in bytes (default: avg / 4).")
    String min;

    @Option(names = "--max", description = "Largest chunk in bytes (default: avg * 4).")
    String max;

    @Option(names = "--level", description = "zstd level (default: ${DEFAULT-VALUE}).")
    int level = ZstdLevels.DEFAULT;

    @Option(names = "--fingerprint", defaultValue = "blake3", description = "blake3 | sha256 (default: ${DEFAULT-VALUE}).")
    String fingerprint;

    @Option(names = "--similarity", defaultValue = "on", description = "on | off: delta reduction against similar chunks (default: ${DEFAULT-VALUE}).")
    String similarity;

    @Option(names = "--min-savings", description = "Store raw unless compression saves this fraction (default: 0.0625).")
    double minSavings = CompressionOptions.DEFAULT.minSavings();

    @Option(names = "--reference-cache", description = "Bytes of reference chunks kept for delta encoding (default: 256M).")
    String referenceCache = "256M";

    @Option(names = "--no-compare", description = "Do not compress delta-encoded chunks plainly too (faster; the array's write path): afterCompressionBytes becomes null.")
    boolean noCompare;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    private long logical;
    private long afterDedup;
    private long afterCompression;
    private long afterSimilarity;
    private long chunks;
    private long unique;
    private long deltas;
    private long compressed;
    private long raw;
    private long referencesKept;
    private long nextId;

    @Override
    public Integer call() throws IOException {
        ChunkerSpec chunkerSpec = chunkerSpec();
        boolean similar = switch (similarity.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new UsageException("--similarity must be on or off, got '" + similarity + "'");
        };
        FingerprintKind kind = switch (fingerprint.toLowerCase(java.util.Locale.ROOT)) {
            case "blake3" -> FingerprintKind.BLAKE3_256_V1;
            case "sha256" -> FingerprintKind.SHA256_V1;
            default -> throw new UsageException("--fingerprint must be blake3 or sha256, got '" + fingerprint + "'");
        };
        CompressionOptions compression;
        try {
            compression = CompressionOptions.DEFAULT.withLevel(level).withMinSavings(minSavings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Integer cacheBytes = ChunkCommand.size("--reference-cache", referenceCache);
        if (cacheBytes < (1 << 20)) {
            throw new UsageException("--reference-cache must be at least 1M, got " + referenceCache);
        }
        ReductionSettings settings = ReductionSettings.DEFAULT.withFingerprint(kind).withCompression(compression)
                .withSimilarity(similar).withMeasurePlain(!noCompare);
        List<Path> files = files();
        Chunker ch = Chunkers.of(chunkerSpec);
        long start = System.nanoTime();
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                ReferenceCache cache = new ReferenceCache(cacheBytes);
                ReductionPipeline pipeline = new ReductionPipeline(settings, new InMemoryDedupTable(),
                        new SimilarityIndex(), cache, dicts, null)) {
            MemorySegment out = arena.allocate(ReductionPipeline.maxRecordLength(chunkerSpec.maxBytes()), 64);
            for (Path f : files) {
                reduceFile(f, ch, pipeline, cache, out);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print(files.size(), seconds, chunkerSpec, settings);
        return Main.OK;
    }

    private void reduceFile(Path f, Chunker ch, ReductionPipeline pipeline, ReferenceCache cache, MemorySegment out)
            throws IOException {
        try (Arena fileArena = Arena.ofConfined(); FileChannel fc = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = fc.size();
            if (size == 0) {
                return;
            }
            MemorySegment data = fc.map(FileChannel.MapMode.READ_ONLY, 0, size, fileArena);
            ch.reset();
            ch.update(data, (offset, length) -> reduceChunk(data.asSlice(offset, length), pipeline, cache, out));
            ch.finish((offset, length) -> reduceChunk(data.asSlice(offset, length), pipeline, cache, out));
        }
    }

    private void reduceChunk(MemorySegment chunk, ReductionPipeline pipeline, ReferenceCache cache, MemorySegment out) {
        Reduction r = pipeline.reduce(chunk, nextId++, out);
        chunks++;
        logical += r.logicalBytes();
        switch (r.kind()) {
            case DEDUP -> {
                return;
            }
            case DELTA -> deltas++;
            case COMPRESSED -> compressed++;
            case RAW -> raw++;
        }
        unique++;
        afterDedup += r.logicalBytes();
        afterSimilarity += r.storedBytes();
        afterCompression += r.plainBytes() >= 0 ? r.plainBytes() : r.logicalBytes();
        if (r.reference()) {
            cache.put(r.chunkId(), chunk);
            referencesKept++;
        }
    }

    private void print(int fileCount, double seconds, ChunkerSpec chunkerSpec, ReductionSettings settings) {
        var out = spec.commandLine().getOut();
        Long afterComp = noCompare && settings.similarity() ? null : afterCompression;
        double mbps = logical / 1e6 / seconds;
        if (json) {
            out.println(Json.object()
                    .put("logicalBytes", logical)
                    .put("afterDedupBytes", afterDedup)
                    .put("afterCompressionBytes", afterComp)
                    .put("afterSimilarityBytes", afterSimilarity)
                    .put("dedupRatio", ratio(logical, afterDedup))
                    .put("compressionRatio", afterComp == null ? null : ratio(logical, afterComp))
                    .put("reductionRatio", ratio(logical, afterSimilarity))
                    .put("similarityGain", afterComp == null ? null : ratio(afterComp, afterSimilarity))
                    .put("files", fileCount)
                    .put("chunks", chunks)
                    .put("uniqueChunks", unique)
                    .put("deltaChunks", deltas)
                    .put("compressedChunks", compressed)
                    .put("rawChunks", raw)
                    .put("referenceChunks", referencesKept)
                    .put("seconds", BenchCompressCommand.round(seconds, 3))
                    .put("mbPerSec", BenchCompressCommand.round(mbps, 1))
                    .put("settings", Json.object()
                            .put("chunker", chunkerSpec.algorithm().cliName())
                            .put("minBytes", chunkerSpec.minBytes())
                            .put("avgBytes", chunkerSpec.avgBytes())
                            .put("maxBytes", chunkerSpec.maxBytes())
                            .put("fingerprint", settings.fingerprint().label())
                            .put("level", settings.compression().level())
                            .put("minSavings", settings.compression().minSavings())
                            .put("similarity", settings.similarity())
                            .put("sketchSampling", settings.sketchSampling())
                            .put("sketchBackoff", settings.sketchBackoff())));
        } else {
            out.printf("logical            %,d bytes in %d files, %,d chunks%n", logical, fileCount, chunks);
            out.printf("after dedup        %,d bytes (x%.3f), %,d unique chunks%n", afterDedup, ratio(logical, afterDedup), unique);
            if (afterComp != null) {
                out.printf("after compression  %,d bytes (x%.3f)%n", afterComp, ratio(logical, afterComp));
            }
            out.printf("after similarity   %,d bytes (x%.3f): %,d delta, %,d compressed, %,d raw chunks%n",
                    afterSimilarity, ratio(logical, afterSimilarity), deltas, compressed, raw);
            out.printf("took %.2f s (%.1f MB/s)%n", seconds, mbps);
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? (a == 0 ? 1.0 : Double.POSITIVE_INFINITY) : BenchCompressCommand.round((double) a / b, 4);
    }

    private ChunkerSpec chunkerSpec() {
        try {
            ChunkerAlgorithm a = ChunkerAlgorithm.fromName(chunker);
            return ChunkerSpec.withDefaults(a, ChunkCommand.size("--min", min), ChunkCommand.size("--avg", avg),
                    ChunkCommand.size("--max", max), null, null);
        } catch (InvalidChunkerSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(p.toString(), null, "no such file or folder");
            }
        }
        return files;
    }
}
