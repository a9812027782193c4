package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.flashcore.reduction.hash.Blake3;
import io.flashcore.reduction.hash.Blake3Hasher;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.hash.Fingerprinter;
import io.flashcore.reduction.hash.Fingerprints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench hash}: fingerprint throughput of one file held in memory, on one thread, after a
 * warm-up. GB = 10^9 bytes.
 */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = {"Hash FILE in memory on one thread after a warm-up and print the speed and the digest.",
            "Without --chunk: the digest of the whole file (as b3sum or sha256sum print it).",
            "With --chunk: the file is cut into independent chunks of BYTES (the last one shorter), all",
            "fingerprinted by one batch call, and the digest printed is the hash (same algorithm) of the",
            "concatenated 32-byte chunk digests, in file order."})
public final class BenchHashCommand implements Callable<Integer> {
    /** Hash algorithms this command measures. */
    enum Algo {
        blake3, sha256
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", required = true, description = "blake3 or sha256.")
    Algo algo;

    @Option(names = "--chunk", paramLabel = "BYTES",
            description = "Fingerprint independent chunks of BYTES (1..2^31-1) through the batch API.")
    Integer chunk;

    @Option(names = "--warmup-seconds", defaultValue = "1", description = "Seconds of warm-up (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "2", description = "Seconds to time, at least one pass (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to hash (read into memory first).")
    Path file;

    private Fingerprinter fingerprinter;
    private Blake3Hasher hasher;
    private int[] lengths;
    private MemorySegment digests;

    @Override
    public Integer call() throws IOException {
        if (chunk != null && chunk < 1) {
            throw new UsageException("--chunk must be 1..2147483647 bytes, got " + chunk);
        }
        if (!(seconds > 0) || !(warmupSeconds >= 0)) {
            throw new UsageException("--seconds must be > 0 and --warmup-seconds >= 0, got " + seconds + " and " + warmupSeconds);
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("FILE must be a readable regular file, got " + file);
        }
        FingerprintKind kind = algo == Algo.blake3 ? FingerprintKind.BLAKE3_256_V1 : FingerprintKind.SHA256_V1;
        fingerprinter = Fingerprints.of(kind);
        hasher = Blake3.newHasher();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = read(arena, file);
            long size = data.byteSize();
            if (chunk != null) {
                long count = Math.max(1, (size + chunk - 1) / chunk);
                if (count > Integer.MAX_VALUE / FingerprintKind.BYTES) {
                    throw new UsageException("--chunk " + chunk + " cuts " + file + " into too many chunks (" + count + ")");
                }
                lengths = new int[(int) count];
                for (int i = 0; i < count; i++) {
                    lengths[i] = (int) Math.min(chunk, size - (long) i * chunk);
                }
                digests = arena.allocate(count * FingerprintKind.BYTES, 64);
            }
            byte[] digest = new byte[FingerprintKind.BYTES];
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            do {
                pass(data, digest);
            } while (System.nanoTime() < warmEnd);
            long passes = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now = start;
            long fastest = Long.MAX_VALUE;
            do {
                long before = now;
                pass(data, digest);
                passes++;
                now = System.nanoTime();
                fastest = Math.min(fastest, now - before);
            } while (now < end);
            double bestGbPerSec = size / (double) fastest;
            double elapsed = (now - start) / 1e9;
            double gbPerSec = size * (double) passes / elapsed / 1e9;
            String hex = HexFormat.of().formatHex(digest);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object().put("gbPerSec", gbPerSec).put("digest", hex)
                        .put("algo", algo.name()).put("kind", kind.label()).put("bytes", size)
                        .put("chunk", chunk).put("chunks", chunk == null ? null : lengths.length)
                        .put("digestOf", chunk == null ? "file" : "concatenated chunk digests")
                        .put("bestGbPerSec", bestGbPerSec).put("passes", passes).put("seconds", elapsed)
                        .put("vectorized", algo == Algo.blake3 && Blake3.isVectorized()));
            } else {
                out.printf(Locale.ROOT, "%s  %s%n", hex, file);
                out.printf(Locale.ROOT, "%s %s: %.3f GB/s, best pass %.3f GB/s (%d passes over %d bytes in %.2f s, one thread%s)%n",
                        algo, chunk == null ? "whole file" : "chunks of " + chunk + " bytes", gbPerSec, bestGbPerSec, passes, size,
                        elapsed, algo == Algo.blake3 ? (Blake3.isVectorized() ? ", 512-bit lanes" : ", scalar") : "");
            }
        }
        return Main.OK;
    }

    private void pass(MemorySegment data, byte[] digest) {
        MemorySegment out = MemorySegment.ofArray(digest);
        if (chunk == null) {
            if (algo == Algo.blake3) {
                hasher.reset().update(data).digest(out);
            } else {
                fingerprinter.fingerprint(data, 0, data.byteSize(), out, 0);
            }
        } else {
            fingerprinter.fingerprintConsecutive(data, 0, lengths, 0, lengths.length, digests, 0);
            fingerprinter.fingerprint(digests, 0, digests.byteSize(), out, 0);
        }
    }

    private static MemorySegment read(Arena arena, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = arena.allocate(Math.max(1, size), 4096).asSlice(0, size);
            long pos = 0;
            while (pos < size) {
                int n = ch.read(seg.asSlice(pos, Math.min(size - pos, 1 << 30)).asByteBuffer(), pos);
                if (n < 0) {
                    throw new IOException("file " + file + " shrank while being read, at byte " + pos + " of " + size);
                }
                pos += n;
            }
            return seg;
        }
    }
}
