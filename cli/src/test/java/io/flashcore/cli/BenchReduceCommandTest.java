package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReduceCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowSimilarityShrinkingNearCopies() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        byte[] base = new byte[300_000];
        r.nextBytes(base);
        for (int v = 0; v < 3; v++) {
            byte[] copy = base.clone();
            for (int k = 0; k < 30; k++) {
                copy[r.nextInt(copy.length)] ^= 1;
            }
            Files.write(dir.resolve("v" + v), copy);
        }
        MainTest.Result res = MainTest.run("bench", "reduce", dir.toString(), "--rounds", "1", "--avg", "8K", "--json");
        assertEquals(0, res.code(), res.err());
        String line = res.out().strip();
        assertEquals(1, line.lines().count());
        double gain = Double.parseDouble(line.replaceAll(".*\"similarityGain\":([0-9.]+).*", "$1"));
        assertTrue(gain > 2, line);
    }
}
