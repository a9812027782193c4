package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link IoEngine} back-end honours, run against temp files (O_DIRECT on the
 * build machine's file system). Subclasses name the back-end.
 */
abstract class IoEngineTestCase {
    static final int ALIGN = 4096;

    @TempDir
    Path dir;
    Arena arena;

    abstract IoBackend backend();

    /** The configuration engines are opened with; subclasses may change more than the back-end. */
    IoEngineConfig config(int depth) {
        return IoEngineConfig.defaults().withBackend(backend()).withQueueDepth(depth);
    }

    IoEngine engine(int depth) throws IOException {
        IoEngine e = IoEngine.open(config(depth));
        assertEquals(backend(), e.backend());
        return e;
    }

    @BeforeEach
    void setUp() {
        arena = Arena.ofShared();
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    MemorySegment buffer(int bytes, long seed) {
        MemorySegment m = arena.allocate(bytes, ALIGN);
        fill(m, seed);
        return m;
    }

    static void fill(MemorySegment m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < m.byteSize(); i += 8) {
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, i, r.nextLong());
        }
    }

    static byte[] bytes(MemorySegment m) {
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void shouldRoundTripABatchOfWritesAcrossFiles() throws IOException {
        int shards = 6;
        int shardBytes = 64 * 1024;
        List<BlockDevice> devs = new ArrayList<>();
        try (IoEngine e = engine(32)) {
            for (int i = 0; i < shards; i++) {
                devs.add(BlockDevice.createFile(dir.resolve("drive" + i), 1 << 20));
            }
            MemorySegment[] src = new MemorySegment[shards];
            for (int i = 0; i < shards; i++) {
                src[i] = buffer(shardBytes, i);
                e.write(devs.get(i), (long) i * shardBytes, src[i], i);
            }
            e.awaitAll();
            for (int i = 0; i < shards; i++) {
                e.fdatasync(devs.get(i), 100 + i);
            }
            e.awaitAll();
            MemorySegment[] dst = new MemorySegment[shards];
            for (int i = 0; i < shards; i++) {
                dst[i] = arena.allocate(shardBytes, ALIGN);
                e.read(devs.get(i), (long) i * shardBytes, dst[i], i);
            }
            e.awaitAll();
            for (int i = 0; i < shards; i++) {
                assertArrayEquals(bytes(src[i]), bytes(dst[i]), "shard " + i);
            }
        } finally {
            for (BlockDevice d : devs) {
                d.close();
            }
        }
    }

    @Test
    void shouldReportDeviceSizeAndAlignment() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 3 * ALIGN)) {
            assertEquals(3 * ALIGN, d.sizeBytes());
            assertTrue(d.isDirect());
            assertTrue(d.alignment() >= 512 && Integer.bitCount(d.alignment()) == 1, "alignment " + d.alignment());
            assertTrue(!d.isBlockDevice());
        }
    }

    @Test
    void shouldRoundTripThroughRegisteredBuffers() throws Exception {
        try (BufferPool pool = BufferPool.allocate(8, 16384);
                BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 1 << 20);
                IoEngine e = engine(16)) {
            e.registerBuffers(pool);
            MemorySegment a = pool.acquire();
            MemorySegment b = pool.acquire();
            fill(a, 7);
            e.write(d, 8192, a, 1);
            e.write(d, 65536, a.asSlice(4096, 8192), 2);
            e.awaitAll();
            e.read(d, 8192, b, 3);
            e.awaitAll();
            assertArrayEquals(bytes(a), bytes(b));
            e.read(d, 65536, b.asSlice(0, 8192), 4);
            e.awaitAll();
            assertArrayEquals(bytes(a.asSlice(4096, 8192)), bytes(b.asSlice(0, 8192)));
            pool.release(a);
            pool.release(b);
        }
    }

    @Test
    void shouldPipelineMoreOperationsThanTheQueueDepth() throws IOException {
        int ops = 300;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) ops * ALIGN);
                IoEngine e = engine(8)) {
            MemorySegment src = buffer(ops * ALIGN, 3);
            for (int i = 0; i < ops; i++) {
                e.write(d, (long) i * ALIGN, src.asSlice((long) i * ALIGN, ALIGN), i);
            }
            long[] seen = new long[ops];
            int got = 0;
            while (got < ops) {
                got += e.poll(1, (tag, n, failure) -> {
                    if (failure != null) {
                        throw new AssertionError(failure);
                    }
                    seen[(int) tag] += n;
                });
            }
            for (int i = 0; i < ops; i++) {
                assertEquals(ALIGN, seen[i], "op " + i);
            }
            assertEquals(0, e.outstanding());
            MemorySegment dst = arena.allocate((long) ops * ALIGN, ALIGN);
            e.read(d, 0, dst, 0);
            e.awaitAll();
            assertArrayEquals(bytes(src), bytes(dst));
        }
    }

    @Test
    void shouldKeepLinkedChainsFlowingFromTheCompletionHandler() throws IOException {
        int depth = 8;
        int chains = 200;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 64L * ALIGN); IoEngine e = engine(depth)) {
            MemorySegment src = buffer(depth * ALIGN, 5);
            long syncTag = 1L << 40;
            int[] issued = {0};
            int[] synced = {0};
            IoCompletionHandler[] h = new IoCompletionHandler[1];
            java.util.function.IntConsumer issue = b -> {
                try {
                    e.write(d, (long) (issued[0] % 64) * ALIGN, src.asSlice((long) b * ALIGN, ALIGN), b);
                    e.linkWithNext();
                    e.fdatasync(d, b | syncTag);
                    issued[0]++;
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            };
            h[0] = (tag, n, f) -> {
                if (f != null) {
                    throw new AssertionError(f);
                }
                if ((tag & syncTag) != 0) {
                    synced[0]++;
                    if (issued[0] < chains) {
                        issue.accept((int) (tag & ~syncTag));
                    }
                }
            };
            for (int b = 0; b < depth; b++) {
                issue.accept(b);
            }
            while (synced[0] < chains) {
                e.poll(1, h[0]);
            }
            assertEquals(0, e.outstanding());
        }
    }

    @Test
    void shouldSyncAndAllocate() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), ALIGN); IoEngine e = engine(8)) {
            e.fallocate(d, 0, 0, 1 << 20, 1);
            e.fsync(d, 2);
            e.fdatasync(d, 3);
            List<Long> tags = new ArrayList<>();
            while (tags.size() < 3) {
                e.poll(1, (tag, n, f) -> {
                    assertEquals(null, f);
                    assertEquals(0, n);
                    tags.add(tag);
                });
            }
            assertEquals(List.of(1L, 2L, 3L), tags.stream().sorted().toList());
            assertEquals(1 << 20, Files.size(d.path()));
        }
    }

    @Test
    void shouldReadZerosAfterDiscardOnAFile() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 16 * ALIGN); IoEngine e = engine(8)) {
            MemorySegment src = buffer(16 * ALIGN, 9);
            e.write(d, 0, src, 0);
            e.awaitAll();
            e.discard(d, 4 * ALIGN, 8 * ALIGN, 1);
            e.awaitAll();
            MemorySegment dst = arena.allocate(16 * ALIGN, ALIGN);
            e.read(d, 0, dst, 2);
            e.awaitAll();
            assertArrayEquals(bytes(src.asSlice(0, 4 * ALIGN)), bytes(dst.asSlice(0, 4 * ALIGN)));
            assertArrayEquals(new byte[8 * ALIGN], bytes(dst.asSlice(4 * ALIGN, 8 * ALIGN)));
            assertArrayEquals(bytes(src.asSlice(12 * ALIGN, 4 * ALIGN)), bytes(dst.asSlice(12 * ALIGN, 4 * ALIGN)));
            assertEquals(16 * ALIGN, Files.size(d.path()));
        }
    }

    @Test
    void shouldRunLinkedOperationsInOrder() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 4 * ALIGN); IoEngine e = engine(8)) {
            MemorySegment a = buffer(ALIGN, 1);
            MemorySegment b = buffer(ALIGN, 2);
            MemorySegment out = arena.allocate(ALIGN, ALIGN);
            e.write(d, 0, a, 1);
            e.linkWithNext();
            e.write(d, 0, b, 2);
            e.linkWithNext();
            e.fdatasync(d, 3);
            e.linkWithNext();
            e.read(d, 0, out, 4);
            e.awaitAll();
            assertArrayEquals(bytes(b), bytes(out), "the second linked write lands last");
        }
    }

    @Test
    void shouldCancelOperationsLinkedAfterAFailure() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 2 * ALIGN); IoEngine e = engine(8)) {
            MemorySegment big = arena.allocate(8 * ALIGN, ALIGN);
            MemorySegment small = arena.allocate(ALIGN, ALIGN);
            e.read(d, 0, big, 1);
            e.linkWithNext();
            e.read(d, 0, small, 2);
            List<IOException> failures = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            while (tags.size() < 2) {
                e.poll(1, (tag, n, f) -> {
                    tags.add(tag);
                    failures.add(f);
                });
            }
            assertEquals(List.of(1L, 2L), tags);
            DeviceIoException first = assertInstanceOf(DeviceIoException.class, failures.get(0));
            assertTrue(first.getMessage().contains("end of file after " + 2 * ALIGN + " bytes"), first.getMessage());
            DeviceIoException second = assertInstanceOf(DeviceIoException.class, failures.get(1));
            assertEquals("ECANCELED", second.errnoName());
        }
    }

    @Test
    void shouldCompleteAShortReadAndFailClearlyAtTheEnd() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 2 * ALIGN); IoEngine e = engine(8)) {
            MemorySegment dst = arena.allocate(4 * ALIGN, ALIGN);
            e.read(d, ALIGN, dst, 5);
            DeviceIoException x = assertThrows(DeviceIoException.class, e::awaitAll);
            assertEquals("read", x.operation());
            assertEquals(d.path(), x.path());
            assertEquals(ALIGN, x.offset());
            assertEquals(4 * ALIGN, x.length());
            assertTrue(x.getMessage().contains("end of file after " + ALIGN + " bytes"), x.getMessage());
        }
    }

    @Test
    void shouldFailAReadThatStartsAtTheEndOfTheFile() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 2 * ALIGN); IoEngine e = engine(8)) {
            e.read(d, 2 * ALIGN, arena.allocate(ALIGN, ALIGN), 3);
            List<IOException> failures = new ArrayList<>();
            List<Long> transferred = new ArrayList<>();
            while (failures.isEmpty()) {
                e.poll(1, (tag, n, f) -> {
                    failures.add(f);
                    transferred.add(n);
                });
            }
            DeviceIoException x = assertInstanceOf(DeviceIoException.class, failures.get(0));
            assertEquals(List.of(0L), transferred);
            assertEquals(2 * ALIGN, x.offset());
            assertEquals(0, x.errno(), "the end of a file is not a kernel error");
            assertTrue(x.getMessage().contains("end of file after 0 bytes"), x.getMessage());
        }
    }

    @Test
    void shouldFailABufferedReadCrossingTheEndOfAFileNamingTheBytesItGot() throws IOException {
        int size = 5000;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), size, DeviceOption.BUFFERED);
                IoEngine e = engine(8)) {
            assertTrue(!d.isDirect());
            MemorySegment src = buffer(8192, 11);
            e.write(d, 0, src.asSlice(0, size), 1);
            e.awaitAll();
            MemorySegment dst = arena.allocate(8192, ALIGN);
            e.read(d, 0, dst, 2);
            DeviceIoException x = assertThrows(DeviceIoException.class, e::awaitAll);
            assertEquals("read", x.operation());
            assertEquals(8192, x.length());
            assertTrue(x.getMessage().contains("end of file after " + size + " bytes"), x.getMessage());
            e.read(d, 0, dst.asSlice(0, size), 3);
            e.awaitAll();
            assertArrayEquals(bytes(src.asSlice(0, size)), bytes(dst.asSlice(0, size)), "a read up to the end succeeds");
        }
    }

    @Test
    void shouldNameErrnoOfAFailedWrite() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), ALIGN); IoEngine e = engine(8)) {
            long beyondMaxFileSize = 1L << 60;
            e.write(d, beyondMaxFileSize, buffer(ALIGN, 1), 1);
            DeviceIoException x = assertThrows(DeviceIoException.class, e::awaitAll);
            assertEquals("write", x.operation());
            assertEquals(beyondMaxFileSize, x.offset());
            assertEquals(ALIGN, x.length());
            assertTrue(x.getMessage().contains(d.path().toString()), x.getMessage());
            if (backend() == IoBackend.IO_URING) {
                assertTrue(x.errnoName().equals("EFBIG") || x.errnoName().equals("EINVAL"), x.getMessage());
            }
        }
    }

    @Test
    void shouldRejectUnalignedOperationsBeforeSubmission() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 4 * ALIGN); IoEngine e = engine(8)) {
            int a = d.offsetAlignment();
            MemorySegment buf = arena.allocate(4 * ALIGN, ALIGN);
            AlignmentException off = assertThrows(AlignmentException.class, () -> e.write(d, a / 2, buf.asSlice(0, a), 1));
            assertTrue(off.getMessage().contains("offset " + a / 2) && off.getMessage().contains(a + " bytes"),
                    off.getMessage());
            AlignmentException len = assertThrows(AlignmentException.class, () -> e.read(d, 0, buf.asSlice(0, a + 1), 1));
            assertTrue(len.getMessage().contains("length " + (a + 1)), len.getMessage());
            int ma = d.memoryAlignment();
            if (ma > 1) {
                AlignmentException mem = assertThrows(AlignmentException.class,
                        () -> e.write(d, 0, buf.asSlice(ma / 2, a), 1));
                assertTrue(mem.getMessage().contains("buffer address"), mem.getMessage());
            }
            assertEquals(0, e.outstanding(), "nothing was queued");
        }
    }

    @Test
    void shouldRejectHeapSegmentsAndReadOnlyDevices() throws IOException {
        Path p = dir.resolve("f");
        try (BlockDevice d = BlockDevice.createFile(p, ALIGN)) {
            assertTrue(d.sizeBytes() == ALIGN);
        }
        try (BlockDevice ro = BlockDevice.open(p, DeviceOption.READ_ONLY); IoEngine e = engine(4)) {
            assertThrows(IllegalArgumentException.class, () -> e.read(ro, 0, MemorySegment.ofArray(new byte[ALIGN]), 1));
            assertThrows(IllegalStateException.class, () -> e.write(ro, 0, buffer(ALIGN, 1), 1));
            MemorySegment dst = arena.allocate(ALIGN, ALIGN);
            e.read(ro, 0, dst, 1);
            e.awaitAll();
            assertArrayEquals(new byte[ALIGN], bytes(dst));
        }
    }

    @Test
    void shouldWaitForOperationsInFlightOnClose() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 64 * ALIGN)) {
            MemorySegment src = buffer(64 * ALIGN, 4);
            IoEngine e = engine(8);
            for (int i = 0; i < 16; i++) {
                e.write(d, (long) i * 4 * ALIGN, src.asSlice((long) i * 4 * ALIGN, 4 * ALIGN), i);
            }
            e.submit();
            e.close();
            assertThrows(IllegalStateException.class, () -> e.write(d, 0, src.asSlice(0, ALIGN), 0));
            try (IoEngine r = engine(8)) {
                MemorySegment dst = arena.allocate(64 * ALIGN, ALIGN);
                r.read(d, 0, dst, 0);
                r.awaitAll();
                assertArrayEquals(bytes(src), bytes(dst));
            }
        }
    }

    @Test
    void shouldFailOnCloseWhenAnOperationInFlightFailed() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), ALIGN)) {
            IoEngine e = engine(4);
            e.read(d, 0, arena.allocate(2 * ALIGN, ALIGN), 1);
            IOException x = assertThrows(IOException.class, e::close);
            assertTrue(x.getMessage().contains("read"), x.getMessage());
        }
    }

    @Test
    void shouldServeSeveralThreadsEachWithItsOwnEngine() throws Exception {
        int threads = 4;
        int perThread = 32;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) threads * perThread * ALIGN)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    fs.add(pool.submit(() -> {
                        try (IoEngine e = engine(8); Arena a = Arena.ofConfined()) {
                            long base = (long) id * perThread * ALIGN;
                            MemorySegment src = a.allocate((long) perThread * ALIGN, ALIGN);
                            fill(src, 100 + id);
                            for (int i = 0; i < perThread; i++) {
                                e.write(d, base + (long) i * ALIGN, src.asSlice((long) i * ALIGN, ALIGN), i);
                            }
                            e.awaitAll();
                            MemorySegment dst = a.allocate((long) perThread * ALIGN, ALIGN);
                            e.read(d, base, dst, 0);
                            e.awaitAll();
                            assertArrayEquals(bytes(src), bytes(dst));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
