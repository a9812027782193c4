package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import io.flashcore.reduction.chunk.Chunker;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.Chunkers;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.pipeline.InMemoryDedupTable;
import io.flashcore.reduction.pipeline.Reduction;
import io.flashcore.reduction.pipeline.ReductionPipeline;
import io.flashcore.reduction.pipeline.ReductionSettings;
import io.flashcore.reduction.similar.ReferenceCache;
import io.flashcore.reduction.similar.SimilarityIndex;

/**
 * Runs the array's reduction path ({@link ReductionPipeline}: chunk → fingerprint → dedup → delta
 * or compress) over files without storing anything, and accounts the bytes left after each stage,
 * per file type, with a sample of chunk lengths.
 *
 * <p><b>Sampling.</b> With a sample fraction f &lt; 1, the files are cut into 4 MiB pieces and each
 * piece is kept with probability f (a pure function of its path, offset and the seed; at least one
 * piece is kept); the byte figures are scaled by all logical bytes ÷ sampled logical bytes. The
 * stated error bound is the 95 % half-width of the ratio estimator over the sampled pieces (stored ÷
 * logical, with the finite-population correction), relative to the estimate. On top of that
 * sampling error, a sample cannot see duplicates of the pieces it skipped, so dedup is
 * under-counted: that part of the error is one-sided, towards more flash.
 *
 * <p>Not thread-safe: one estimate per instance.
 */
final class Estimator {
    /** Bytes of one sampling unit: a sampled estimate keeps or skips whole pieces of this size. */
    static final long SAMPLE_UNIT_BYTES = 4L << 20;
    /** How many chunk lengths the sample for the histogram keeps. */
    static final int CHUNK_SAMPLE = 50_000;

    /** The figures of one file type (extension). */
    record TypeFigures(String type, long files, long logicalBytes, long afterDedupBytes, long afterSimilarityBytes) {
    }

    /**
     * An estimate. Byte figures are scaled to all input files when sampled.
     *
     * @param afterCompressionBytes dedup then compression only, or -1 when not measured
     * @param errorBound            95 % relative half-width of the reduction estimate; 0 when not sampled
     */
    record Estimate(long files, long sampledFiles, long logicalBytes, long sampledLogicalBytes, long afterDedupBytes,
                    long afterCompressionBytes, long afterSimilarityBytes, long chunks, long uniqueChunks,
                    long deltaChunks, long compressedChunks, long rawChunks, long referenceChunks, double seconds,
                    List<TypeFigures> types, long[] chunkLengthSample, double sampleFraction, double errorBound) {
        /** Logical ÷ after-similarity bytes (1 when empty). */
        double reductionRatio() {
            return afterSimilarityBytes == 0 ? 1 : (double) logicalBytes / afterSimilarityBytes;
        }
    }

    private final ChunkerSpec chunkerSpec;
    private final ReductionSettings settings;
    private final int referenceCacheBytes;
    private final SplittableRandom lengthSampler = new SplittableRandom(42);

    private long chunks;
    private long unique;
    private long deltas;
    private long compressed;
    private long raw;
    private long referencesKept;
    private long nextId;
    private long fileLogical;
    private long fileDedup;
    private long fileCompression;
    private long fileSimilarity;
    private final long[] lengths = new long[CHUNK_SAMPLE];
    private long lengthsSeen;

    Estimator(ChunkerSpec chunkerSpec, ReductionSettings settings, int referenceCacheBytes) {
        this.chunkerSpec = chunkerSpec;
        this.settings = settings;
        this.referenceCacheBytes = referenceCacheBytes;
    }

