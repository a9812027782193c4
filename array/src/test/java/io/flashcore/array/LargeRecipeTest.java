package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.array.meta.ObjectRecord;
import io.flashcore.array.meta.RecipeSegmentKeys;

/**
 * Objects whose recipes span several metadata segments (small chunks make a 5 MB object ~10 000 chunks
 * long): they read back whole, before and after reopening, list and stat report them from their heads,
 * and replacing or deleting them leaves no segment and no reference behind.
 */
class LargeRecipeTest {
    @TempDir
    Path dir;

    private static ArrayConfig config(Path dir) {
        return ArrayConfig.builder().driveFiles(dir.resolve("drives"), 6).layout(4, 2).shardBytes(256 * 1024)
                .driveBytes(64L << 20).chunker("fastcdc2020", 64, 256, 1024).build();
    }

    private static byte[] read(FlashArray array, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        array.get(name, out);
        return out.toByteArray();
    }

    /** Recipe segment keys in the array's metadata (the array closed). */
    private static int segmentKeys(Path array) throws Exception {
        return RecipeSegmentKeys.count(array.resolve(FlashArray.META_DIR));
    }

    @Test
    void objectsOfManySegmentsRoundTripAndLeaveNothingWhenReplacedOrDeleted() throws Exception {
        Path a = dir.resolve("a");
        byte[] big = FlashArrayTest.data(7, 5_000_000, 1.5, 2);
        byte[] small = FlashArrayTest.data(8, 20_000, 1, 2);
        int chunks;
        try (FlashArray array = FlashArray.create(a, config(a))) {
            ObjectInfo put = array.put("big", new ByteArrayInputStream(big));
            chunks = put.chunks();
            assertTrue(chunks > 2 * ObjectRecord.SEGMENT_CHUNKS, "the test needs a recipe of 3+ segments: " + chunks);
            array.put("big-neighbour", new ByteArrayInputStream(small));
            assertArrayEquals(big, read(array, "big"));
            assertEquals(new ObjectInfo("big", big.length, chunks, put.created()), array.stat("big"));
            assertEquals(List.of("big", "big-neighbour"), array.list("big").stream().map(ObjectInfo::name).toList());
            assertEquals(chunks, array.list("big").get(0).chunks());
        }
        assertEquals((chunks + ObjectRecord.SEGMENT_CHUNKS - 1) / ObjectRecord.SEGMENT_CHUNKS, segmentKeys(a));
        try (FlashArray array = FlashArray.open(a)) {
            assertArrayEquals(big, read(array, "big"));
            array.put("big", new ByteArrayInputStream(small)); // replaced by an object with an inline recipe
            assertArrayEquals(small, read(array, "big"));
            assertArrayEquals(small, read(array, "big-neighbour"));
        }
        assertEquals(0, segmentKeys(a));
        try (FlashArray array = FlashArray.open(a)) {
            array.put("big", new ByteArrayInputStream(big));
            array.delete("big");
            array.delete("big-neighbour");
            ArrayStats s = array.stats();
            assertEquals(0, s.chunks(), "references left: " + s);
            assertEquals(0, s.storedBytes(), "bytes left: " + s);
        }
        assertEquals(0, segmentKeys(a));
    }

    @Test
    void anObjectOfMoreChunksThanTheLimitFailsTypedAndLeavesNothing() throws Exception {
        Path a = dir.resolve("a");
        byte[] big = FlashArrayTest.data(9, 1_000_000, 1, 2);
        byte[] small = FlashArrayTest.data(10, 20_000, 1, 2);
        try (FlashArray array = FlashArray.create(a, config(a))) {
            array.maxObjectChunks = 500;
            var e = org.junit.jupiter.api.Assertions.assertThrows(ObjectTooLargeException.class,
                    () -> array.put("too-big", new ByteArrayInputStream(big)));
            assertTrue(e.getMessage().contains("'too-big'") && e.getMessage().contains("500"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(ObjectNotFoundException.class, () -> array.stat("too-big"));
            ArrayStats s = array.stats();
            assertEquals(0, s.chunks(), "references left by the failed put: " + s);
            array.put("fits", new ByteArrayInputStream(small));
            assertArrayEquals(small, read(array, "fits"));
        }
    }

    @Test
    void aPutBeyondWhatTheHeapHoldsFailsNamingTheHeapAndLeavesNothing() throws Exception {
        Path a = dir.resolve("a");
        byte[] big = FlashArrayTest.data(11, 1_000_000, 1, 2);
        try (FlashArray array = FlashArray.create(a, config(a))) {
            array.heapChunkLimit = 300;
            var e = org.junit.jupiter.api.Assertions.assertThrows(ObjectTooLargeException.class,
                    () -> array.put("too-big", new ByteArrayInputStream(big)));
            assertTrue(e.getMessage().contains("'too-big'") && e.getMessage().contains("300")
                    && e.getMessage().contains("heap") && e.getMessage().contains("-Xmx"), e.getMessage());
            assertEquals(0, array.stats().chunks(), "references left by the failed put");
            array.heapChunkLimit = Long.MAX_VALUE;
            array.put("fits", new ByteArrayInputStream(big));
            assertArrayEquals(big, read(array, "fits"));
        }
    }

    /**
     * In a JVM of 48 MiB of heap, a put of ~200 000 small chunks (it would need ~140 MB until its commit)
     * is refused with the typed error naming the heap, not an {@link OutOfMemoryError}; the array then
     * stores a small object as before.
     */
    @Test
    void aPutInASmallHeapIsRefusedBeforeItRunsOutOfMemory() throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(ChildJvm.command(HeapBoundChild.class, null, 0,
                dir.toString(), Long.toString(60_000_000L)));
        cmd.add(1, "-Xmx48m");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("TOO_LARGE object 'huge'") && out.contains("heap"), out);
        assertTrue(out.contains("HUGE_ABSENT") && out.contains("SMALL_STORED"), out);
    }
}
