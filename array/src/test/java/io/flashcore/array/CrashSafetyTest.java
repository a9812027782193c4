package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.testdata.DataGenerator;

/**
 * Kills a child JVM (SIGKILL) at random moments of a put stream and checks, after reopening, that
 * every acknowledged object is there byte for byte, that an unacknowledged one is either absent
 * or complete, that scrub finds nothing wrong, and that deleting everything leaves no space used.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    static String name(int i) {
        return "obj-" + i;
    }

    static byte[] content(long seed, int i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003 + i);
        int size = 1 + r.nextInt(700_000);
        return DataGenerator.of(seed + i % 3, 1.5, 2, 16 * 1024).bytes(size);
    }

    @Test
    void acknowledgedPutsSurviveKillNine() throws Exception {
        run(3, Long.getLong("flashcore.crash.seed", System.nanoTime()));
    }

    @Test
    @Tag("soak")
    void acknowledgedPutsSurviveManyKills() throws Exception {
        run(Integer.getInteger("flashcore.crash.iterations", 40), Long.getLong("flashcore.crash.seed", System.nanoTime()));
    }

    private void run(int iterations, long seed) throws Exception {
        System.out.println("crash test: " + iterations + " iterations, seed " + seed
                + " (rerun with -Dflashcore.crash.seed=" + seed + ")");
        Path a = dir.resolve("array");
        FlashArray.create(a, FlashArrayTest.config(dir, 8, 4, 2)).close();
        SplittableRandom r = new SplittableRandom(seed);
        List<String> acked = new ArrayList<>();
        int next = 0;
        for (int it = 0; it < iterations; it++) {
            Process p = child(a, seed, next);
            ChildJvm.Output out = new ChildJvm.Output(p);
            int target = 1 + r.nextInt(4);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.acks() < target && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(r.nextInt(150));
            if (!p.isAlive()) {
                throw new AssertionError("the child died by itself: "
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertTrue(out.acks() > 0, "the child acknowledged nothing within 60 s");
            // Through its handle: Process.destroyForcibly also closes the pipe, and the lines the child
            // wrote that this test has not read yet would be lost (an acknowledged put left unchecked).
            p.toHandle().destroyForcibly();
            p.waitFor();
            List<String> thisRun = out.lines().stream().filter(l -> l.startsWith("ACK ")).map(l -> l.substring(4))
                    .toList();
            acked.addAll(thisRun);
            next += thisRun.size() + 1;
            try (FlashArray array = FlashArray.open(a)) {
                for (String n : acked) {
                    int i = Integer.parseInt(n.substring(4));
                    assertArrayEquals(content(seed, i), array.getBytes(n), "acknowledged object " + n + ", seed " + seed);
                }
                int inFlight = next - 1;
                if (array.exists(name(inFlight))) {
                    assertArrayEquals(content(seed, inFlight), array.getBytes(name(inFlight)));
                }
            }
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertTrue(array.scrub(ProgressListener.NONE).clean());
            for (ObjectInfo o : array.list()) {
                array.delete(o.name());
            }
            ArrayStats s = array.stats();
            assertEquals(0, s.chunks(), s.toString());
            assertEquals(0, s.storedBytes(), s.toString());
            assertEquals(0, s.physicalBytes(), "space leaked after deleting everything: " + s);
        }
    }

    private static Process child(Path array, long seed, int first) throws Exception {
        return new ProcessBuilder(ChildJvm.command(CrashChild.class, null, 0, array.toString(), Long.toString(seed),
                Integer.toString(first))).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }
}
