package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.testdata.DataGenerator;

class BenchIngestCommandTest {
    @TempDir
    Path dir;

    private static long field(String json, String name) {
        return Long.parseLong(json.replaceAll(".*\"" + name + "\":([0-9]+)[,}].*", "$1"));
    }

    @Test
    void timedPassesStoreWhatTheFileHoldsAndWarmUpAtLeastAsAsked() throws Exception {
        Path file = dir.resolve("input");
        Files.write(file, DataGenerator.of(3, 2, 2, 64 * 1024).bytes(3_000_000));
        MainTest.Result r = MainTest.run("bench", "ingest", file.toString(), "--dir", dir.resolve("scratch").toString(),
                "--k", "4", "--m", "2", "--drives", "6", "--warmup", "1", "--runs", "2", "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertEquals(1, line.lines().count(), line);
        assertEquals(3_000_000, field(line, "logicalBytes"));
        long warm = field(line, "warmupPasses");
        assertTrue(warm >= 1 && warm <= 1 + 8, line);
        assertTrue(field(line, "storedBytes") < 3_000_000, line); // deduplicated and compressed
        assertTrue(line.contains("\"mbPerSec\":"), line);
    }

    @Test
    void noWarmUpMeansNone() throws Exception {
        Path file = dir.resolve("input");
        Files.write(file, DataGenerator.of(4, 1, 2, 64 * 1024).bytes(500_000));
        MainTest.Result r = MainTest.run("bench", "ingest", file.toString(), "--dir", dir.resolve("scratch").toString(),
                "--k", "4", "--m", "2", "--drives", "6", "--warmup", "0", "--runs", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, field(r.out().strip(), "warmupPasses"), r.out());
    }
}
