package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.testdata.DataGenerator;

/**
 * Power cuts and kills during concurrent small puts, whose commits overlap: one put's commit waits
 * for its stripe write and syncs the drives without the array's lock while the other puts pack
 * chunks into the same open stripe. After every restart each acknowledged object is there byte for
 * byte, every other visible object is whole (a put in flight is all or nothing), the first scrub
 * repairs everything it finds and the second is clean; at the end, deleting everything leaves no
 * space used.
 */
class ConcurrentPowerCutTest {
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    /** The bytes of object {@code name}: 1 byte to ~200 KB, compressible, with duplicates across objects. */
    static byte[] content(long seed, String name) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003 + name.hashCode());
        return DataGenerator.of(seed + (name.hashCode() & 3), 1.5, 2, 16 * 1024).bytes(1 + r.nextInt(200_000));
    }

    @Test
    void acknowledgedConcurrentPutsSurvivePowerCutsAndKills() throws Exception {
        run(Integer.getInteger("flashcore.concurrent.iterations", 2),
                Long.getLong("flashcore.concurrent.seed", System.nanoTime()));
    }

    @Test
    @Tag("soak")
    void acknowledgedConcurrentPutsSurviveManyPowerCutsAndKills() throws Exception {
        run(Integer.getInteger("flashcore.concurrent.iterations", 30),
                Long.getLong("flashcore.concurrent.seed", System.nanoTime()));
    }

    private void run(int iterations, long seed) throws Exception {
        System.out.println("concurrent power cuts: " + iterations + " iterations of " + THREADS + " putting threads, seed "
                + seed + " (rerun with -Dflashcore.concurrent.seed=" + seed + ")");
        Path a = dir.resolve("array");
        FlashArray.create(a, FlashArrayTest.config(dir, 8, 4, 2)).close();
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> acked = new HashSet<>();
        int cuts = 0;
        int kills = 0;
        for (int it = 0; it < iterations; it++) {
            boolean powerCut = r.nextInt(4) != 0;
            Path errFile = dir.resolve("child-" + it + ".err");
            Process p = child(a, seed, "p" + it, powerCut ? "powercut:after=" + (5 + r.nextInt(120)) : null, r.nextLong(),
                    errFile);
            ChildJvm.Output out = new ChildJvm.Output(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // The kill comes at a random point of the put stream: counted from the first acknowledgement, as
            // the child's start-up alone can take longer than the draw (a kill before any put returned made
            // a run of two kills acknowledge nothing).
            long killAfter = 300 + r.nextInt(1500);
            long firstAck = 0;
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (!powerCut && firstAck == 0 && out.acks() > 0) {
                    firstAck = System.nanoTime();
                }
                if (firstAck != 0 && System.nanoTime() - firstAck >= TimeUnit.MILLISECONDS.toNanos(killAfter)) {
                    break;
                }
                Thread.sleep(5);
            }
            if (p.isAlive()) {
                p.toHandle().destroyForcibly(); // through its handle: the pipe stays readable to the end
                kills++;
            }
            int status = p.waitFor();
            String why = "iteration " + it + ", seed " + seed;
            List<String> seen = out.lines();
            if (seen.contains("CUT")) {
                cuts++;
            } else if (status != 137 && status != 143 && status != 9) {
                fail("the child ended with status " + status + " (" + seen.stream().filter(l -> l.startsWith("FAILED"))
                        .findFirst().orElse("") + "), " + why + ": " + Files.readString(errFile));
            }
            for (String line : seen) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
            try (FlashArray array = FlashArray.open(a)) {
                for (String n : acked) {
                    assertTrue(array.exists(n), "acknowledged object " + n + " is gone, " + why);
                }
                for (ObjectInfo o : array.list()) {
                    // Acknowledged, or in flight when the power went: whole either way.
                    assertArrayEquals(content(seed, o.name()), array.getBytes(o.name()), o.name() + ", " + why);
                }
                ScrubReport first = array.scrub(ProgressListener.NONE);
                assertTrue(first.unrepairableStripes().isEmpty(), first + ", " + why);
                ScrubReport second = array.scrub(ProgressListener.NONE);
                assertTrue(second.clean(), second + ", " + why);
                for (ObjectInfo o : array.list()) {
                    acked.add(o.name()); // in-flight puts that made it are acknowledged from now on
                }
            }
        }
        System.out.println("concurrent power cuts: " + cuts + " power cuts, " + kills + " kills, " + acked.size()
                + " objects at the end");
        assertTrue(acked.size() > 0, "nothing was acknowledged, seed " + seed);
        try (FlashArray array = FlashArray.open(a)) {
            assertEquals(acked.size(), array.list().size(), "seed " + seed);
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "seed " + seed);
        }
    }

    private static Process child(Path array, long seed, String prefix, String faults, long faultSeed, Path errFile)
            throws Exception {
        return new ProcessBuilder(ChildJvm.command(ConcurrentPutChild.class, faults, faultSeed, array.toString(),
                Long.toString(seed), prefix, Integer.toString(THREADS))).redirectError(errFile.toFile()).start();
    }
}
