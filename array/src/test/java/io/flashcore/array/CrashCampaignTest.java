package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Crash campaign over the whole life cycle: a child JVM ({@link CampaignChild}) runs a random mix
 * of puts, deletes, drive failures with rebuild, drive replacements and compactions (on an array
 * with spare drives, and on one of exactly k+m drives, where puts with drives down write degraded
 * stripes and may be refused), and is either killed (SIGKILL) at
 * a random moment or loses power at a random write (an injected power cut that drops, tears or
 * keeps every write not yet synced). After every restart: each object whose last acknowledged
 * operation was a put is there byte for byte, each acknowledged delete stays deleted, the
 * operation in flight is all-or-nothing, the first scrub finds nothing it cannot repair and the
 * second is clean. At the end, everything rebuilt, deleted and compacted leaves no space used.
 */
class CrashCampaignTest {
    @TempDir
    Path dir;

    @Test
    void survivesKillsAndPowerCutsDuringPutsDeletesRebuildsAndCompactions() throws Exception {
        run(Integer.getInteger("flashcore.campaign.iterations", 3),
                Long.getLong("flashcore.campaign.seed", System.nanoTime()), 10);
    }

    /** Six drives for 4+2 stripes: with drives down, stripes are written degraded, and replacements make them whole. */
    @Test
    void survivesKillsAndPowerCutsOnAnArrayOfExactlyKPlusMDrives() throws Exception {
        run(Integer.getInteger("flashcore.campaign.iterations", 3),
                Long.getLong("flashcore.campaign.seed", System.nanoTime()), 6);
    }

    @Test
    @Tag("soak")
    void survivesALongCampaign() throws Exception {
        run(Integer.getInteger("flashcore.campaign.iterations", 60),
                Long.getLong("flashcore.campaign.seed", System.nanoTime()), 10);
    }

    @Test
    @Tag("soak")
    void survivesALongCampaignOnAnArrayOfExactlyKPlusMDrives() throws Exception {
        run(Integer.getInteger("flashcore.campaign.iterations", 60),
                Long.getLong("flashcore.campaign.seed", System.nanoTime()), 6);
    }

    /**
     * Small chunks (256 bytes on average): objects of up to 700 KB have up to ~1 500 chunks, so their
     * recipes are kept in segment records beside their heads, which crashes must leave whole or absent.
     */
    @Test
    @Tag("soak")
    void survivesACampaignWithRecipesInSegments() throws Exception {
        run(Integer.getInteger("flashcore.campaign.iterations", 30),
                Long.getLong("flashcore.campaign.seed", System.nanoTime()), 10, true);
    }

    private void run(int iterations, long seed, int driveCount) throws Exception {
        run(iterations, seed, driveCount, false);
    }

