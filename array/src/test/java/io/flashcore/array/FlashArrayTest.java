package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.testdata.DataGenerator;

class FlashArrayTest {
    @TempDir
    Path dir;

    static ArrayConfig config(Path dir, int drives, int k, int m) {
        return ArrayConfig.builder().driveFiles(dir.resolve("drives"), drives).layout(k, m).shardBytes(64 * 1024)
                .driveBytes(256L << 20).build();
    }

    /** Deletes every object and compacts; then no chunk record and no slot may be left ({@code why} says where). */
    static void deleteEverythingAndAssertNothingLeft(FlashArray array, String why) throws Exception {
        for (ObjectInfo o : array.list()) {
            array.delete(o.name());
        }
        array.compact(ProgressListener.NONE);
        ArrayStats s = array.stats();
        assertEquals(0, s.chunks(), "reference counts leaked, " + why + ": " + s);
        assertEquals(0, s.physicalBytes(), "space leaked, " + why + ": " + s);
    }

    static byte[] data(long seed, int bytes, double dedup, double compress) {
        return DataGenerator.of(seed, dedup, compress, 64 * 1024).bytes(bytes);
    }

    @Test
    void shouldRoundTripObjectsByteExactAcrossReopen() throws Exception {
        Path a = dir.resolve("a");
        byte[] one = data(1, 3_000_000, 2, 2);
        byte[] two = data(2, 777_777, 1, 4);
        byte[] empty = new byte[0];
        try (FlashArray array = FlashArray.create(a, config(dir, 8, 4, 2))) {
            array.put("one", new ByteArrayInputStream(one));
            array.put("dir/two", new ByteArrayInputStream(two));
            array.put("empty", new ByteArrayInputStream(empty));
            assertArrayEquals(one, array.getBytes("one"));
            assertArrayEquals(two, array.getBytes("dir/two"));
            assertArrayEquals(empty, array.getBytes("empty"));
            ArrayStats s = array.stats();
            assertEquals(3, s.objects());
            assertEquals(one.length + two.length, s.logicalBytes());
            assertTrue(s.uniqueBytes() < s.logicalBytes(), s.toString());
            assertTrue(s.storedBytes() < s.uniqueBytes(), s.toString());
            assertTrue(s.physicalBytes() > s.storedBytes(), s.toString());
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertArrayEquals(one, array.getBytes("one"));
            assertArrayEquals(two, array.getBytes("dir/two"));
            assertEquals(List.of("dir/two", "empty", "one"), array.list().stream().map(ObjectInfo::name).toList());
            assertEquals(two.length, array.stat("dir/two").logicalBytes());
            array.delete("one");
            assertThrows(ObjectNotFoundException.class, () -> array.getBytes("one"));
            assertArrayEquals(two, array.getBytes("dir/two"));
            array.delete("dir/two");
            array.delete("empty");
            ArrayStats s = array.stats();
            assertEquals(0, s.objects());
            assertEquals(0, s.chunks());
            assertEquals(0, s.storedBytes());
            assertEquals(0, s.physicalBytes(), s.toString());
        }
    }

