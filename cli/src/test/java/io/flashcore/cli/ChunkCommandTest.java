package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkCommandTest {
    @TempDir
    Path dir;

    private Path randomFile(String name, int bytes, long seed) throws IOException {
        byte[] b = new byte[bytes];
        new SplittableRandom(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void shouldPrintOneJsonObjectWithCountBytesSpeedAndLengths() throws IOException {
        Path f = randomFile("a.bin", 300_000, 1);
        MainTest.Result r = MainTest.run("chunk", "--algo", "fastcdc2020", "--min", "4096", "--avg", "16K",
                "--max", "65536", "--lengths", "--seconds", "0.05", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("\"count\":") && line.contains("\"bytes\":300000") && line.contains("\"gbPerSec\":"), line);
        String lengths = line.replaceAll(".*\"lengths\":\\[([0-9,]*)\\].*", "$1");
        long sum = 0;
        for (String s : lengths.split(",")) {
            sum += Long.parseLong(s);
        }
        assertEquals(300_000, sum);
    }

    @Test
    void shouldReportDedupRatioOfRepeatedFile() throws IOException {
        Path a = randomFile("a.bin", 200_000, 7);
        Path b = Files.copy(a, dir.resolve("b.bin"));
        MainTest.Result r = MainTest.run("chunk", "--algo", "vector", "--dedup", "--seconds", "0", "--json",
                a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"uniqueBytes\":200000"), r.out());
        assertTrue(r.out().contains("\"dedupRatio\":2.0"), r.out());
        assertTrue(!r.out().contains("\"lengths\""), r.out());
        assertTrue(r.out().contains("\"gbPerSec\":null"), r.out());
    }

    @Test
    void shouldExitTwoOnBadSizes() throws IOException {
        Path f = randomFile("a.bin", 1000, 1);
        MainTest.Result r = MainTest.run("chunk", "--algo", "fixed", "--avg", "100", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("100"), r.err());
        r = MainTest.run("chunk", "--algo", "rabin", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rabin"), r.err());
    }

    @Test
    void shouldExitOneOnMissingFile() {
        MainTest.Result r = MainTest.run("chunk", dir.resolve("missing").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing"), r.err());
    }
}