    private void run(int iterations, long seed, int driveCount, boolean smallChunks) throws Exception {
        System.out.println("crash campaign: " + iterations + " iterations on " + driveCount + " drives"
                + (smallChunks ? " with 256-byte chunks" : "") + ", seed " + seed
                + " (rerun with -Dflashcore.campaign.seed=" + seed + ")");
        Path a = dir.resolve("array");
        ArrayConfig config = FlashArrayTest.config(dir, driveCount, 4, 2);
        if (smallChunks) {
            config = config.toBuilder().chunker("fastcdc2020", 64, 256, 1024).build();
        }
        FlashArray.create(a, config).close();
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Boolean> present = new HashMap<>();
        int next = 0;
        int kills = 0;
        int cuts = 0;
        long missingShards = 0;
        int replacements = 0;
        int refusals = 0;
        for (int it = 0; it < iterations; it++) {
            boolean powerCut = r.nextBoolean();
            Path errFile = dir.resolve("child-" + it + ".err");
            Process p = child(a, seed, r.nextLong(), next, powerCut ? "powercut:after=" + (1 + r.nextInt(80)) : null,
                    r.nextLong(), errFile);
            ChildJvm.Output out = new ChildJvm.Output(p);
            int target = 1 + r.nextInt(6);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((powerCut || out.acks() < target) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(r.nextInt(200));
            if (p.isAlive()) {
                // Through its handle: Process.destroyForcibly also closes the pipe, and the lines the child
                // wrote that this test has not read yet would be lost (an acknowledged delete taken for absent).
                p.toHandle().destroyForcibly();
                kills++;
            }
            int status = p.waitFor();
            List<String> lines = out.lines();
            String err = java.nio.file.Files.readString(errFile);
            if (!lines.isEmpty() && lines.getLast().equals("CUT")) {
                cuts++;
            } else if (status != 137 && status != 143 && status != 9) {
                fail("the child ended by itself with status " + status + ", seed " + seed + ": " + err);
            }
            String inFlight = null;
            long missingHere = 0;
            for (String line : lines) {
                String[] w = line.split(" ");
                if (w[0].equals("BEGIN")) {
                    inFlight = line.substring(6);
                } else if (w[0].equals("FULL")) {
                    refusals++;
                    inFlight = null; // refused for want of drives: never acknowledged, a put must not be visible
                    if (w[1].equals("put")) {
                        next = Math.max(next, CampaignChild.number(w[2]) + 1);
                    }
                } else if (w[0].equals("ACK")) {
                    inFlight = null;
                    if (w[1].equals("replace")) {
                        replacements++;
                    }
                    if (w[1].equals("put")) {
                        missingHere = Long.parseLong(w[3]);
                        present.put(w[2], true);
                        next = Math.max(next, CampaignChild.number(w[2]) + 1);
                    } else if (w[1].equals("del")) {
                        present.put(w[2], false);
                    }
                }
            }
            missingShards += missingHere;
            String inFlightName = null;
            if (inFlight != null && (inFlight.startsWith("put ") || inFlight.startsWith("del "))) {
                inFlightName = inFlight.substring(4);
                if (inFlight.startsWith("put ")) {
                    next = Math.max(next, CampaignChild.number(inFlightName) + 1);
                }
            }
            String why = "iteration " + it + ", in flight " + inFlight + ", seed " + seed;
            try (FlashArray array = FlashArray.open(a)) {
                for (ObjectInfo o : array.list()) {
                    if (!o.name().equals(inFlightName) && !present.getOrDefault(o.name(), false)) {
                        fail(o.name() + " is visible but was never acknowledged or was deleted, " + why);
                    }
                }
                for (Map.Entry<String, Boolean> e : present.entrySet()) {
                    String n = e.getKey();
                    boolean exists = array.exists(n);
                    if (n.equals(inFlightName)) {
                        e.setValue(exists);
                    } else {
                        assertEquals(e.getValue(), exists, n + ", " + why);
                    }
                    if (exists) {
                        assertArrayEquals(CrashSafetyTest.content(seed, CampaignChild.number(n)), array.getBytes(n),
                                n + ", " + why);
                    }
                }
                if (inFlightName != null && !present.containsKey(inFlightName) && array.exists(inFlightName)) {
                    assertArrayEquals(CrashSafetyTest.content(seed, CampaignChild.number(inFlightName)),
                            array.getBytes(inFlightName), inFlightName + ", " + why);
                    present.put(inFlightName, true);
                }
                ScrubReport first = array.scrub(ProgressListener.NONE);
                assertTrue(first.unrepairableStripes().isEmpty(), first + ", " + why);
                ScrubReport second = array.scrub(ProgressListener.NONE);
                assertTrue(second.clean(), second + ", " + why);
            }
        }
        System.out.println("crash campaign: " + kills + " kills, " + cuts + " power cuts, "
                + present.values().stream().filter(b -> b).count() + " objects at the end; " + replacements
                + " drive replacements, " + missingShards + " shards written missing (degraded stripes), " + refusals
                + " operations refused for want of drives");
        try (FlashArray array = FlashArray.open(a)) {
            array.rebuild(ProgressListener.NONE);
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "seed " + seed);
        }
    }

    private static Process child(Path array, long contentSeed, long opSeed, int first, String faults, long faultSeed,
                                 Path errFile) throws Exception {
        return new ProcessBuilder(ChildJvm.command(CampaignChild.class, faults, faultSeed, array.toString(),
                Long.toString(contentSeed), Long.toString(opSeed), Integer.toString(first)))
                .redirectError(errFile.toFile()).start();
    }
}
