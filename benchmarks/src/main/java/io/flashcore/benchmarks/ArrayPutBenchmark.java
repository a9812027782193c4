package io.flashcore.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.FlashArray;
import io.flashcore.testdata.DataGenerator;
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

/**
 * The array's composed data path: one durable put (chunk, fingerprint, dedup, compress or delta,
 * pack, encode, O_DIRECT write, fdatasync, metadata commit) of a generated object with a set dedup
 * and compression ratio into a fresh array, and one get of it. Each invocation is one whole object
 * of {@code megabytes} MB, so the score in ops/s times the size is MB/s. The array lives in
 * {@code dir} (default: the temporary folder; point it at the drive to test).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class ArrayPutBenchmark {
    @Param({"64"})
    int megabytes;

    @Param({"1.5"})
    double dedup;

    @Param({"3"})
    double compression;

    @Param({"8+2"})
    String layout;

    @Param({""})
    String dir;

    byte[] data;
    Path scratch;
    FlashArray array;
    int arrays;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = DataGenerator.of(7, dedup, compression, 16384).bytes(megabytes * 1_000_000);
        scratch = dir.isEmpty() ? Files.createTempDirectory("flashcore-jmh-array") : Files.createTempDirectory(Path.of(dir), "flashcore-jmh-array");
    }

    /** A fresh array per invocation, so every put stores the object anew (no dedup against the last one). */
    @Setup(Level.Invocation)
    public void freshArray() throws IOException {
        String[] km = layout.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        Path d = scratch.resolve("array-" + arrays++);
        array = FlashArray.create(d, ArrayConfig.builder().driveFiles(d.resolve("drives"), k + m + 2).layout(k, m).build());
    }

    @TearDown(Level.Invocation)
    public void dropArray() throws IOException {
        Path d = array.directory();
        array.close();
        deleteTree(d);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        deleteTree(scratch);
    }

    @Benchmark
    public long putDurably() throws IOException {
        return array.put("object", new ByteArrayInputStream(data)).logicalBytes();
    }

    @Benchmark
    public long putThenGet() throws IOException {
        array.put("object", new ByteArrayInputStream(data));
        return array.get("object", OutputStream.nullOutputStream());
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
