package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchIoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintOneJsonObjectWithThroughputAndBackend() throws Exception {
        Path f = dir.resolve("bench.dat");
        MainTest.Result r = MainTest.run("bench", "io", "--file", f.toString(), "--size", "4m", "--bs", "64k",
                "--qd", "4", "--rw", "randwrite", "--seconds", "0.2", "--warmup", "0.1", "--backend", "filechannel",
                "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.matches("\\{\"mbPerSec\":[0-9.]+,\"iops\":[0-9.]+,\"backend\":\"filechannel\".*\\}"), line);
        assertEquals(4L << 20, Files.size(f));
    }

    @Test
    void shouldRunEveryPatternOnTheAutomaticBackend() {
        for (String rw : new String[] {"write", "randwrite", "randread"}) {
            MainTest.Result r = MainTest.run("bench", "io", "--file", dir.resolve("b.dat").toString(), "--size", "1m",
                    "--bs", "4k", "--qd", "8", "--rw", rw, "--seconds", "0.1", "--warmup", "0", "--fixed-buffers");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains(rw) && r.out().contains("IOPS"), r.out());
        }
    }

    @Test
    void shouldRejectAnUnalignedBlockSizeAsUsage() {
        MainTest.Result r = MainTest.run("bench", "io", "--file", dir.resolve("c.dat").toString(), "--bs", "1000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--bs 1000"), r.err());
    }

    @Test
    void shouldRejectACpuOutsideTheProcessSetAsUsage() {
        // Only a CPU that cannot be had: a valid one would pin the test runner's own thread.
        MainTest.Result r = MainTest.run("bench", "io", "--file", dir.resolve("d.dat").toString(), "--size", "1m",
                "--cpu", "8191", "--seconds", "0.1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--cpu 8191"), r.err());
        assertTrue(Files.notExists(dir.resolve("d.dat")), "nothing is created before the CPU is checked");
    }

    @Test
    void shouldParseByteCountsWithBinarySuffixes() {
        assertEquals(4096, ByteSizes.positive("--bs", "4k"));
        assertEquals(256L << 20, ByteSizes.positive("--size", "256MiB"));
        assertEquals(1L << 30, ByteSizes.positive("--size", "1g"));
        assertEquals(131072, ByteSizes.positive("--bs", "131072"));
    }
}
