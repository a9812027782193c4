package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCompressCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintRatioAndSpeedsAsOneJsonObject() throws Exception {
        Path f = dir.resolve("text");
        Files.writeString(f, "flash stripes and shards, ".repeat(20_000), StandardCharsets.US_ASCII);
        MainTest.Result r = MainTest.run("bench", "compress", "--level", "1", "--block", "4096", "--seconds", "0.05",
                "--warmup", "0", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.matches("\\{\"ratio\":[0-9.]+,\"compressMBps\":[0-9.]+,\"decompressMBps\":[0-9.]+,.*\\}"), line);
        double ratio = Double.parseDouble(line.replaceAll(".*\"ratio\":([0-9.]+).*", "$1"));
        assertTrue(ratio > 10, line);
    }

    @Test
    void shouldExitTwoOnBadLevel() throws Exception {
        Path f = dir.resolve("x");
        Files.writeString(f, "x");
        MainTest.Result r = MainTest.run("bench", "compress", "--level", "99", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("99"), r.err());
    }
}
