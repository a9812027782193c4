package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.array.meta.RecordWriter;
import io.flashcore.array.meta.StripeRecord;
import io.flashcore.nativeio.FaultInjection;
import io.flashcore.nativeio.FaultPlan;

/**
 * Writes with drives down on an array of exactly k+m drives: new stripes are written without the
 * shards no drive can take (degraded, one shard of redundancy kept), read back through parity, and
 * made whole once drives are back.
 */
class DegradedWriteTest {
    @TempDir
    Path dir;

    @Test
    void stripesWrittenWithADriveDownSurviveAnotherLossAndAreMadeWholeByTheReplacement() throws Exception {
        Path a = dir.resolve("a");
        ArrayConfig config = FlashArrayTest.config(dir, 6, 4, 2); // exactly k+m drives
        byte[] before = FlashArrayTest.data(1, 1_200_000, 2, 2);
        byte[] during = FlashArrayTest.data(2, 2_000_000, 1, 3);
        byte[] refused = FlashArrayTest.data(3, 300_000, 1, 2);
        byte[] after = FlashArrayTest.data(4, 900_000, 1, 2);
        try (FlashArray array = FlashArray.create(a, config)) {
            array.put("before", new ByteArrayInputStream(before));
            array.failDrive(1);
            array.put("during", new ByteArrayInputStream(during));
            assertTrue(array.metrics().shardsWrittenMissing() > 0, "stripes written without drive 1's shards");
            assertTrue(array.stats().degradedStripes() > 0, array.stats().toString());
            assertArrayEquals(during, array.getBytes("during"));
        }
        try (FlashArray array = FlashArray.open(a)) {
            // Missing shards plus a second lost drive: two erasures per stripe at most, m = 2.
            array.failDrive(4);
            assertArrayEquals(before, array.getBytes("before"));
            assertArrayEquals(during, array.getBytes("during"));
            // A third shard gone would leave new stripes without redundancy: refused, nothing visible.
            ArrayFullException e = assertThrows(ArrayFullException.class,
                    () -> array.put("refused", new ByteArrayInputStream(refused)));
            assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("redundancy"), e.getMessage());
            assertTrue(!array.exists("refused"));
            ScrubReport degraded = array.scrub(ProgressListener.NONE);
            assertTrue(degraded.missingShards() > 0 && degraded.unrepairableStripes().isEmpty(), degraded.toString());
        }
        Files.delete(config.drives().get(1)); // both lost devices are swapped for blank ones
        Files.delete(config.drives().get(4));
        try (FlashArray array = FlashArray.open(a)) {
            ReplaceReport r1 = array.replaceDrive(1, ProgressListener.NONE);
            assertEquals(List.of(), r1.unrepairable());
            assertTrue(array.metrics().missingShardsPlaced() > 0, "drive 1 takes the shards written without it");
            ReplaceReport r4 = array.replaceDrive(4, ProgressListener.NONE);
            assertEquals(List.of(), r4.unrepairable());
            array.put("after", new ByteArrayInputStream(after));
            ScrubReport whole = array.scrub(ProgressListener.NONE);
            assertTrue(whole.clean() && whole.missingShards() == 0, "no shard missing any more: " + whole);
            assertEquals(0, array.stats().degradedStripes());
        }
        try (FlashArray array = FlashArray.open(a)) {
            // Every stripe whole again: any two drives may go.
            array.failDrive(0);
            array.failDrive(5);
            assertArrayEquals(before, array.getBytes("before"));
            assertArrayEquals(during, array.getBytes("during"));
            assertArrayEquals(after, array.getBytes("after"));
        }
    }

    @Test
    void aDriveFailingEveryWriteOfAMinimalArrayLeavesServiceAndPutsGoOnDegraded() throws Exception {
        Path a = dir.resolve("a");
        byte[] base = FlashArrayTest.data(5, 500_000, 1, 2);
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 6, 4, 2))) {
            array.put("base", new ByteArrayInputStream(base));
        }
        FaultPlan plan = FaultPlan.parse("eio:op=write:drive=3", 11);
        plan.arm(false);
        FaultInjection.install(plan);
        byte[][] objects = new byte[3][];
        try (FlashArray array = FlashArray.open(a)) {
            plan.arm(true);
            for (int i = 0; i < objects.length; i++) {
                objects[i] = FlashArrayTest.data(20 + i, 600_000, 1, 2);
                array.put("o" + i, new ByteArrayInputStream(objects[i]));
            }
            plan.arm(false);
            assertEquals(1, array.metrics().drivesEjected());
            assertEquals("FAILED", array.drives().get(3).state());
            assertTrue(array.metrics().shardsWrittenMissing() > 0);
        } finally {
            plan.arm(false);
            FaultInjection.clear();
        }
        try (FlashArray array = FlashArray.open(a)) {
            array.failDrive(0); // a second loss: degraded stripes still have the shard of redundancy they kept
            assertArrayEquals(base, array.getBytes("base"));
            for (int i = 0; i < objects.length; i++) {
                assertArrayEquals(objects[i], array.getBytes("o" + i), "o" + i);
            }
        }
    }

    @Test
    void aStripeRecordWithAMissingShardIsFormatTwoAndRoundTrips() throws Exception {
        StripeRecord whole = new StripeRecord(7, 1, 3, 2, 1, 100, 90, new int[] {0, 1, 2}, new long[] {5, 6, 7},
                new int[] {1, 2, 3});
        StripeRecord degraded = new StripeRecord(7, 1, 3, 2, 1, 100, 90, new int[] {0, 1, 2},
                new long[] {5, StripeRecord.MISSING_SLOT, 7}, new int[] {1, 2, 3});
        byte[] w = whole.encode(new RecordWriter(64));
        byte[] d = degraded.encode(new RecordWriter(64));
        assertEquals(1, w[0], "records without missing shards keep format 1 for older readers");
        assertEquals(2, d[0]);
        assertEquals(whole, StripeRecord.decode(7, w));
        assertEquals(degraded, StripeRecord.decode(7, d));
        assertEquals(1, degraded.missingShards());
        d[0] = 1; // a format-1 record cannot say "missing"
        assertThrows(CorruptDataException.class, () -> StripeRecord.decode(7, d));
    }
}
