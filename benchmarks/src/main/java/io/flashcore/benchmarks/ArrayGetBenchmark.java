package io.flashcore.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.FlashArray;
import io.flashcore.testdata.DataGenerator;

/**
 * The array's read path: one get of a stored object (shard reads with O_DIRECT, CRC32C checks,
 * zstd and delta decoding, in runs on several threads), ops/s times {@code megabytes} = MB/s; and
 * range reads of 64 KiB at random offsets of it. The
 * object is stored once per trial: several versions of one generated block with a byte changed
 * every 8 KiB, so most chunks are deltas whose bases sit in earlier stripes. The array lives in
 * {@code dir} (default: the temporary folder; point it at the drive to test).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class ArrayGetBenchmark {
    /** Object size: 1 MB is a small-object read, 64 MB spans many runs and stripes. */
    @Param({"1", "64"})
    int megabytes;

    @Param({"8+2"})
    String layout;

    @Param({""})
    String dir;

    Path scratch;
    FlashArray array;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int bytes = megabytes * 1_000_000;
        int versions = 4;
        byte[] block = DataGenerator.of(9, 1, 3, 16384).bytes((bytes + versions - 1) / versions);
        byte[] data = new byte[bytes];
        for (int at = 0, v = 0; at < bytes; at += block.length, v++) {
            int n = Math.min(block.length, bytes - at);
            System.arraycopy(block, 0, data, at, n);
            for (int i = at + v; i < at + n; i += 8192) {
                data[i] ^= (byte) (v + 1);
            }
        }
        scratch = dir.isEmpty() ? Files.createTempDirectory("flashcore-jmh-get")
                : Files.createTempDirectory(Path.of(dir), "flashcore-jmh-get");
        String[] km = layout.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        Path d = scratch.resolve("array");
        array = FlashArray.create(d, ArrayConfig.builder().driveFiles(d.resolve("drives"), k + m + 2).layout(k, m).build());
        array.put("object", new ByteArrayInputStream(data));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        array.close();
        ArrayPutBenchmark.deleteTree(scratch);
    }

    @Benchmark
    public long get() throws IOException {
        return array.get("object", OutputStream.nullOutputStream());
    }

    private final java.util.SplittableRandom random = new java.util.SplittableRandom(42);

    /** A 64 KiB range read at a random offset (ops/s = range reads per second): only its chunks are read. */
    @Benchmark
    public long getRange64k() throws IOException {
        long offset = random.nextLong(Math.max(1, megabytes * 1_000_000L - 65536));
        return array.get("object", offset, 65536, OutputStream.nullOutputStream());
    }
}
