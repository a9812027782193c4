package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.flashcore.array.meta.MetadataBatch;
import io.flashcore.array.meta.RocksMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slot maps a clean close saves: the next open loads them instead of reading every stripe
 * record, they hold exactly the slots the stripe records do (through puts, deletes, compaction,
 * a failed drive and its rebuild, across several closes that save only changed pages), and a
 * page that is damaged or disagrees with its drive record sends the open back to the stripe records.
 */
class SlotMapsTest {
    @TempDir
    Path dir;

    private static void putValue(Path array, String key, byte[] value) throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(array.resolve(FlashArray.META_DIR), false);
             MetadataBatch b = store.batch()) {
            b.putValue(key, value);
            store.commit(b, true);
        }
    }

    private static byte[] value(Path array, String key) throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(array.resolve(FlashArray.META_DIR), false)) {
            return store.value(key).orElseThrow();
        }
    }

    /** Creates a 4+2 array on six drives in {@code a} holding {@code one} as object "one", closes it; returns {@code one}. */
    private static byte[] closedArrayHolding(Path a, byte[] one) throws Exception {
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(a, 6, 4, 2))) {
            array.put("one", new ByteArrayInputStream(one));
        }
        return one;
    }

    private static void assertReadsBack(FlashArray array, Map<String, byte[]> objects) throws Exception {
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            assertArrayEquals(e.getValue(), array.getBytes(e.getKey()), e.getKey());
        }
    }

    @Test
    void slotMapsSavedAtEachCleanCloseMatchTheStripeRecords() throws Exception {
        Path a = dir.resolve("a");
        Map<String, byte[]> objects = new HashMap<>();
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(a, 8, 4, 2))) {
            for (int i = 0; i < 6; i++) {
                objects.put("o" + i, FlashArrayTest.data(70 + i, 900_000, 1.5, 2));
                array.put("o" + i, new ByteArrayInputStream(objects.get("o" + i)));
            }
        }
        for (int round = 0; round < 4; round++) {
            try (FlashArray array = FlashArray.open(a)) {
                assertTrue(array.openedWithSlotMaps(), "round " + round);
                array.verifySlotMaps();
                assertReadsBack(array, objects);
                // New slots are taken from the loaded maps: nothing stored may be overwritten.
                String name = "r" + round;
                objects.put(name, FlashArrayTest.data(90 + round, 700_000, 1, 2));
                array.put(name, new ByteArrayInputStream(objects.get(name)));
                array.delete("o" + round);
                objects.remove("o" + round);
                array.compact(ProgressListener.NONE);
                if (round == 1) {
                    array.failDrive(5);
                    array.rebuild(ProgressListener.NONE);
                }
                if (round == 2) {
                    array.failDrive(2); // left failed: its map is saved and loaded as such
                }
                assertReadsBack(array, objects);
                array.verifySlotMaps();
            }
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertTrue(array.openedWithSlotMaps());
            array.verifySlotMaps();
            assertReadsBack(array, objects);
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "after reopening with slot maps");
        }
    }

    @Test
    void aDamagedOrDisagreeingSlotMapSendsTheOpenBackToTheStripeRecords() throws Exception {
        Path a = dir.resolve("a");
        byte[] one = closedArrayHolding(a, FlashArrayTest.data(80, 1_200_000, 1, 2));
        byte[] page = value(a, "slots/0/0");
        byte[][] bad = {
            {9},                                                   // unknown format
            java.util.Arrays.copyOf(page, page.length + 3),        // not whole words
            java.util.Arrays.copyOf(page, 1),                      // no slot used: disagrees with the drive record
        };
        for (byte[] b : bad) {
            putValue(a, "slots/0/0", b);
            try (FlashArray array = FlashArray.open(a)) {
                assertTrue(array.openedAfterCleanClose());
                assertFalse(array.openedWithSlotMaps(), "loaded a bad page " + java.util.HexFormat.of().formatHex(b));
                array.verifySlotMaps();
                array.put("more", new ByteArrayInputStream(FlashArrayTest.data(81, 600_000, 1, 2)));
                assertArrayEquals(one, array.getBytes("one"));
                array.delete("more");
            }
            // That close saved every page again.
            try (FlashArray array = FlashArray.open(a)) {
                assertTrue(array.openedWithSlotMaps());
            }
        }
    }

    @Test
    void aMarkWithoutSlotMapsOrAfterACrashReadsTheStripeRecords() throws Exception {
        Path a = dir.resolve("a");
        byte[] one = closedArrayHolding(a, FlashArrayTest.data(82, 800_000, 1, 2));
        putValue(a, "clean-close", new byte[] {1, 1}); // as the format-1 mark said a clean close
        try (FlashArray array = FlashArray.open(a)) {
            assertTrue(array.openedAfterCleanClose());
            assertFalse(array.openedWithSlotMaps());
            assertArrayEquals(one, array.getBytes("one"));
        }
        putValue(a, "clean-close", new byte[] {2, 0, 0}); // as an open that never closed leaves it
        try (FlashArray array = FlashArray.open(a)) {
            assertFalse(array.openedAfterCleanClose());
            assertFalse(array.openedWithSlotMaps());
            array.verifySlotMaps();
            assertArrayEquals(one, array.getBytes("one"));
        }
        assertEquals(3, value(a, "clean-close").length);
    }
}
