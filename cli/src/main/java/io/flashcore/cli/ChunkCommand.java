package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import io.flashcore.reduction.chunk.ChunkLengths;
import io.flashcore.reduction.chunk.ChunkSink;
import io.flashcore.reduction.chunk.Chunker;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.InvalidChunkerSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore chunk}: chunks files held in memory, prints the chunk count, the bytes and the
 * single-thread speed in GB/s (10^9 bytes) measured after warm-up; optionally the chunk lengths and
 * the dedup ratio (total ÷ unique bytes, SHA-256 over each chunk, across all the files given).
 * Each file is its own stream; folders are walked in sorted order.
 */
@Command(name = "chunk", mixinStandardHelpOptions = true,
        description = "Chunk files in memory; print count, bytes, GB/s (and lengths, dedup ratio).")
public final class ChunkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--algo", defaultValue = "fastcdc2020",
            description = "fastcdc2020 | fastcdc2016 | ronomon | fixed | vector | vector-ae (default: ${DEFAULT-VALUE}).")
    String algo;

    @Option(names = "--min", description = "Smallest chunk in bytes, e.g. 4096 or 4K (default: avg / 4).")
    String min;

    @Option(names = "--avg", description = "Average chunk (fixed: the block) in bytes (default: 16K).")
    String avg;

    @Option(names = "--max", description = "Largest chunk in bytes (default: avg * 4).")
    String max;

    @Option(names = "--level", description = "FastCDC normalisation level 0-3 (default: 1).")
    Integer level;

    @Option(names = "--seed", description = "FastCDC gear seed (default: 0).")
    Long seed;

    @Option(names = "--lengths", description = "Also print every chunk length.")
    boolean lengths;

    @Option(names = "--dedup", description = "Also print the dedup ratio: total / unique bytes, SHA-256 per chunk.")
    boolean dedup;

    @Option(names = "--seconds", defaultValue = "1",
            description = "Seconds to time after warm-up; 0 skips timing (gbPerSec null) (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or folders to chunk.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        ChunkerSpec chunkerSpec = chunkerSpec();
        if (!(seconds >= 0 && seconds <= 600)) {
            throw new UsageException("--seconds must be in [0, 600], got " + seconds);
        }
        List<Path> files = InputFiles.list(inputs);
        try (Arena arena = Arena.ofConfined()) {
            List<MemorySegment> data = new ArrayList<>();
            long bytes = 0;
            for (Path f : files) {
                MemorySegment seg = InputFiles.read(arena, f);
                data.add(seg);
                bytes += seg.byteSize();
            }
            Chunker chunker = chunkerSpec.newChunker();
            ChunkLengths all = new ChunkLengths(1024);
            for (MemorySegment seg : data) {
                chunker.reset();
                chunker.update(seg, all);
                chunker.finish(all);
            }
            double gbPerSec = seconds == 0 ? Double.NaN : bytes == 0 ? 0 : measure(chunker, data, bytes);
            Json out = Json.object()
                    .put("algo", chunkerSpec.algorithm().cliName())
                    .put("identity", chunkerSpec.identity())
                    .put("files", files.size())
                    .put("count", all.size())
                    .put("bytes", bytes)
                    .put("gbPerSec", round(gbPerSec))
                    .put("avgChunkBytes", all.size() == 0 ? 0 : round((double) bytes / all.size()));
            long unique = dedup ? uniqueBytes(chunkerSpec, data) : -1;
            if (dedup) {
                out.put("uniqueBytes", unique).put("dedupRatio", unique == 0 ? 1.0 : round4((double) bytes / unique));
            }
            if (lengths) {
                out.put("lengths", all.toArray());
            }
            print(out, chunkerSpec, all, bytes, gbPerSec, unique);
        }
        return Main.OK;
    }

    private ChunkerSpec chunkerSpec() {
        try {
            ChunkerAlgorithm a = ChunkerAlgorithm.fromName(algo);
            return ChunkerSpec.withDefaults(a, ByteSizes.intBytes("--min", min), ByteSizes.intBytes("--avg", avg), ByteSizes.intBytes("--max", max), level, seed);
        } catch (InvalidChunkerSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Single-thread GB/s over all files: warm-up, then timed passes for about {@link #seconds}. */
    private double measure(Chunker chunker, List<MemorySegment> data, long bytes) {
        long[] chunks = new long[1];
        ChunkSink count = (offset, length) -> chunks[0]++;
        // the Vector API runs interpreted until C2 compiles it, so small inputs need time, not passes
        long warmEnd = System.nanoTime() + (long) (Math.max(0.5, Math.min(seconds, 2.0)) * 1e9);
        for (int pass = 0; pass < 3 || System.nanoTime() < warmEnd; pass++) {
            pass(chunker, data, count);
        }
        long passes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            pass(chunker, data, count);
            passes++;
            now = System.nanoTime();
        } while (now < end || passes < 3);
        return bytes * (double) passes / (now - start);
    }

    private static void pass(Chunker chunker, List<MemorySegment> data, ChunkSink sink) {
        for (MemorySegment seg : data) {
            chunker.reset();
            chunker.update(seg, sink);
            chunker.finish(sink);
        }
    }

    private static long uniqueBytes(ChunkerSpec chunkerSpec, List<MemorySegment> data) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        Set<ByteBuffer> seen = new HashSet<>();
        long[] unique = new long[1];
        Chunker chunker = chunkerSpec.newChunker();
        for (MemorySegment seg : data) {
            ChunkSink sink = (offset, length) -> {
                sha.update(seg.asSlice(offset, length).asByteBuffer());
                if (seen.add(ByteBuffer.wrap(sha.digest()))) {
                    unique[0] += length;
                }
            };
            chunker.reset();
            chunker.update(seg, sink);
            chunker.finish(sink);
        }
        return unique[0];
    }

    private void print(Json out, ChunkerSpec chunkerSpec, ChunkLengths all, long bytes, double gbPerSec, long unique) {
        var w = spec.commandLine().getOut();
        if (json) {
            w.println(out);
            return;
        }
        w.printf(Locale.ROOT, "%s: %d chunks, %d bytes, average %.0f bytes, %s%n", chunkerSpec.identity(), all.size(),
                bytes, all.size() == 0 ? 0.0 : (double) bytes / all.size(),
                Double.isNaN(gbPerSec) ? "not timed" : String.format(Locale.ROOT, "%.3f GB/s (one thread, in memory)", gbPerSec));
        if (dedup) {
            w.printf(Locale.ROOT, "unique bytes %d, dedup ratio %.4f (total / unique, SHA-256 per chunk)%n", unique,
                    unique == 0 ? 1.0 : (double) bytes / unique);
        }
        if (lengths) {
            StringBuilder sb = new StringBuilder("lengths:");
            for (int i = 0; i < all.size(); i++) {
                sb.append(' ').append(all.length(i));
            }
            w.println(sb);
        }
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
