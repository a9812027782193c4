package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import io.flashcore.reduction.hash.Blake3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchHashCommandTest {

    private static Path file(Path dir, int len) throws IOException {
        byte[] data = new byte[len];
        new Random(len).nextBytes(data);
        return Files.write(dir.resolve("data"), data);
    }

    @Test
    void shouldPrintSpeedAndWholeFileDigestAsJson(@TempDir Path dir) throws Exception {
        Path f = file(dir, 100_000);
        byte[] data = Files.readAllBytes(f);
        for (String algo : new String[] {"blake3", "sha256"}) {
            MainTest.Result r = MainTest.run("bench", "hash", "--algo", algo, "--warmup-seconds", "0",
                    "--seconds", "0.05", f.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            String line = r.out().strip();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith("{\"gbPerSec\":"), line);
            String expected = HexFormat.of().formatHex(algo.equals("blake3") ? Blake3.hash(data)
                    : MessageDigest.getInstance("SHA-256").digest(data));
            assertTrue(line.contains("\"digest\":\"" + expected + "\""), line);
        }
    }

    @Test
    void shouldDigestTheConcatenatedChunkDigestsWithChunk(@TempDir Path dir) throws Exception {
        Path f = file(dir, 50_000);
        byte[] data = Files.readAllBytes(f);
        int chunk = 16384;
        byte[] concat = new byte[4 * 32];
        for (int i = 0; i < 4; i++) {
            int len = Math.min(chunk, data.length - i * chunk);
            byte[] part = java.util.Arrays.copyOfRange(data, i * chunk, i * chunk + len);
            System.arraycopy(Blake3.hash(part), 0, concat, 32 * i, 32);
        }
        MainTest.Result r = MainTest.run("bench", "hash", "--algo", "blake3", "--chunk", "16384",
                "--warmup-seconds", "0", "--seconds", "0.05", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"digest\":\"" + HexFormat.of().formatHex(Blake3.hash(concat)) + "\""), r.out());
        assertTrue(r.out().contains("\"chunks\":4"), r.out());
    }

    @Test
    void shouldPrintTheSameDigestsWhenStreaming(@TempDir Path dir) throws Exception {
        Path f = file(dir, (3 << 20) + 777);
        for (String algo : new String[] {"blake3", "sha256"}) {
            for (String[] chunk : new String[][] {{}, {"--chunk", "10000"}}) {
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "hash", "--algo", algo,
                        "--warmup-seconds", "0", "--seconds", "0.05", f.toString(), "--json"));
                args.addAll(java.util.List.of(chunk));
                MainTest.Result inMemory = MainTest.run(args.toArray(String[]::new));
                args.add("--stream");
                MainTest.Result streamed = MainTest.run(args.toArray(String[]::new));
                assertEquals(0, inMemory.code(), inMemory.err());
                assertEquals(0, streamed.code(), streamed.err());
                assertEquals(digest(inMemory.out()), digest(streamed.out()), algo + " " + java.util.List.of(chunk));
            }
        }
    }

    private static String digest(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"digest\":\"([0-9a-f]{64})\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    @Test
    void shouldExitTwoOnBadChunkOrAlgo(@TempDir Path dir) throws Exception {
        Path f = file(dir, 10);
        assertEquals(2, MainTest.run("bench", "hash", "--algo", "blake3", "--chunk", "0", f.toString()).code());
        assertEquals(2, MainTest.run("bench", "hash", "--algo", "md5", f.toString()).code());
        assertEquals(2, MainTest.run("bench", "hash", "--algo", "blake3", dir.resolve("missing").toString()).code());
    }
}
