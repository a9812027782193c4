package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.testdata.DataGenerator;

class ArrayCommandsTest {
    @TempDir
    Path dir;

    private static long field(String json, String name) {
        return Long.parseLong(json.strip().replaceAll("(?s).*\"" + name + "\":([0-9]+).*", "$1"));
    }

    private static void ok(MainTest.Result r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void shouldPutGetFailRebuildScrubAndDeleteThroughTheCommands() throws Exception {
        String a = dir.resolve("array").toString();
        ok(MainTest.run("create", "--array", a, "--drives", "8", "--k", "4", "--m", "2", "--drive-size", "256M",
                "--shard-size", "64K"));
        byte[] one = DataGenerator.of(1, 2, 2, 65536).bytes(1_200_000);
        byte[] two = DataGenerator.of(2, 1, 3, 65536).bytes(300_000);
        Files.write(dir.resolve("one"), one);
        Files.write(dir.resolve("two"), two);
        ok(MainTest.run("put", "--array", a, "docs/one", dir.resolve("one").toString()));
        ok(MainTest.run("put", "--array", a, "docs/two", dir.resolve("two").toString()));

        MainTest.Result ls = MainTest.run("ls", "--array", a, "--json");
        ok(ls);
        assertTrue(ls.out().contains("\"docs/one\"") && ls.out().contains("\"docs/two\""), ls.out());
        MainTest.Result stat = MainTest.run("stat", "--array", a, "docs/one", "--json");
        ok(stat);
        assertEquals(one.length, field(stat.out(), "logicalBytes"));

        MainTest.Result stats = MainTest.run("stats", "--array", a, "--json");
        ok(stats);
        String s = stats.out().strip();
        assertEquals(1, s.lines().count());
        assertEquals(one.length + two.length, field(s, "logicalBytes"));
        for (String k : new String[] {"uniqueBytes", "storedBytes", "physicalBytes", "metadataBytes"}) {
            assertTrue(field(s, k) > 0, k + " in " + s);
        }
        assertEquals(field(s, "storedBytes"), field(s, "liveBytes"), s);
        assertEquals(0, field(s, "deadBytes"), s);
        double amplification = Double.parseDouble(s.replaceAll("(?s).*\"spaceAmplification\":([0-9.eE+-]+).*", "$1"));
        assertTrue(amplification >= 1 && amplification < 2, s);

        ok(MainTest.run("fail-drive", "--array", a, "--drive", "1"));
        ok(MainTest.run("fail-drive", "--array", a, "--drive", "6"));
        ok(MainTest.run("get", "--array", a, "docs/one", "--out", dir.resolve("one.out").toString()));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("one.out")));
        // A range: 64 KiB from byte 1 000 001 on; then one running past the end stops there.
        ok(MainTest.run("get", "--array", a, "docs/one", "--offset", "1000001", "--length", "64K", "--out",
                dir.resolve("range.out").toString()));
        assertArrayEquals(java.util.Arrays.copyOfRange(one, 1_000_001, 1_000_001 + 65536),
                Files.readAllBytes(dir.resolve("range.out")));
        ok(MainTest.run("get", "--array", a, "docs/one", "--offset", "1M", "--out", dir.resolve("tail.out").toString()));
        assertArrayEquals(java.util.Arrays.copyOfRange(one, 1 << 20, one.length),
                Files.readAllBytes(dir.resolve("tail.out")));
        MainTest.Result beyond = MainTest.run("get", "--array", a, "docs/one", "--offset", "2M");
        assertEquals(2, beyond.code(), beyond.err());
        assertTrue(beyond.err().contains("docs/one") && beyond.err().contains("1200000"), beyond.err());
        MainTest.Result rebuild = MainTest.run("rebuild", "--array", a, "--json");
        ok(rebuild);
        assertTrue(field(rebuild.out(), "shardsRebuilt") > 0, rebuild.out());
        MainTest.Result scrub = MainTest.run("scrub", "--array", a, "--json");
        ok(scrub);
        assertTrue(scrub.out().contains("\"clean\":true"), scrub.out());
        ok(MainTest.run("get", "--array", a, "docs/two", "--out", dir.resolve("two.out").toString()));
        assertArrayEquals(two, Files.readAllBytes(dir.resolve("two.out")));

