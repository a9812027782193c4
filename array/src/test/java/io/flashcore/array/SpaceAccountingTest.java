package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats' space accounting: live, dead and unfilled bytes add up to the capacity of the stripes
 * in use, deletes leave dead bytes that raise the space amplification, and compaction gives them
 * back.
 */
class SpaceAccountingTest {
    private static final int OBJECTS = 16;
    private static final int OBJECT_BYTES = 150_000;

    @TempDir
    Path dir;

    private static ArrayConfig config(Path dir, double compactionThreshold) {
        return ArrayConfig.builder().driveFiles(dir.resolve("drives"), 6).layout(4, 2).shardBytes(64 * 1024)
                .driveBytes(64L << 20).compactionThreshold(compactionThreshold).build();
    }

    /** Checks the identities every stats snapshot keeps; returns it. */
    private static ArrayStats checked(FlashArray array) throws Exception {
        ArrayStats s = array.stats();
        assertEquals(s.stripes() * array.config().stripeDataBytes(), s.liveBytes() + s.deadBytes() + s.unfilledBytes(),
                "live + dead + unfilled must be the data capacity of the stripes in use: " + s);
        assertEquals(s.storedBytes(), s.liveBytes(), "removed chunks are swept by the delete that frees them: " + s);
        double ideal = s.liveBytes() * (double) (s.k() + s.m()) / s.k();
        assertEquals(s.liveBytes() == 0 ? 1 : s.physicalBytes() / ideal, s.spaceAmplification(), 1e-12, s.toString());
        return s;
    }

    /** Puts {@link #OBJECTS} incompressible objects, then deletes every other one; returns the stats after. */
    private static ArrayStats[] putThenDeleteHalf(FlashArray array) throws Exception {
        for (int i = 0; i < OBJECTS; i++) {
            array.put("o" + i, new ByteArrayInputStream(FlashArrayTest.data(100 + i, OBJECT_BYTES, 1, 1)));
        }
        ArrayStats full = checked(array);
        for (int i = 0; i < OBJECTS; i += 2) {
            array.delete("o" + i);
        }
        return new ArrayStats[] {full, checked(array)};
    }

    /**
     * A compaction whose progress listener throws stops with the listener's exception and leaves the
     * array as it was: every object reads back, the accounting still adds up, and a later compaction
     * and deleting everything leave nothing behind. (The stopped compaction had already sealed the
     * stripe it was filling; a later compaction emptied that stripe and then wrote its uncommitted
     * record back, live bytes and all, over the freed slots.)
     */
    @Test
    void aCompactionStoppedByItsListenerLeavesTheArrayConsistent() throws Exception {
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir.resolve("a"), 0.9))) {
            for (int i = 0; i < OBJECTS; i++) {
                array.put("o" + i, new ByteArrayInputStream(FlashArrayTest.data(300 + i, OBJECT_BYTES, 1, 1)));
            }
            // Deleting with a threshold of 0.9 compacts as it goes; put more so stripes are left sparse.
            // The accounting adds up after every step.
            for (int i = 0; i < OBJECTS; i += 2) {
                array.delete("o" + i);
                checked(array);
            }
            for (int i = 0; i < OBJECTS; i += 3) {
                array.put("p" + i, new ByteArrayInputStream(FlashArrayTest.data(500 + i, OBJECT_BYTES, 1, 1)));
                checked(array);
            }
            for (int i = 1; i < OBJECTS; i += 4) {
                array.delete("o" + i);
                checked(array);
            }
            ArrayStats before = checked(array);
            RuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> array.compact((op, done, total) -> {
                        throw new IllegalStateException("stop");
                    }));
            assertEquals("stop", thrown.getMessage());
            ArrayStats after = checked(array);
            assertEquals(before.liveBytes(), after.liveBytes(), before + " vs " + after);
            for (ObjectInfo o : array.list()) {
                assertEquals(OBJECT_BYTES, array.getBytes(o.name()).length, o.name());
            }
            array.compact(ProgressListener.NONE);
            checked(array);
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "after a compaction its listener stopped");
        }
    }

    @Test
    void deadBytesRaiseSpaceAmplificationUntilCompactionGivesThemBack() throws Exception {
        ArrayStats kept;
        try (FlashArray array = FlashArray.create(dir.resolve("never"), config(dir.resolve("never"), 0))) {
            ArrayStats[] s = putThenDeleteHalf(array);
            ArrayStats full = s[0];
            kept = s[1];
            assertEquals(0, full.deadBytes(), full.toString());
            assertTrue(full.spaceAmplification() >= 1, full.toString());
            // Every object straddles stripes, so no stripe empties: what the deletes removed stays on flash.
            assertEquals(full.stripes(), kept.stripes(), kept.toString());
            assertEquals(full.storedBytes() - kept.storedBytes(), kept.deadBytes(), kept.toString());
            assertTrue(kept.spaceAmplification() > 1.8 * full.spaceAmplification(),
                    "half the data deleted and nothing compacted: " + full + " -> " + kept);
            // compact() at a threshold of 0 moves nothing.
            array.compact(ProgressListener.NONE);
            assertEquals(kept.deadBytes(), checked(array).deadBytes());
        }
        try (FlashArray array = FlashArray.create(dir.resolve("eager"), config(dir.resolve("eager"), 0.9))) {
            ArrayStats[] s = putThenDeleteHalf(array);
            array.compact(ProgressListener.NONE);
            ArrayStats compacted = checked(array);
            // Only the open stripe, which compaction does not move, may still hold dead bytes.
            assertTrue(compacted.deadBytes() <= array.config().stripeDataBytes(), compacted.toString());
            assertTrue(compacted.stripes() < s[0].stripes(), compacted.toString());
            assertTrue(compacted.spaceAmplification() < kept.spaceAmplification(),
                    "compaction must lower the amplification: " + kept + " vs " + compacted);
            assertEquals(kept.liveBytes(), compacted.liveBytes(), "both arrays hold the same live objects");
            for (int i = 1; i < OBJECTS; i += 2) {
                assertEquals(OBJECT_BYTES, array.getBytes("o" + i).length);
            }
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "after the compaction");
            ArrayStats empty = checked(array);
            assertEquals(0, empty.liveBytes() + empty.deadBytes() + empty.unfilledBytes(), empty.toString());
            assertEquals(1, empty.spaceAmplification());
        }
    }
}
