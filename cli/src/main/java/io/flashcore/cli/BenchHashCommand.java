package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
            "concatenated 32-byte chunk digests, in file order.",
            "With --stream: every pass reads FILE through a 1 MiB buffer (about 4 MiB with --chunk) and hashes",
            "as it reads, as b3sum --no-mmap does; without it, FILE is read into memory once and hashed there."})
public final class BenchHashCommand implements Callable<Integer> {
    /** Hash algorithms this command measures. */
    enum Algo {
        blake3, sha256
    }

    private static final long JIT_QUIET_NANOS = 1_000_000_000L;
    private static final long STREAM_BUFFER = 1 << 20;
    private static final long MAX_WARMUP_NANOS = 60_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", required = true, description = "blake3 or sha256.")
    Algo algo;

    @Option(names = "--chunk", paramLabel = "BYTES",
            description = "Fingerprint independent chunks of BYTES (1..2^31-1) through the batch API.")
    Integer chunk;

    @Option(names = "--warmup-seconds", defaultValue = "1",
            description = "Least seconds of warm-up; it goes on until the JIT is quiet for 1 s, at most 60 s; 0: none (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "2", description = "Seconds to time, at least one pass (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--stream", description = "Read FILE through a small buffer on every pass (as b3sum --no-mmap does).")
    boolean stream;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to hash (read into memory first).")
    Path file;

    private Fingerprinter fingerprinter;
    private Blake3Hasher hasher;
    private java.security.MessageDigest shaStream;
    private int[] lengths;
    private MemorySegment digests;
    private MemorySegment buffer;

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
        try {
            shaStream = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        try (Arena arena = Arena.ofConfined()) {
            long size = Files.size(file);
            MemorySegment data = stream ? MemorySegment.NULL : InputFiles.read(arena, file);
            if (stream) {
                long bufferBytes = chunk == null ? STREAM_BUFFER : Math.max(chunk, STREAM_BUFFER * 4 / chunk * chunk);
                buffer = arena.allocate(bufferBytes, 4096);
            }
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
            warmUp(data, digest);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
            long cpuStart = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
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
            // CPU time of this thread: on a shared machine the wall clock also counts waiting for a core.
            double cpuSeconds = cpuClock ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
            double cpuGbPerSec = size * (double) passes / cpuSeconds / 1e9;
            double elapsed = (now - start) / 1e9;
            double gbPerSec = size * (double) passes / elapsed / 1e9;
            String hex = HexFormat.of().formatHex(digest);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object().put("gbPerSec", gbPerSec).put("digest", hex)
                        .put("algo", algo.name()).put("kind", kind.label()).put("bytes", size)
                        .put("chunk", chunk).put("chunks", chunk == null ? null : lengths.length)
                        .put("digestOf", chunk == null ? "file" : "concatenated chunk digests")
                        .put("bestGbPerSec", bestGbPerSec).put("cpuGbPerSec", cpuGbPerSec).put("cpuSeconds", cpuSeconds)
                        .put("stream", stream).put("passes", passes).put("seconds", elapsed)
                        .put("vectorized", algo == Algo.blake3 && Blake3.isVectorHot()));
            } else {
                out.printf(Locale.ROOT, "%s  %s%n", hex, file);
                out.printf(Locale.ROOT, "%s %s: %.3f GB/s, best pass %.3f GB/s, %.3f GB per CPU second"
                        + " (%d passes over %d bytes in %.2f s, one thread%s)%n",
                        algo, chunk == null ? "whole file" : "chunks of " + chunk + " bytes", gbPerSec, bestGbPerSec,
                        cpuGbPerSec, passes, size,
                        elapsed, algo == Algo.blake3 ? (Blake3.isVectorHot() ? ", 512-bit lanes" : ", scalar") : "");
            }
        }
        return Main.OK;
    }

    /**
     * Hashes until at least {@code --warmup-seconds} have passed, BLAKE3's vector lanes are compiled and in
     * use (where the CPU has them), and the JIT has compiled nothing for a second; at most a minute. The
     * vector kernels take seconds to compile on a busy machine.
     */
    private void warmUp(MemorySegment data, byte[] digest) throws IOException {
        if (warmupSeconds == 0) {
            return;
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long minEnd = start + (long) (warmupSeconds * 1e9);
        long maxEnd = start + MAX_WARMUP_NANOS;
        long jitTime = -1;
        long quietSince = start;
        while (true) {
            pass(data, digest);
            long now = System.nanoTime();
            long t = watchJit ? jit.getTotalCompilationTime() : 0;
            if (t != jitTime) {
                jitTime = t;
                quietSince = now;
            }
            boolean lanesPending = algo == Algo.blake3 && Blake3.isVectorized() && !Blake3.isVectorHot();
            boolean jitBusy = watchJit && now - quietSince < JIT_QUIET_NANOS;
            if (now - minEnd >= 0 && (!(lanesPending || jitBusy) || now - maxEnd >= 0)) {
                return;
            }
        }
    }

    private void pass(MemorySegment data, byte[] digest) throws IOException {
        if (stream) {
            streamPass(digest);
            return;
        }
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

    private void streamPass(byte[] digest) throws IOException {
        MemorySegment out = MemorySegment.ofArray(digest);
        if (chunk == null) {
            hasher.reset();
            if (algo == Algo.sha256) {
                shaStream.reset();
            }
        }
        int nextChunk = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                long n = fill(ch, buffer);
                if (n == 0) {
                    break;
                }
                if (chunk == null) {
                    if (algo == Algo.blake3) {
                        hasher.update(buffer, 0, n);
                    } else {
                        shaStream.update(buffer.asSlice(0, n).asByteBuffer());
                    }
                } else {
                    int count = (int) ((n + chunk - 1) / chunk);
                    fingerprinter.fingerprintConsecutive(buffer, 0, lengths, nextChunk, count, digests,
                            (long) nextChunk * FingerprintKind.BYTES);
                    nextChunk += count;
                }
                if (n < buffer.byteSize()) {
                    break;
                }
            }
        }
        if (chunk == null) {
            if (algo == Algo.blake3) {
                hasher.digest(out);
            } else {
                try {
                    shaStream.digest(digest, 0, digest.length);
                } catch (java.security.DigestException e) {
                    throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
                }
            }
        } else {
            fingerprinter.fingerprint(digests, 0, digests.byteSize(), out, 0);
        }
    }

    /** Reads from {@code ch} until {@code buf} is full or the file ends; returns the bytes read. */
    private static long fill(FileChannel ch, MemorySegment buf) throws IOException {
        java.nio.ByteBuffer bb = buf.asByteBuffer();
        while (bb.hasRemaining()) {
            if (ch.read(bb) < 0) {
                break;
            }
        }
        return bb.position();
    }
}