        ok(MainTest.run("rm", "--array", a, "docs/one", "docs/two"));
        MainTest.Result empty = MainTest.run("stats", "--array", a, "--json");
        assertEquals(0, field(empty.out(), "storedBytes"), empty.out());
    }

    @Test
    void replaceDriveRestoresAFailedDriveOfAMinimalArrayFromTheCommandLine() throws Exception {
        String a = dir.resolve("array").toString();
        ok(MainTest.run("create", "--array", a, "--drives", "6", "--k", "4", "--m", "2", "--drive-size", "64M",
                "--shard-size", "64K"));
        byte[] one = DataGenerator.of(4, 2, 2, 65536).bytes(900_000);
        Files.write(dir.resolve("one"), one);
        ok(MainTest.run("put", "--array", a, "one", dir.resolve("one").toString()));
        ok(MainTest.run("fail-drive", "--array", a, "--drive", "3"));
        // Five drives of six: a put goes on with degraded stripes, and says so.
        byte[] two = DataGenerator.of(5, 2, 2, 65536).bytes(700_000);
        Files.write(dir.resolve("two"), two);
        MainTest.Result degraded = MainTest.run("put", "--array", a, "two", dir.resolve("two").toString(), "--json");
        ok(degraded);
        assertTrue(field(degraded.out(), "shardsWrittenMissing") > 0, degraded.out());
        assertTrue(degraded.err().contains("written missing"), degraded.err());
        MainTest.Result before = MainTest.run("stats", "--array", a, "--json");
        assertTrue(field(before.out(), "degradedStripes") > 0, before.out());
        Files.delete(dir.resolve("array").resolve("drives").resolve("drive-03.img")); // a blank device instead
        MainTest.Result up = MainTest.run("replace-drive", "--array", a, "--drive", "2");
        assertEquals(1, up.code(), up.out() + up.err());
        assertTrue(up.err().contains("is up"), up.err());
        MainTest.Result r = MainTest.run("replace-drive", "--array", a, "--drive", "3", "--json");
        ok(r);
        assertTrue(r.out().contains("\"previousState\":\"FAILED\""), r.out());
        assertTrue(field(r.out(), "shardsRestored") > 0, r.out());
        assertEquals(0, field(MainTest.run("stats", "--array", a, "--json").out(), "degradedStripes"));
        // Two other drives lost: the restored drive's shards are needed for every stripe.
        ok(MainTest.run("fail-drive", "--array", a, "--drive", "0"));
        ok(MainTest.run("fail-drive", "--array", a, "--drive", "1"));
        ok(MainTest.run("get", "--array", a, "one", "--out", dir.resolve("one.out").toString()));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("one.out")));
        ok(MainTest.run("get", "--array", a, "two", "--out", dir.resolve("two.out").toString()));
        assertArrayEquals(two, Files.readAllBytes(dir.resolve("two.out")));
    }

    @Test
    void shouldRejectBadUsageWithOneLineAndLeaveTheArrayIntact() throws Exception {
        String a = dir.resolve("array").toString();
        MainTest.Result bad = MainTest.run("create", "--array", a, "--drives", "4", "--k", "4", "--m", "2");
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        ok(MainTest.run("create", "--array", a, "--drives", "6", "--k", "4", "--m", "2", "--drive-size", "64M",
                "--shard-size", "64K"));
        Files.write(dir.resolve("x"), new byte[] {1, 2, 3});
        ok(MainTest.run("put", "--array", a, "x", dir.resolve("x").toString()));
        MainTest.Result again = MainTest.run("create", "--array", a, "--drives", "6", "--k", "4", "--m", "2");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already"), again.err());
        MainTest.Result missing = MainTest.run("get", "--array", a, "nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope"), missing.err());
        assertEquals(2, MainTest.run("stats", "--array", dir.resolve("none").toString()).code());
        assertEquals(2, MainTest.run("put", "--array", a, "y", dir.resolve("no-such-file").toString()).code());
        ok(MainTest.run("get", "--array", a, "x", "--out", dir.resolve("x.out").toString()));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("x.out")));
    }

    @Test
    void estimateAgreesWithTheArraysStoredBytes() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        // One stream holding near-copies of the same content: dedup, compression and deltas all count.
        byte[] base = DataGenerator.of(3, 1.5, 2.5, 65536).bytes(1_000_000);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int v = 0; v < 3; v++) {
            byte[] copy = base.clone();
            for (int i = 0; i < copy.length; i += 4096) {
                copy[i + r.nextInt(4096) % (copy.length - i)] ^= 0x11;
            }
            all.writeBytes(copy);
        }
        Files.write(in.resolve("versions"), all.toByteArray());
        String a = dir.resolve("array").toString();
        ok(MainTest.run("create", "--array", a, "--drives", "6", "--k", "4", "--m", "2", "--drive-size", "256M",
                "--shard-size", "64K"));
        ok(MainTest.run("put", "--array", a, "versions", in.resolve("versions").toString()));
        MainTest.Result est = MainTest.run("estimate", in.toString(), "--no-compare", "--json");
        ok(est);
        MainTest.Result stats = MainTest.run("stats", "--array", a, "--json");
        ok(stats);
        long estimated = field(est.out(), "afterSimilarityBytes");
        long stored = field(stats.out(), "storedBytes");
        assertEquals(field(est.out(), "logicalBytes"), field(stats.out(), "logicalBytes"));
        assertEquals(field(est.out(), "afterDedupBytes"), field(stats.out(), "uniqueBytes"));
        assertTrue(Math.abs(estimated - stored) <= stored / 100, "estimate " + estimated + " vs stored " + stored);
    }
}
