package io.flashcore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.flashcore.placement.capacity.CapacityBreakdown;
import io.flashcore.placement.capacity.ReductionFigures;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.InvalidChunkerSpecException;
import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.compress.ZstdLevels;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.pipeline.ReductionSettings;
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

    @Option(names = "--sample", paramLabel = "FRACTION", defaultValue = "1",
            description = "Reduce only this fraction of the files, chosen at random, and scale; the error bound is printed (default: ${DEFAULT-VALUE}, everything).")
    double sample;

    @Option(names = "--seed", defaultValue = "1", description = "Picks the sampled files (default: ${DEFAULT-VALUE}).")
    long seed;

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
        Integer cacheBytes = ByteSizes.intBytes("--reference-cache", referenceCache);
        if (cacheBytes < (1 << 20)) {
            throw new UsageException("--reference-cache must be at least 1M, got " + referenceCache);
        }
        if (!(sample > 0 && sample <= 1)) {
            throw new UsageException("--sample must be in (0, 1], got " + sample);
        }
        ReductionSettings settings = ReductionSettings.DEFAULT.withFingerprint(kind).withCompression(compression)
                .withSimilarity(similar).withMeasurePlain(!noCompare);
        List<Path> files = InputFiles.list(inputs);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        Estimator.Estimate e;
        try (Progress p = Progress.start("estimate", Math.round(total * sample), true, json)) {
            e = new Estimator(chunkerSpec, settings, cacheBytes).run(files, sample, seed, p::step);
        }
        print(e, chunkerSpec, settings);
        return Main.OK;
    }

    /** The bill of an estimate: every standard layout, with the metadata overhead modelled from chunk counts. */
    static List<CapacityBreakdown> bill(Estimator.Estimate e) {
        ReductionFigures r = e.logicalBytes() == 0 ? ReductionFigures.NONE
                : ReductionFigures.ofBytes(e.logicalBytes(), Math.max(1, e.afterDedupBytes()),
                        Math.max(1, e.afterSimilarityBytes()));
        double scale = e.sampledLogicalBytes() == 0 ? 1 : (double) e.logicalBytes() / e.sampledLogicalBytes();
        double meta = Bill.modelledMetadataOverhead(Math.round(e.chunks() * scale), Math.round(e.uniqueChunks() * scale),
                e.afterSimilarityBytes());
        return Bill.price(Bill.PETABYTE, r, meta);
    }

    /** The estimated data itself ({@code logicalBytes} of it) priced like {@link #bill} under one layout. */
    static CapacityBreakdown priceOne(Estimator.Estimate e, io.flashcore.placement.capacity.Layout layout) {
        CapacityBreakdown any = bill(e).getFirst();
        return io.flashcore.placement.capacity.CapacityModel.price(e.logicalBytes(), layout, any.reduction(),
                any.metadataFactor() - 1, Bill.rebuildReserve(layout));
    }

    private void print(Estimator.Estimate e, ChunkerSpec chunkerSpec, ReductionSettings settings) {
        var out = spec.commandLine().getOut();
        Long afterComp = e.afterCompressionBytes() < 0 ? null : e.afterCompressionBytes();
        double mbps = e.sampledLogicalBytes() / 1e6 / Math.max(1e-9, e.seconds());
        List<CapacityBreakdown> bill = bill(e);
        if (json) {
            List<Json> types = new ArrayList<>();
            for (Estimator.TypeFigures t : e.types()) {
                types.add(Json.object().put("type", t.type()).put("files", t.files())
                        .put("logicalBytes", t.logicalBytes()).put("afterDedupBytes", t.afterDedupBytes())
                        .put("afterSimilarityBytes", t.afterSimilarityBytes())
                        .put("reductionRatio", ratio(t.logicalBytes(), t.afterSimilarityBytes())));
            }
            out.println(Json.object()
                    .put("logicalBytes", e.logicalBytes())
                    .put("afterDedupBytes", e.afterDedupBytes())
                    .put("afterCompressionBytes", afterComp)
                    .put("afterSimilarityBytes", e.afterSimilarityBytes())
                    .put("dedupRatio", ratio(e.logicalBytes(), e.afterDedupBytes()))
                    .put("compressionRatio", afterComp == null ? null : ratio(e.logicalBytes(), afterComp))
                    .put("reductionRatio", ratio(e.logicalBytes(), e.afterSimilarityBytes()))
                    .put("similarityGain", afterComp == null ? null : ratio(afterComp, e.afterSimilarityBytes()))
                    .put("layouts", Bill.json(bill))
                    .put("fileTypes", types)
                    .put("files", e.files())
                    .put("sampledFiles", e.sampledFiles())
                    .put("sampleFraction", e.sampleFraction())
                    .put("errorBound", Double.isInfinite(e.errorBound()) ? null : Bill.round(e.errorBound()))
                    .put("chunks", e.chunks())
                    .put("uniqueChunks", e.uniqueChunks())
                    .put("deltaChunks", e.deltaChunks())
                    .put("compressedChunks", e.compressedChunks())
                    .put("rawChunks", e.rawChunks())
                    .put("referenceChunks", e.referenceChunks())
                    .put("seconds", BenchCompressCommand.round(e.seconds(), 3))
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
                            .put("sketchVersion", settings.sketchVersion())
                            .put("sketchBackoff", settings.sketchBackoff())));
            return;
        }
        out.printf("logical            %,d bytes in %d files, %,d chunks%n", e.logicalBytes(), e.files(), e.chunks());
        if (e.sampledFiles() < e.files()) {
            out.printf("sampled            %d of %d files (%,d bytes); figures scaled; reduction within +/-%.1f %% (95 %%),"
                    + " cross-file dedup under-counted%n", e.sampledFiles(), e.files(), e.sampledLogicalBytes(),
                    100 * e.errorBound());
        }
        out.printf("after dedup        %,d bytes (x%.3f), %,d unique chunks%n", e.afterDedupBytes(),
                ratio(e.logicalBytes(), e.afterDedupBytes()), e.uniqueChunks());
        if (afterComp != null) {
            out.printf("after compression  %,d bytes (x%.3f)%n", afterComp, ratio(e.logicalBytes(), afterComp));
        }
        out.printf("after similarity   %,d bytes (x%.3f): %,d delta, %,d compressed, %,d raw chunks%n",
                e.afterSimilarityBytes(), ratio(e.logicalBytes(), e.afterSimilarityBytes()), e.deltaChunks(),
                e.compressedChunks(), e.rawChunks());
        out.printf("took %.2f s (%.1f MB/s)%n%n", e.seconds(), mbps);
        out.println("by file type (largest first):");
        int shown = 0;
        for (Estimator.TypeFigures t : e.types()) {
            if (shown++ == 12) {
                out.printf("  ... %d more types%n", e.types().size() - 12);
                break;
            }
            out.printf("  %-12s %6d files %12s -> %12s  x%.2f%n", t.type(), t.files(), Bill.bytes(t.logicalBytes()),
                    Bill.bytes(t.afterSimilarityBytes()), ratio(t.logicalBytes(), t.afterSimilarityBytes()));
        }
        out.println();
        out.println("the bill: flash to buy for 1 PB of such data");
        Bill.print(out, bill);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? (a == 0 ? 1.0 : Double.POSITIVE_INFINITY) : BenchCompressCommand.round((double) a / b, 4);
    }

    private ChunkerSpec chunkerSpec() {
        try {
            ChunkerAlgorithm a = ChunkerAlgorithm.fromName(chunker);
            return ChunkerSpec.withDefaults(a, ByteSizes.intBytes("--min", min), ByteSizes.intBytes("--avg", avg),
                    ByteSizes.intBytes("--max", max), null, null);
        } catch (InvalidChunkerSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

}