    @Test
    void channelPutsStoreTheSameChunksAsStreamPuts() throws Exception {
        byte[] bytes = data(7, 9_500_000, 2, 2); // more than two 4 MiB windows
        Path file = dir.resolve("input");
        java.nio.file.Files.write(file, bytes);
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 8, 4, 2))) {
            ObjectInfo viaStream = array.put("stream", new ByteArrayInputStream(bytes));
            ObjectInfo viaFile;
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                viaFile = array.put("file", ch);
            }
            // A channel that hands out at most 8 KiB per read, like one over a pipe.
            ObjectInfo viaSmallReads = array.put("small-reads",
                    java.nio.channels.Channels.newChannel(new ByteArrayInputStream(bytes)));
            ObjectInfo batched;
            try (FlashArray.PutBatch b = array.batch();
                 java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                batched = b.put("batched", ch);
                b.commit();
            }
            ObjectInfo viaFileStream;
            try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
                viaFileStream = array.put("file-stream", in);
                assertEquals(-1, in.read(), "the stream is read to its end");
            }
            for (ObjectInfo o : List.of(viaFile, viaSmallReads, batched, viaFileStream)) {
                assertEquals(viaStream.logicalBytes(), o.logicalBytes(), o.name());
                assertEquals(viaStream.chunks(), o.chunks(), o.name());
                assertArrayEquals(bytes, array.getBytes(o.name()), o.name());
            }
            // Same cuts, same fingerprints: the three later copies deduplicate completely.
            long stored = array.stats().storedBytes();
            array.delete("stream");
            array.delete("file");
            array.delete("small-reads");
            array.delete("file-stream");
            assertEquals(stored, array.stats().storedBytes());
            assertArrayEquals(bytes, array.getBytes("batched"));
        }
    }

    @Test
    void shouldReadWithTwoFailedDrivesThenRebuildAndSurviveTwoMore() throws Exception {
        Path a = dir.resolve("a");
        byte[] one = data(3, 2_500_000, 1.5, 2);
        try (FlashArray array = FlashArray.create(a, config(dir, 10, 4, 2))) {
            array.put("one", new ByteArrayInputStream(one));
            array.failDrive(0);
            array.failDrive(5);
            assertArrayEquals(one, array.getBytes("one"));
            assertTrue(array.metrics().degradedReads() > 0);
            RebuildReport r = array.rebuild(ProgressListener.NONE);
            assertTrue(r.shardsRebuilt() > 0, r.toString());
            assertTrue(r.unrecoverable().isEmpty());
            array.failDrive(1);
            array.failDrive(7);
            assertArrayEquals(one, array.getBytes("one"));
            ScrubReport scrub = array.scrub(ProgressListener.NONE);
            assertTrue(scrub.clean(), scrub.toString());
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertArrayEquals(one, array.getBytes("one"));
        }
    }

    /**
     * Rebuild, scrub and compaction stopped by a progress listener that throws leave the array
     * consistent: every object reads back, the work resumes when run again, and no slot or
     * reference is leaked.
     */
    @Test
    void longOperationsStoppedByTheirListenerLeaveTheArrayConsistent() throws Exception {
        ProgressListener stop = (op, done, total) -> {
            if (done >= 2) {
                throw new IllegalStateException("stop " + op);
            }
        };
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 10, 4, 2))) {
            byte[][] objects = new byte[6][];
            for (int i = 0; i < objects.length; i++) {
                objects[i] = data(40 + i, 700_000, 1.5, 2);
                array.put("o" + i, new ByteArrayInputStream(objects[i]));
            }
            array.failDrive(3);
            assertEquals("stop rebuild", assertThrows(IllegalStateException.class, () -> array.rebuild(stop)).getMessage());
            for (int i = 0; i < objects.length; i++) {
                assertArrayEquals(objects[i], array.getBytes("o" + i));
            }
            RebuildReport r = array.rebuild(ProgressListener.NONE);
            assertTrue(r.unrecoverable().isEmpty(), r.toString());
            assertEquals("stop scrub", assertThrows(IllegalStateException.class, () -> array.scrub(stop)).getMessage());
            assertTrue(array.scrub(ProgressListener.NONE).clean());
            for (int i = 0; i < objects.length; i += 2) {
                array.delete("o" + i);
            }
            try {
                array.compact(stop);
            } catch (IllegalStateException e) {
                assertEquals("stop compact", e.getMessage());
            }
            array.failDrive(7);
            array.failDrive(8);
            for (int i = 1; i < objects.length; i += 2) {
                assertArrayEquals(objects[i], array.getBytes("o" + i));
            }
            deleteEverythingAndAssertNothingLeft(array, "after operations their listener stopped");
        }
    }

    /**
     * A shard a rebuild moves off a failed drive gives its slot there back: while the drive stays
     * failed (here because the rebuild stopped before its end, as it does when some stripes cannot
     * be placed), its used slots are those its stripes still reference, and deleting everything
     * leaves none. (Moved shards kept their old slots marked used until the array was reopened.)
     */
    @Test
    void aShardMovedOffAFailedDriveFreesItsSlotThere() throws Exception {
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 10, 4, 2))) {
            for (int i = 0; i < 5; i++) {
                array.put("o" + i, new ByteArrayInputStream(data(60 + i, 2_500_000, 1, 1)));
            }
            array.failDrive(3);
            long before = array.stats().drives().get(3).usedSlots();
            ProgressListener stopAtTheLast = (op, done, total) -> {
                if (done == total) {
                    throw new IllegalStateException("stop " + op);
                }
            };
            assertThrows(IllegalStateException.class, () -> array.rebuild(stopAtTheLast));
            DriveInfo failed = array.stats().drives().get(3);
            assertEquals("FAILED", failed.state());
            assertTrue(failed.usedSlots() > 0 && failed.usedSlots() < before,
                    "the stopped rebuild moved some shards, not all: " + before + " -> " + failed);
            deleteEverythingAndAssertNothingLeft(array, "after a rebuild that moved some shards off a failed drive");
        }
    }

    @Test
    void shouldFailWithATypedErrorNamingTheObjectBeyondMFailures() throws Exception {
        byte[] one = data(4, 1_000_000, 1, 2);
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 6, 3, 2))) {
            array.put("one", new ByteArrayInputStream(one));
            array.failDrive(0);
            array.failDrive(1);
            array.failDrive(2);
            TooFewHealthyDrivesException e = assertThrows(TooFewHealthyDrivesException.class,
                    () -> array.getBytes("one"));
            assertEquals("one", e.object());
            assertTrue(e.getMessage().contains("one"), e.getMessage());
        }
    }

    @Test
    void shouldFindAndRepairBitFlipsWithScrub() throws Exception {
        byte[] one = data(5, 2_000_000, 1, 1.5);
        ArrayConfig cfg = config(dir, 8, 4, 2);
        try (FlashArray array = FlashArray.create(dir.resolve("a"), cfg)) {
            array.put("one", new ByteArrayInputStream(one));
            int flipped = 0;
            for (DriveInfo d : array.drives()) {
                if (d.usedSlots() > 0 && flipped < 2) {
                    flipByte(d.path(), ArrayConfig.FIRST_SLOT_OFFSET + 1000 + flipped);
                    flipped++;
                }
            }
            ScrubReport r = array.scrub(ProgressListener.NONE);
            assertEquals(2, r.corruptShards(), r.toString());
            assertEquals(r.corruptShards(), r.repairedShards(), r.toString());
            ScrubReport again = array.scrub(ProgressListener.NONE);
            assertTrue(again.clean(), again.toString());
            assertEquals(0, again.corruptShards());
            assertArrayEquals(one, array.getBytes("one"));
        }
    }

    @Test
    void shouldServeCorruptShardsFromParityOnRead() throws Exception {
        byte[] one = data(6, 1_500_000, 1, 1.5);
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 8, 4, 2))) {
            array.put("one", new ByteArrayInputStream(one));
            for (DriveInfo d : array.drives()) {
                if (d.usedSlots() > 0) {
                    flipByte(d.path(), ArrayConfig.FIRST_SLOT_OFFSET + 5000);
                    break;
                }
            }
            assertArrayEquals(one, array.getBytes("one"));
        }
    }

    static void flipByte(Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5A);
            f.getFD().sync();
        }
    }

    /**
     * A block repeated through an object many windows long is stored once: repeats within a window,
     * in the next window (classified while the one before is still being reduced, so its chunks are
     * not pending yet) and in a second object all deduplicate; everything reads back.
     */
    @Test
    void repeatsWithinAndAcrossWindowsAreStoredOnce() throws Exception {
        byte[] block = data(7, 1 << 20, 1, 1); // incompressible: stored bytes ~ unique bytes
        int copies = 14; // 14 MiB: four 4 MiB windows
        byte[] object = new byte[copies * block.length];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(block, 0, object, i * block.length, block.length);
        }
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 8, 4, 2))) {
            array.put("one", new ByteArrayInputStream(block));
            ArrayStats once = array.stats();
            array.put("many", new ByteArrayInputStream(object));
            array.put("again", new ByteArrayInputStream(object));
            ArrayStats s = array.stats();
            // Only the chunks that straddle two copies are new (the same few at every boundary).
            assertTrue(s.chunks() <= once.chunks() + 4, once + " then " + s);
            assertTrue(s.storedBytes() < once.storedBytes() + 300_000, once + " then " + s);
            assertArrayEquals(object, array.getBytes("many"));
            assertArrayEquals(object, array.getBytes("again"));
            assertArrayEquals(block, array.getBytes("one"));
            deleteEverythingAndAssertNothingLeft(array, "after the repeated objects");
        }
    }

    /**
     * A progress listener that throws fails the put with its exception while the next window is
     * being filled and encoded ahead; nothing of the put is visible or leaked, and the put's pooled
     * buffers serve later puts intact.
     */
    @Test
    void aThrowingProgressListenerFailsThePutAndLeavesItsBuffersIntact() throws Exception {
        byte[] big = data(11, 13 << 20, 1.5, 2);
        byte[] other = data(12, 9 << 20, 1, 3);
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 8, 4, 2))) {
            for (int round = 0; round < 3; round++) {
                int[] calls = {0};
                IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> array.put("big", new ByteArrayInputStream(big), (op, done, total) -> {
                            if (++calls[0] == 2) {
                                throw new IllegalStateException("listener gave up");
                            }
                        }));
                assertEquals("listener gave up", thrown.getMessage());
                assertThrows(ObjectNotFoundException.class, () -> array.stat("big"));
                array.put("other" + round, new ByteArrayInputStream(other));
                assertArrayEquals(other, array.getBytes("other" + round));
            }
            array.put("big", new ByteArrayInputStream(big));
            assertArrayEquals(big, array.getBytes("big"));
            deleteEverythingAndAssertNothingLeft(array, "after puts failed by their listener");
        }
    }

    @Test
    void shouldStoreNearDuplicatesAsDeltasAndReadThemBack() throws Exception {
        byte[] base = data(7, 1_500_000, 1, 3);
        byte[] edited = base.clone();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < edited.length; i += 2048) {
            edited[i + r.nextInt(2048) % (edited.length - i)] ^= 0x21;
        }
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 8, 4, 2))) {
            array.put("base", new ByteArrayInputStream(base));
            long storedBefore = array.stats().storedBytes();
            array.put("edited", new ByteArrayInputStream(edited));
            assertTrue(array.metrics().chunksDelta() > 0, "no chunk was stored as a delta");
            long storedEdited = array.stats().storedBytes() - storedBefore;
            assertTrue(storedEdited < storedBefore / 2, "edited copy took " + storedEdited + " stored bytes, the original "
                    + storedBefore);
            assertArrayEquals(edited, array.getBytes("edited"));
            array.delete("base");
            assertArrayEquals(edited, array.getBytes("edited"));
            assertTrue(array.scrub(ProgressListener.NONE).clean());
            array.delete("edited");
            assertEquals(0, array.stats().chunks());
        }
    }

    @Test
    void shouldMakeABatchVisibleOnlyAtCommit() throws Exception {
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config(dir, 8, 4, 2))) {
            byte[][] files = new byte[20][];
            try (FlashArray.PutBatch batch = array.batch()) {
                for (int i = 0; i < files.length; i++) {
                    files[i] = data(i % 4, 5_000 + 3_000 * i, 1, 2);
                    batch.put("f" + i, new ByteArrayInputStream(files[i]));
                }
                assertTrue(array.list().isEmpty());
                assertEquals(20, batch.commit().size());
            }
            for (int i = 0; i < files.length; i++) {
                assertArrayEquals(files[i], array.getBytes("f" + i));
            }
            try (FlashArray.PutBatch discarded = array.batch()) {
                discarded.put("never", new ByteArrayInputStream(data(99, 300_000, 1, 2)));
            }
            assertTrue(!array.exists("never"));
            for (ObjectInfo o : array.list()) {
                array.delete(o.name());
            }
            assertEquals(0, array.stats().physicalBytes());
        }
    }

    @Test
    void aGetReadsEachShardOnceThroughParallelRunsAndDeltaBases() throws Exception {
        // Near-copies of one 2 MB block: most chunks are deltas whose bases sit in earlier stripes,
        // and the object spans several get runs (decoded in parallel) that share shards.
        byte[] base = data(11, 2_000_000, 1, 2);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int v = 0; v < 6; v++) {
            byte[] copy = base.clone();
            for (int i = 0; i < copy.length; i += 8192) {
                copy[i + r.nextInt(Math.min(8192, copy.length - i))] ^= 0x5A;
            }
            all.writeBytes(copy);
        }
        byte[] object = all.toByteArray();
        ArrayConfig config = config(dir, 8, 4, 2);
        try (FlashArray array = FlashArray.create(dir.resolve("a"), config)) {
            array.put("versions", new ByteArrayInputStream(object));
            assertTrue(array.metrics().chunksDelta() > 0, "no delta chunks: the test would not read bases");
            long before = array.metrics().shardsRead();
            assertArrayEquals(object, array.getBytes("versions"));
            long reads = array.metrics().shardsRead() - before;
            long slots = array.stats().physicalBytes() / config.shardBytes();
            // Each shard the get needs is read once, however many runs (decoded in parallel) and delta
            // bases need it; without the get's shard cache this get read 113 shards of 29.
            assertTrue(reads <= slots, "the get read " + reads + " shards; the array holds " + slots);
        }
    }
}
