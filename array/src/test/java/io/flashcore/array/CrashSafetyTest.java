package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
            AtomicInteger ackCount = new AtomicInteger();
            List<String> thisRun = new ArrayList<>();
            Process p = child(a, seed, next);
            AtomicReference<java.io.IOException> readFailure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = br.readLine()) != null; ) {
                        if (line.startsWith("ACK ")) {
                            synchronized (thisRun) {
                                thisRun.add(line.substring(4));
                            }
                            ackCount.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException e) {
                    readFailure.set(e);
                }
            });
            int target = 1 + r.nextInt(4);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ackCount.get() < target && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(r.nextInt(150));
            if (!p.isAlive()) {
                throw new AssertionError("the child died by itself: "
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertTrue(ackCount.get() > 0, "the child acknowledged nothing within 60 s");
            // Through its handle: Process.destroyForcibly also closes the pipe, and the lines the child
            // wrote that this test has not read yet would be lost (an acknowledged put left unchecked).
            p.toHandle().destroyForcibly();
            p.waitFor();
            reader.join();
            if (readFailure.get() != null) {
                throw new AssertionError("reading the child's output failed", readFailure.get());
            }
            synchronized (thisRun) {
                acked.addAll(thisRun);
                next += thisRun.size() + 1;
            }
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
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashChild.class.getName());
        cmd.add(array.toString());
        cmd.add(Long.toString(seed));
        cmd.add(Integer.toString(first));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }
}
