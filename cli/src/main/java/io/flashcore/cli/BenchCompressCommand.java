package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

import io.flashcore.reduction.compress.ZstdCodec;
import io.flashcore.reduction.compress.ZstdLevels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench compress}: zstd over a file cut into independent blocks, on one thread,
 * in memory, after a warm-up — the same measurement as {@code zstd -bL -BBYTES FILE}.
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Compress a file in independent blocks with zstd on one thread; print ratio and MB/s (MB = 1e6 bytes).")
public final class BenchCompressCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--level", description = "zstd level: negative fast levels, 1..22 (default ${DEFAULT-VALUE}).")
    int level = 3;

    @Option(names = "--block", description = "Block size in bytes; each block is one independent frame (default ${DEFAULT-VALUE}).")
    int block = 16384;

    @Option(names = "--checksum", description = "Add zstd's content checksum to each frame.")
    boolean checksum;

    @Option(names = "--seconds", description = "Seconds to time each of compression and decompression (default ${DEFAULT-VALUE}).")
    double seconds = 2;

    @Option(names = "--warmup", description = "Warm-up seconds before timing (default ${DEFAULT-VALUE}).")
    double warmup = 1;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to compress (read into memory).")
    Path file;

    @Override
    public Integer call() throws IOException {
        try {
            ZstdLevels.check(level);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--level: " + e.getMessage());
        }
        if (block < 1) {
            throw new UsageException("--block " + block + " must be at least 1 byte");
        }
        if (!(seconds > 0) || !(warmup >= 0)) {
            throw new UsageException("--seconds must be > 0 and --warmup >= 0");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("FILE " + file + " is not a readable file");
        }
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(level, checksum)) {
            MemorySegment input = read(file, arena);
            long size = input.byteSize();
            if (size == 0) {
                throw new UsageException("FILE " + file + " is empty");
            }
            int blocks = (int) ((size + block - 1) / block);
            int frameMax = ZstdCodec.maxFrameLength(block);
            MemorySegment frames = arena.allocate((long) frameMax * blocks, 64);
            MemorySegment output = arena.allocate(size, 64);
            int[] frameLengths = new int[blocks];

            long compressed = compressAll(codec, input, frames, frameLengths, frameMax);
            decompressAll(codec, frames, frameLengths, frameMax, output);
            if (output.mismatch(input) != -1) {
                throw new IllegalStateException("round trip mismatch at byte " + output.mismatch(input));
            }
            runFor(warmup, () -> compressAll(codec, input, frames, frameLengths, frameMax));
            runFor(warmup, () -> decompressAll(codec, frames, frameLengths, frameMax, output));
            double cSeconds = timed(seconds, () -> compressAll(codec, input, frames, frameLengths, frameMax), size);
            double cMBps = rate;
            double cCpuMBps = cpuRate;
            timed(seconds, () -> decompressAll(codec, frames, frameLengths, frameMax, output), size);
            double dMBps = rate;
            double dCpuMBps = cpuRate;
            double ratio = (double) size / compressed;
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object()
                        .put("ratio", round(ratio, 4))
                        .put("compressMBps", round(cMBps, 1))
                        .put("decompressMBps", round(dMBps, 1))
                        .put("level", level)
                        .put("block", block)
                        .put("bytes", size)
                        .put("compressedBytes", compressed)
                        .put("blocks", blocks)
                        .put("checksum", checksum)
                        .put("seconds", round(cSeconds, 2))
                        .put("compressMBpsCpu", round(cCpuMBps, 1))
                        .put("decompressMBpsCpu", round(dCpuMBps, 1)));
            } else {
                out.printf("%s: level %d, %d-byte blocks: %d -> %d bytes (x%.3f), compress %.1f MB/s, decompress %.1f MB/s%n",
                        file.getFileName(), level, block, size, compressed, ratio, cMBps, dMBps);
            }
            return Main.OK;
        }
    }

    private double rate;
    private double cpuRate;

    /**
     * Runs {@code pass} for at least {@code secs} of wall time; sets {@link #rate} (MB per wall
     * second) and {@link #cpuRate} (MB per second of this thread's CPU time, which other load on a
     * shared machine disturbs much less).
     */
    private double timed(double secs, Runnable pass, long bytesPerPass) {
        long budget = (long) (secs * 1e9);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long passes = 0;
        long elapsed;
        do {
            pass.run();
            passes++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        rate = passes * (double) bytesPerPass / (elapsed / 1e9) / 1e6;
        cpuRate = cpu > 0 ? passes * (double) bytesPerPass / (cpu / 1e9) / 1e6 : rate;
        return elapsed / 1e9;
    }

    private static void runFor(double secs, Runnable pass) {
        long end = System.nanoTime() + (long) (secs * 1e9);
        do {
            pass.run();
        } while (System.nanoTime() < end);
    }

    private long compressAll(ZstdCodec codec, MemorySegment input, MemorySegment frames, int[] lengths, int frameMax) {
        long size = input.byteSize();
        long total = 0;
        for (int i = 0; i < lengths.length; i++) {
            long off = (long) i * block;
            int len = (int) Math.min(block, size - off);
            int n = codec.compress(input.asSlice(off, len), frames.asSlice((long) i * frameMax, frameMax));
            lengths[i] = n;
            total += n;
        }
        return total;
    }

    private void decompressAll(ZstdCodec codec, MemorySegment frames, int[] lengths, int frameMax, MemorySegment output) {
        long size = output.byteSize();
        for (int i = 0; i < lengths.length; i++) {
            long off = (long) i * block;
            int len = (int) Math.min(block, size - off);
            codec.decompress(frames.asSlice((long) i * frameMax, lengths[i]), output.asSlice(off, len));
        }
    }

    static MemorySegment read(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = arena.allocate(Math.max(1, size), 64).asSlice(0, size);
            long at = 0;
            while (at < size) {
                int n = ch.read(seg.asSlice(at, Math.min(size - at, 1 << 30)).asByteBuffer(), at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            return seg.asSlice(0, at);
        }
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
