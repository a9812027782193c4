package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstimateCommandTest {
    @TempDir
    Path dir;

    private static long field(String json, String name) {
        return Long.parseLong(json.replaceAll(".*\"" + name + "\":([0-9]+).*", "$1"));
    }

    @Test
    void shouldReportEachStageShrinkingVersionedData() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        byte[] base = new byte[400_000];
        for (int i = 0; i < base.length; i++) {
            base[i] = (byte) ("abcdefgh".charAt(r.nextInt(8)) + (r.nextInt(16) == 0 ? r.nextInt(20) : 0));
        }
        Files.createDirectories(dir.resolve("v"));
        for (int v = 0; v < 4; v++) {
            byte[] copy = base.clone();
            for (int k = 0; k < 40; k++) {
                copy[r.nextInt(copy.length)] = (byte) r.nextInt();
            }
            Files.write(dir.resolve("v").resolve("version" + v), copy);
        }
        Files.write(dir.resolve("again"), base);
        Files.write(dir.resolve("again2"), base);
        MainTest.Result res = MainTest.run("estimate", dir.toString(), "--json", "--avg", "8K");
        assertEquals(0, res.code(), res.err());
        String line = res.out().strip();
        assertEquals(1, line.lines().count());
        long logical = field(line, "logicalBytes");
        long dedup = field(line, "afterDedupBytes");
        long comp = field(line, "afterCompressionBytes");
        long sim = field(line, "afterSimilarityBytes");
        assertEquals(400_000L * 6, logical);
        assertTrue(dedup < logical && comp < dedup && sim < comp, line);
    }

    @Test
    void shouldExitTwoOnBadSimilarityValueAndOneOnMissingPath() {
        assertEquals(2, MainTest.run("estimate", dir.toString(), "--similarity", "maybe").code());
        MainTest.Result r = MainTest.run("estimate", dir.resolve("nope").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope"), r.err());
    }
}
