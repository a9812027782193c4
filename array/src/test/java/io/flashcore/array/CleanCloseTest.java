package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.flashcore.array.meta.RocksMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clean-close mark: an array closed with nothing left to sweep says so, and its next open reads
 * chunk records only to register delta references; an array that was not closed (a crash, a kill)
 * has no mark, and its next open reads every chunk record to sweep what was left.
 */
class CleanCloseTest {
    @TempDir
    Path dir;

    /** The mark as stored: format byte and flag, or null when there is none. */
    private static byte[] mark(Path array) throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(array.resolve(FlashArray.META_DIR), false)) {
            return store.value("clean-close").orElse(null);
        }
    }

    /** Child JVM: opens the array and halts without closing it, as a crash would. */
    public static final class OpenAndHalt {
        public static void main(String[] args) throws Exception {
            FlashArray.open(Path.of(args[0]));
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * Child JVM: deletes object "x" while a put is in flight (so the delete cannot sweep x's chunks, now
     * without references), prints the chunk count, and halts.
     */
    public static final class DeleteDuringPutAndHalt {
        public static void main(String[] args) throws Exception {
            FlashArray array = FlashArray.open(Path.of(args[0]));
            java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
            java.io.InputStream source = new java.io.InputStream() {
                private final java.util.Random rnd = new java.util.Random(5);
                private long given;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (given >= 9 << 20) {
                        blocked.countDown();
                        try {
                            Thread.sleep(Long.MAX_VALUE); // the put stays in flight until the halt
                        } catch (InterruptedException e) {
                            return -1;
                        }
                    }
                    byte[] r = new byte[len];
                    rnd.nextBytes(r);
                    System.arraycopy(r, 0, b, off, len);
                    given += len;
                    return len;
                }
            };
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    array.put("in-flight", source);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            blocked.await();
            Thread.sleep(300); // the put packs the windows it has
            array.delete("x");
            System.out.println("CHUNKS " + array.stats().chunks());
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * Chunk records left without references by a process that died (a delete's, swept only once no put
     * is in flight, and the uncommitted chunks of a put its commit took along) are marked in the same
     * batch: the next open sweeps them through the marks, without reading every chunk record, and
     * nothing is left once everything is deleted.
     */
    @Test
    void anOpenAfterACrashSweepsUnreferencedChunksThroughTheirMarks() throws Exception {
        Path a = dir.resolve("a");
        // Similarity off: with it, an open reads chunk records to register delta references, and on an
        // array this small that read would find the unreferenced records by itself.
        ArrayConfig config = ArrayConfig.builder().driveFiles(a.resolve("drives"), 6).layout(3, 2)
                .shardBytes(64 * 1024).driveBytes(256L << 20).similarity(false).build();
        try (FlashArray array = FlashArray.create(a, config)) {
            array.put("x", new ByteArrayInputStream(FlashArrayTest.data(33, 2_000_000, 1, 2)));
            array.put("y", new ByteArrayInputStream(FlashArrayTest.data(34, 500_000, 1, 2)));
        }
        Process p = new ProcessBuilder(ChildJvm.command(DeleteDuringPutAndHalt.class, null, 0, a.toString()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not halt");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CHUNKS (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        try (FlashArray array = FlashArray.open(a)) {
            assertFalse(array.openedAfterCleanClose());
            assertFalse(array.openedReadingEveryChunk(), "the marks were read instead");
            long left = array.stats().chunks();
            assertTrue(left < Long.parseLong(m.group(1)), "x's chunks were swept: " + left + " of " + m.group(1));
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "after sweeping through the marks");
        }
    }

    /**
     * A process that opens an array and dies without exiting leaves nothing in its temporary folder but
     * the one unpacked copy of RocksDB's library that every later process reuses (RocksDB's own loader
     * left a 15 MB copy per killed process).
     */
    @Test
    void aProcessKilledWithAnArrayOpenLeavesNoLibraryCopyBehind() throws Exception {
        Path a = dir.resolve("a");
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(a, 6, 3, 2))) {
            array.put("x", new ByteArrayInputStream(FlashArrayTest.data(32, 100_000, 1, 2)));
        }
        Path tmp = java.nio.file.Files.createDirectory(dir.resolve("tmp"));
        for (int i = 0; i < 3; i++) {
            java.util.List<String> cmd = new java.util.ArrayList<>(ChildJvm.command(OpenAndHalt.class, null, 0, a.toString()));
            cmd.add(1, "-Djava.io.tmpdir=" + tmp);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not halt");
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(tmp)) {
            java.util.List<Path> libs = all.filter(f -> f.getFileName().toString().contains("rocksdbjni")
                    && java.nio.file.Files.isRegularFile(f)).toList();
            assertEquals(1, libs.size(), "library copies left in the temporary folder: " + libs);
            assertTrue(libs.get(0).startsWith(tmp.resolve("flashcore-native-" + System.getProperty("user.name"))),
                    libs.toString());
        }
    }

    @Test
    void shouldMarkACleanCloseAndClearTheMarkWhenOpened() throws Exception {
        Path a = dir.resolve("a");
        byte[] first = FlashArrayTest.data(31, 1_500_000, 1, 3);
        byte[] second = SimilarityAcrossReopenTest.edited(first, 6000, 32);
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(a, 6, 3, 2))) {
            assertFalse(array.openedAfterCleanClose(), "a new array");
            array.put("first", new ByteArrayInputStream(first));
        }
        assertArrayEquals(new byte[] {2, 1, 1}, mark(a), "closed cleanly, slot maps saved");

        // Opened and never closed: the open took the mark away before doing anything else.
        Process p = new ProcessBuilder(ChildJvm.command(OpenAndHalt.class, null, 0, a.toString()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not halt");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        assertArrayEquals(new byte[] {2, 0, 0}, mark(a), "an open array is not closed cleanly");

        try (FlashArray array = FlashArray.open(a)) {
            assertFalse(array.openedAfterCleanClose(), "after a crash every chunk record is read");
            assertArrayEquals(first, array.getBytes("first"));
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertTrue(array.openedAfterCleanClose());
            // The references were registered all the same: the near-copy is stored as deltas.
            array.put("second", new ByteArrayInputStream(second));
            assertTrue(array.metrics().chunksDelta() > 0, "no chunk of the second object was stored as a delta");
            assertArrayEquals(second, array.getBytes("second"));
            array.delete("first");
            array.delete("second");
        }
        assertArrayEquals(new byte[] {2, 1, 1}, mark(a));
        // Deleting everything left no chunk record behind at the clean close: none for the open to miss.
        try (RocksMetadataStore store = RocksMetadataStore.open(a.resolve(FlashArray.META_DIR), false)) {
            long[] chunks = {0};
            store.forEachChunk(c -> chunks[0]++);
            assertEquals(0, chunks[0], "chunk records left after deleting every object");
        }
    }
}
