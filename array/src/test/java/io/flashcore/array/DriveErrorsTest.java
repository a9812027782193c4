package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriveErrorsTest {
    @TempDir
    Path dir;

    private Path create(byte[] data) throws Exception {
        Path a = dir.resolve("a");
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 6, 3, 2))) {
            array.put("x", new ByteArrayInputStream(data));
        }
        return a;
    }

    /**
     * Opens the array in {@code a} with a fault plan (seeded {@code seed}) installed that fails every
     * write once the array is open; {@code FaultInjection.installed().arm(false)} stops it.
     */
    private static FlashArray openWithEveryWriteFailing(Path a, long seed) throws Exception {
        io.flashcore.nativeio.FaultPlan plan = io.flashcore.nativeio.FaultPlan.parse("eio:op=write", seed);
        io.flashcore.nativeio.FaultInjection.install(plan);
        return ChildJvm.openArmed(a, plan);
    }

    @Test
    void shouldNameAMissingDriveInStrictModeAndServeDegradedOtherwise() throws Exception {
        byte[] data = FlashArrayTest.data(1, 900_000, 1, 2);
        Path a = create(data);
        Path d2 = dir.resolve("drives").resolve("drive-02.img");
        Files.move(d2, dir.resolve("elsewhere.img"));
        MissingDriveException e = assertThrows(MissingDriveException.class, () -> FlashArray.open(a, false));
        assertEquals(2, e.drive());
        assertTrue(e.getMessage().contains("drive-02.img"), e.getMessage());
        try (FlashArray array = FlashArray.open(a)) {
            assertArrayEquals(data, array.getBytes("x"));
            assertEquals("FAILED", array.drives().get(2).state());
        }
    }

    @Test
    void shouldNameSwappedDrivesAsForeign() throws Exception {
        Path a = create(FlashArrayTest.data(2, 300_000, 1, 2));
        Path d0 = dir.resolve("drives").resolve("drive-00.img");
        Path d1 = dir.resolve("drives").resolve("drive-01.img");
        Path tmp = dir.resolve("tmp.img");
        Files.move(d0, tmp);
        Files.move(d1, d0);
        Files.move(tmp, d1, StandardCopyOption.REPLACE_EXISTING);
        ForeignDriveException e = assertThrows(ForeignDriveException.class, () -> FlashArray.open(a, false));
        assertEquals(0, e.drive());
        assertTrue(e.getMessage().contains("it is drive 1"), e.getMessage());
    }

    @Test
    void shouldRefuseADriveOfAnotherArray() throws Exception {
        Path a = create(FlashArrayTest.data(3, 100_000, 1, 2));
        Path other = dir.resolve("other");
        try (FlashArray b = FlashArray.create(other, FlashArrayTest.config(other, 6, 3, 2))) {
            b.put("y", new ByteArrayInputStream(new byte[] {1}));
        }
        Files.copy(other.resolve("drives").resolve("drive-04.img"), dir.resolve("drives").resolve("drive-04.img"),
                StandardCopyOption.REPLACE_EXISTING);
        ForeignDriveException e = assertThrows(ForeignDriveException.class, () -> FlashArray.open(a, false));
        assertTrue(e.getMessage().contains("belongs to array"), e.getMessage());
    }

    @Test
    void shouldRefuseToOpenWhenMoreThanMDrivesAreGone() throws Exception {
        Path a = create(FlashArrayTest.data(4, 100_000, 1, 2));
        for (int i = 0; i < 3; i++) {
            Files.delete(dir.resolve("drives").resolve("drive-0" + i + ".img"));
        }
        TooFewHealthyDrivesException e = assertThrows(TooFewHealthyDrivesException.class, () -> FlashArray.open(a));
        assertTrue(e.badDrives().containsAll(java.util.List.of(0, 1, 2)), e.getMessage());
    }

    @Test
    void shouldRejectAConfigurationOfANewerFormatVersion() throws Exception {
        ArrayConfig c = FlashArrayTest.config(dir, 6, 3, 2);
        byte[] bytes = c.encode();
        int versionAt = ArrayConfig.MAGIC.length();
        bytes[versionAt] = 9;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            bytes[bytes.length - 4 + i] = (byte) (v >>> (24 - 8 * i));
        }
        FormatVersionException e = assertThrows(FormatVersionException.class, () -> ArrayConfig.decode(bytes, "test"));
        assertEquals(9, e.found());
        assertEquals(c, ArrayConfig.decode(c.encode(), "test"));
    }

    @Test
    void shouldReportAFullArrayWithATypedError() throws Exception {
        ArrayConfig tiny = ArrayConfig.builder().driveFiles(dir.resolve("tiny"), 4).layout(2, 1).shardBytes(64 * 1024)
                .chunker("fastcdc2020", 4096, 16384, 32768).driveBytes(ArrayConfig.FIRST_SLOT_OFFSET + 8L * 64 * 1024)
                .build();
        try (FlashArray array = FlashArray.create(dir.resolve("t"), tiny)) {
            array.put("small", new ByteArrayInputStream(FlashArrayTest.data(5, 50_000, 1, 1)));
            ArrayFullException e = assertThrows(ArrayFullException.class,
                    () -> array.put("big", new ByteArrayInputStream(FlashArrayTest.data(6, 3_000_000, 1, 1))));
            assertTrue(e.getMessage().contains("big"), e.getMessage());
            assertTrue(!array.exists("big"));
            assertArrayEquals(FlashArrayTest.data(5, 50_000, 1, 1), array.getBytes("small"));
        }
    }

    @Test
    void shouldTakeADriveThatFailsEveryWriteOutOfServiceAndKeepStoring() throws Exception {
        byte[] base = FlashArrayTest.data(7, 400_000, 1, 2);
        Path a = create(base);
        io.flashcore.nativeio.FaultPlan plan = io.flashcore.nativeio.FaultPlan.parse("eio:op=write:drive=1", 7);
        plan.arm(false);
        io.flashcore.nativeio.FaultInjection.install(plan);
        byte[][] objects = new byte[4][];
        try (FlashArray array = FlashArray.open(a)) {
            plan.arm(true);
            for (int i = 0; i < objects.length; i++) {
                objects[i] = FlashArrayTest.data(10 + i, 700_000, 1, 2);
                array.put("o" + i, new ByteArrayInputStream(objects[i]));
            }
            assertEquals(1, array.metrics().drivesEjected());
            assertEquals("FAILED", array.drives().get(1).state());
            assertArrayEquals(base, array.getBytes("x"));
            for (int i = 0; i < objects.length; i++) {
                assertArrayEquals(objects[i], array.getBytes("o" + i), "o" + i);
            }
        } finally {
            plan.arm(false);
            io.flashcore.nativeio.FaultInjection.clear();
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertEquals("FAILED", array.drives().get(1).state(), "the drive's state is persisted");
            for (int i = 0; i < objects.length; i++) {
                assertArrayEquals(objects[i], array.getBytes("o" + i), "o" + i + " after reopening");
            }
            assertTrue(array.scrub(ProgressListener.NONE).unrepairableStripes().isEmpty());
        }
    }

    @Test
    void shouldFailAPutRatherThanTakeMoreDrivesOutThanTheStripesCanLose() throws Exception {
        byte[] base = FlashArrayTest.data(8, 400_000, 1, 2);
        Path a = create(base);
        try (FlashArray array = openWithEveryWriteFailing(a, 8)) {
            byte[] data = FlashArrayTest.data(9, 700_000, 1, 2);
            assertThrows(java.io.IOException.class, () -> array.put("y", new ByteArrayInputStream(data)));
            io.flashcore.nativeio.FaultInjection.installed().arm(false);
            // 6 drives of a 3+2 array: one may leave (5 still hold a full stripe), a second may not.
            assertEquals(1, array.metrics().drivesEjected());
            assertTrue(!array.exists("y"));
            assertArrayEquals(base, array.getBytes("x"));
        } finally {
            io.flashcore.nativeio.FaultInjection.clear();
        }
    }

    /**
     * A put whose stripes cannot be written (every write fails once the array can take no more drives
     * out) fails without reading the rest of its source: it stops at its next packing after the failed
     * write dropped its chunks, not at its commit after reading and reducing everything.
     */
    @Test
    void aPutWhoseStripesCannotBeWrittenStopsReadingItsSource() throws Exception {
        byte[] base = FlashArrayTest.data(10, 400_000, 1, 2);
        Path a = create(base);
        try (FlashArray array = openWithEveryWriteFailing(a, 9)) {
            int total = 64 << 20;
            java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
            // Incompressible: every window fills stripes.
            java.io.InputStream source = new java.io.FilterInputStream(
                    io.flashcore.testdata.DataGenerator.of(11, 1, 1, 64 * 1024).stream(total)) {
                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    read.addAndGet(Math.max(0, n));
                    return n;
                }
            };
            FlashArrayException e = assertThrows(FlashArrayException.class, () -> array.put("big", source));
            io.flashcore.nativeio.FaultInjection.installed().arm(false);
            assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("the put was not stored"),
                    e.getMessage());
            assertTrue(read.get() < total / 2, "read " + read.get() + " of " + total + " bytes before failing");
            assertTrue(!array.exists("big"));
            assertArrayEquals(base, array.getBytes("x"));
        } finally {
            io.flashcore.nativeio.FaultInjection.clear();
        }
    }
}
