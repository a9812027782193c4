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

class DriveReplacementTest {
    @TempDir
    Path dir;

    @Test
    void aFailedDriveOfAMinimalArrayIsRestoredOnItsReplacementAndTheArrayAgainSurvivesTwoLosses() throws Exception {
        Path a = dir.resolve("a");
        ArrayConfig config = FlashArrayTest.config(dir, 6, 4, 2); // exactly k+m drives
        byte[] one = FlashArrayTest.data(1, 1_500_000, 2, 2);
        byte[] two = FlashArrayTest.data(2, 900_000, 1, 4);
        byte[] three = FlashArrayTest.data(3, 700_000, 1, 2);
        try (FlashArray array = FlashArray.create(a, config)) {
            array.put("one", new ByteArrayInputStream(one));
            array.put("two", new ByteArrayInputStream(two));
            array.failDrive(2);
            // Five drives of six: new stripes are written degraded, their shard for drive 2 missing.
            array.put("three", new ByteArrayInputStream(three));
            assertTrue(array.metrics().shardsWrittenMissing() > 0);
        }
        Files.delete(config.drives().get(2)); // the lost device is pulled; a blank one takes its place
        try (FlashArray array = FlashArray.open(a)) {
            assertArrayEquals(one, array.getBytes("one")); // degraded, from parity
            ReplaceReport r = array.replaceDrive(2, ProgressListener.NONE);
            assertEquals(2, r.drive());
            assertEquals("FAILED", r.previousState());
            assertTrue(r.stripesChecked() > 0, r.toString());
            assertEquals(r.stripesChecked(), r.shardsRestored(),
                    "one shard per stripe lived on drive 2 or was missing for want of it: " + r);
            assertEquals(List.of(), r.unrepairable());
            assertEquals("UP", array.drives().get(2).state());
            // With two other drives lost, every stripe needs its shard on drive 2: it must be whole again.
            array.failDrive(0);
            array.failDrive(1);
            assertArrayEquals(one, array.getBytes("one"));
            assertArrayEquals(two, array.getBytes("two"));
            assertArrayEquals(three, array.getBytes("three"));
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertEquals("UP", array.drives().get(2).state());
            assertEquals("FAILED", array.drives().get(0).state());
            assertArrayEquals(two, array.getBytes("two"));
        }
    }

    @Test
    void aDriveRebuiltAwayComesBackEmptyAndTakesNewStripes() throws Exception {
        Path a = dir.resolve("a");
        byte[] one = FlashArrayTest.data(4, 1_000_000, 2, 2);
        byte[] two = FlashArrayTest.data(5, 4_000_000, 1, 2);
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 8, 4, 2))) {
            array.put("one", new ByteArrayInputStream(one));
            array.failDrive(3);
            assertTrue(array.rebuild(ProgressListener.NONE).unrecoverable().isEmpty());
            assertEquals("OUT", array.drives().get(3).state());
            ReplaceReport r;
            try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
                rec.enable("io.flashcore.array.DriveReplaced");
                rec.start();
                r = array.replaceDrive(3, ProgressListener.NONE);
                rec.stop();
                Path jfr = dir.resolve("replace.jfr");
                rec.dump(jfr);
                List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(jfr);
                assertEquals(1, events.size(), events.toString());
                assertEquals(3, events.get(0).getInt("drive"));
                assertEquals("OUT", events.get(0).getString("previousState"));
            }
            assertEquals("OUT", r.previousState());
            assertEquals(0, r.stripesChecked(), r.toString());
            assertEquals(0, r.shardsRestored(), r.toString());
            assertEquals("UP", array.drives().get(3).state());
            assertEquals(0, array.drives().get(3).usedSlots());
            array.put("two", new ByteArrayInputStream(two));
            assertTrue(array.drives().get(3).usedSlots() > 0, "no new stripe placed a shard on the replaced drive");
            array.failDrive(0);
            array.failDrive(1);
            assertArrayEquals(one, array.getBytes("one"));
            assertArrayEquals(two, array.getBytes("two"));
            assertTrue(array.scrub(ProgressListener.NONE).unrepairableStripes().isEmpty());
        }
    }

    @Test
    void onlyAFailedOrOutDriveThatExistsCanBeReplaced() throws Exception {
        try (FlashArray array = FlashArray.create(dir.resolve("a"), FlashArrayTest.config(dir, 6, 4, 2))) {
            FlashArrayException up = assertThrows(FlashArrayException.class,
                    () -> array.replaceDrive(1, ProgressListener.NONE));
            assertTrue(up.getMessage().contains("drive 1") && up.getMessage().contains("is up"), up.getMessage());
            assertThrows(IllegalArgumentException.class, () -> array.replaceDrive(6, ProgressListener.NONE));
            assertThrows(IllegalArgumentException.class, () -> array.replaceDrive(-1, ProgressListener.NONE));
            assertEquals("UP", array.drives().get(1).state());
        }
    }
}
