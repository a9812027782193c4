package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.testdata.DataGenerator;

/**
 * Bad input at the array commands: wrong arguments exit 2, failures exit 1, each with one line on
 * stderr naming what was wrong and no stack trace (unless {@code --debug}); the existing array's
 * drive files and configuration are byte-identical afterwards and its object still reads back.
 * Also the {@code --inject} drills: injected faults fail a command cleanly or are repaired.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private String a;
    private byte[] one;

    @BeforeEach
    void createArray() throws Exception {
        a = dir.resolve("array").toString();
        assertEquals(0, MainTest.run("create", "--array", a, "--drives", "6", "--k", "3", "--m", "2", "--drive-size",
                "64M", "--shard-size", "64K").code());
        one = DataGenerator.of(3, 1.5, 2, 65536).bytes(700_000);
        Files.write(dir.resolve("one"), one);
        assertEquals(0, MainTest.run("put", "--array", a, "one", dir.resolve("one").toString()).code());
    }

    /** SHA-256 of every drive file and of the configuration: what no bad command may change. */
    private Map<String, String> fingerprint() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of(a))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String rel = Path.of(a).relativize(p).toString();
                if (rel.startsWith("drives") || rel.equals("array.conf")) {
                    out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private void expect(int code, String mentions, String... args) throws Exception {
        Map<String, String> before = fingerprint();
        MainTest.Result r = MainTest.run(args);
        String what = String.join(" ", args) + " -> " + r.code() + " " + r.err();
        assertEquals(code, r.code(), what);
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + what);
        assertTrue(r.err().contains(mentions), "stderr names '" + mentions + "': " + what);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:"), "no stack trace: " + what);
        assertEquals(before, fingerprint(), "the array's files changed: " + what);
    }

    @AfterEach
    void objectStillReadsBack() throws Exception {
        Path out = dir.resolve("check.out");
        assertEquals(0, MainTest.run("get", "--array", a, "one", "--out", out.toString()).code());
        assertArrayEquals(one, Files.readAllBytes(out), "the object changed");
    }

    @Test
    void shouldExitTwoNamingTheBadArgument() throws Exception {
        expect(2, "--array", "put", "x", dir.resolve("one").toString());
        expect(2, "nowhere", "get", "--array", dir.resolve("nowhere").toString(), "one");
        expect(2, "--k", "create", "--array", dir.resolve("b").toString(), "--drives", "3", "--k", "3", "--m", "2");
        expect(2, "--drives", "create", "--array", dir.resolve("b").toString(), "--drives", "x", "--k", "3", "--m", "2");
        expect(2, "--bogus", "scrub", "--array", a, "--bogus");
        expect(2, "NAME", "get", "--array", a);
        expect(2, "--drive", "fail-drive", "--array", a, "--drive", "17");
        expect(2, "--drive", "replace-drive", "--array", a, "--drive", "17");
        expect(2, "no-such-file", "put", "--array", a, "two", dir.resolve("no-such-file").toString());
        expect(2, "eoi", "get", "--array", a, "one", "--inject", "eoi:drive=1");
        expect(2, "rate", "scrub", "--array", a, "--inject", "eio:rate=7");
        expect(2, "--inject-seed", "scrub", "--array", a, "--inject", "eio", "--inject-seed", "seven");
    }

    @Test
    void shouldExitOneNamingWhatFailed() throws Exception {
        expect(1, "missing", "get", "--array", a, "missing");
        expect(1, "missing", "rm", "--array", a, "missing");
        expect(1, "exists", "create", "--array", a, "--drives", "6", "--k", "3", "--m", "2", "--drive-size", "64M",
                "--shard-size", "64K");
    }

    @Test
    void shouldFailAPutCleanlyUnderInjectedWriteErrors() throws Exception {
        // New bytes: a put that deduplicates completely writes no shard.
        Files.write(dir.resolve("two"), DataGenerator.of(4, 1, 2, 65536).bytes(300_000));
        expect(1, "EIO", "put", "--array", a, "two", dir.resolve("two").toString(), "--inject", "eio:op=write");
        MainTest.Result ls = MainTest.run("ls", "--array", a, "--json");
        assertFalse(ls.out().contains("\"two\""), "a failed put is not visible: " + ls.out());
    }

    @Test
    void shouldServeAndRepairAReadUnderInjectedBitFlipsOnOneDrive() throws Exception {
        Path out = dir.resolve("flipped.out");
        MainTest.Result r = MainTest.run("get", "--array", a, "one", "--out", out.toString(), "--inject",
                "bitflip:drive=2", "--inject-seed", "5");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(one, Files.readAllBytes(out));
        MainTest.Result scrub = MainTest.run("scrub", "--array", a, "--json");
        assertEquals(0, scrub.code(), scrub.out() + scrub.err());
        assertTrue(scrub.out().contains("\"corruptShards\":0"), scrub.out());
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithDebug() {
        MainTest.Result r = MainTest.run("get", "--array", a, "missing", "--debug");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