    /** The type a file is counted under: its lower-case extension, or {@code (none)}. */
    static String typeOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        if (dot <= 0 || dot == n.length() - 1 || n.length() - dot > 12) {
            return "(none)";
        }
        return n.substring(dot).toLowerCase(Locale.ROOT);
    }

    /** A piece of one input file that is reduced (or skipped) as a whole. */
    private record Unit(Path file, long offset, long length, boolean firstOfFile) {
    }

    /**
     * Estimates {@code files}.
     *
     * @param sampleFraction fraction of the input to reduce, in (0, 1]; below 1 the files are cut
     *                       into {@link #SAMPLE_UNIT_BYTES} pieces and each piece is kept with this probability
     * @param seed           picks the sample
     * @param progress       told the logical bytes of each piece when done
     */
    Estimate run(List<Path> files, double sampleFraction, long seed, LongConsumer progress) throws IOException {
        if (!(sampleFraction > 0 && sampleFraction <= 1)) {
            throw new UsageException("--sample must be in (0, 1], got " + sampleFraction);
        }
        List<Unit> all = new ArrayList<>();
        List<Unit> chosen = new ArrayList<>();
        long totalLogical = 0;
        for (Path f : files) {
            long size = Files.size(f);
            totalLogical += size;
            long step = sampleFraction >= 1 ? Math.max(1, size) : SAMPLE_UNIT_BYTES;
            for (long off = 0; off < Math.max(1, size); off += step) {
                Unit u = new Unit(f, off, Math.min(step, size - off), off == 0);
                all.add(u);
                if (sampleFraction >= 1 || keep(f, off, seed) < sampleFraction) {
                    chosen.add(u);
                }
            }
        }
        if (chosen.isEmpty() && !all.isEmpty()) {
            chosen.add(all.get(Math.floorMod(Long.hashCode(seed), all.size())));
        }
        Map<String, long[]> types = new TreeMap<>();
        java.util.Set<Path> touched = new java.util.HashSet<>();
        List<double[]> perUnit = new ArrayList<>();
        long logical = 0;
        long afterDedup = 0;
        long afterCompression = 0;
        long afterSimilarity = 0;
        long start = System.nanoTime();
        Chunker ch = Chunkers.of(chunkerSpec);
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                ReferenceCache cache = new ReferenceCache(referenceCacheBytes);
                ReductionPipeline pipeline = new ReductionPipeline(settings, new InMemoryDedupTable(),
                        new SimilarityIndex(), cache, dicts, null)) {
            MemorySegment out = arena.allocate(ReductionPipeline.maxRecordLength(chunkerSpec.maxBytes()), 64);
            for (Unit u : chosen) {
                fileLogical = 0;
                fileDedup = 0;
                fileCompression = 0;
                fileSimilarity = 0;
                reduce(u, ch, pipeline, cache, out);
                logical += fileLogical;
                afterDedup += fileDedup;
                afterCompression += fileCompression;
                afterSimilarity += fileSimilarity;
                long[] t = types.computeIfAbsent(typeOf(u.file()), k -> new long[4]);
                if (touched.add(u.file())) {
                    t[0]++;
                }
                t[1] += fileLogical;
                t[2] += fileDedup;
                t[3] += fileSimilarity;
                perUnit.add(new double[] {fileLogical, fileSimilarity});
                progress.accept(fileLogical);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double scale = logical == 0 ? 1 : (double) totalLogical / logical;
        List<TypeFigures> typeList = new ArrayList<>();
        types.forEach((type, t) -> typeList.add(new TypeFigures(type, t[0], Math.round(t[1] * scale),
                Math.round(t[2] * scale), Math.round(t[3] * scale))));
        typeList.sort(Comparator.comparingLong(TypeFigures::logicalBytes).reversed());
        boolean sampled = chosen.size() < all.size();
        double fraction = (double) chosen.size() / Math.max(1, all.size());
        double bound = sampled ? relativeErrorBound(perUnit, fraction) : 0;
        long[] sample = java.util.Arrays.copyOf(lengths, (int) Math.min(lengthsSeen, CHUNK_SAMPLE));
        return new Estimate(files.size(), touched.size(), totalLogical, logical, Math.round(afterDedup * scale),
                settings.measurePlain() || !settings.similarity() ? Math.round(afterCompression * scale) : -1,
                Math.round(afterSimilarity * scale), chunks, unique, deltas, compressed, raw, referencesKept, seconds,
                typeList, sample, sampled ? fraction : 1, bound);
    }

    /** 95 % relative half-width of the ratio estimator Σy/Σx over sampled (x = logical, y = stored) pairs. */
    static double relativeErrorBound(List<double[]> pairs, double samplingFraction) {
        int n = pairs.size();
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double sx = 0;
        double sy = 0;
        for (double[] p : pairs) {
            sx += p[0];
            sy += p[1];
        }
        if (sx == 0 || sy == 0) {
            return 0;
        }
        double r = sy / sx;
        double meanX = sx / n;
        double ss = 0;
        for (double[] p : pairs) {
            double d = p[1] - r * p[0];
            ss += d * d;
        }
        double variance = (1 - samplingFraction) * ss / (n - 1) / (n * meanX * meanX);
        return 1.96 * Math.sqrt(variance) / r;
    }

    private static double keep(Path f, long offset, long seed) {
        long h = (f.toAbsolutePath().normalize().toString().hashCode() * 0x9E3779B97F4A7C15L + offset)
                * 0xC2B2AE3D27D4EB4FL + seed;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53;
    }

    private void reduce(Unit u, Chunker ch, ReductionPipeline pipeline, ReferenceCache cache, MemorySegment out)
            throws IOException {
        try (Arena fileArena = Arena.ofConfined();
             FileChannel fc = FileChannel.open(u.file(), StandardOpenOption.READ)) {
            long size = Math.min(u.length(), fc.size() - u.offset());
            if (size <= 0) {
                return;
            }
            MemorySegment data = fc.map(FileChannel.MapMode.READ_ONLY, u.offset(), size, fileArena);
            ch.reset();
            ch.update(data, (offset, length) -> reduceChunk(data.asSlice(offset, length), pipeline, cache, out));
            ch.finish((offset, length) -> reduceChunk(data.asSlice(offset, length), pipeline, cache, out));
        }
    }

    private void reduceChunk(MemorySegment chunk, ReductionPipeline pipeline, ReferenceCache cache, MemorySegment out) {
        Reduction r = pipeline.reduce(chunk, nextId++, out);
        chunks++;
        fileLogical += r.logicalBytes();
        if (lengthsSeen < CHUNK_SAMPLE) {
            lengths[(int) lengthsSeen] = r.logicalBytes();
        } else {
            long j = lengthSampler.nextLong(lengthsSeen + 1);
            if (j < CHUNK_SAMPLE) {
                lengths[(int) j] = r.logicalBytes();
            }
        }
        lengthsSeen++;
        switch (r.kind()) {
            case DEDUP -> {
                return;
            }
            case DELTA -> deltas++;
            case COMPRESSED -> compressed++;
            case RAW -> raw++;
        }
        unique++;
        fileDedup += r.logicalBytes();
        fileSimilarity += r.storedBytes();
        fileCompression += r.plainBytes() >= 0 ? r.plainBytes() : r.storedBytes();
        if (r.reference()) {
            cache.put(r.chunkId(), chunk);
            referencesKept++;
        }
    }
}
