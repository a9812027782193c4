package io.flashcore.nativeio;

import static io.flashcore.nativeio.IoUringLayout.ENTER_GETEVENTS;
import static io.flashcore.nativeio.IoUringLayout.OP_FSYNC;
import static io.flashcore.nativeio.IoUringLayout.OP_NOP;
import static io.flashcore.nativeio.IoUringLayout.OP_READ;
import static io.flashcore.nativeio.IoUringLayout.OP_READ_FIXED;
import static io.flashcore.nativeio.IoUringLayout.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The io_uring engine against a kernel that answers badly on purpose, through {@link EnterScript}:
 * io_uring_enter failing with EINTR, EAGAIN, EBUSY or another errno; reads and writes the kernel
 * completes only in part; a completion ring too small for the operations in flight; and closing
 * with operations queued or in flight. Every case checks the bytes that reached the file.
 */
class IoUringEnterFaultsTest {
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;
    private Arena arena;
    private EnterScript script;
    private IoUring ring;

    @BeforeAll
    static void requireIoUring() {
        assumeTrue(IoUringSupport.isAvailable(), () -> "io_uring unavailable: " + IoUringSupport.unavailableReason());
    }

    @BeforeEach
    void setUp() {
        arena = Arena.ofShared();
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    /**
     * An engine with {@code slots} operation slots (0: the default) on a fresh ring of {@code depth}
     * submission and {@code cqEntries} completion entries (0: the default), its enters scripted.
     */
    private IoUringEngine engine(int depth, int cqEntries, int slots, boolean singleIssuer) throws IOException {
        ring = IoUring.create(depth, cqEntries, false, singleIssuer);
        script = new EnterScript(ring);
        IoEngineConfig c = IoEngineConfig.defaults().withBackend(IoBackend.IO_URING).withQueueDepth(depth)
                .withSingleIssuer(singleIssuer);
        return new IoUringEngine(c, ring, slots);
    }

    private IoUringEngine engine(int depth, boolean singleIssuer) throws IOException {
        return engine(depth, 0, 0, singleIssuer);
    }

    private MemorySegment random(long bytes, long seed) {
        MemorySegment m = arena.allocate(bytes, BLOCK);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < bytes; i += 8) {
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, i, r.nextLong());
        }
        return m;
    }

    private static byte[] bytes(MemorySegment m) {
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    /** What the file holds, read through a fresh engine of the default back-end. */
    private byte[] contents(BlockDevice d, long offset, long bytes) throws IOException {
        MemorySegment back = arena.allocate(bytes, BLOCK);
        try (IoEngine e = IoEngine.open(IoEngineConfig.defaults().withQueueDepth(4))) {
            e.read(d, offset, back, 0);
            e.awaitAll();
        }
        return bytes(back);
    }

    /** Hands every finished operation to {@code seen}, counting deliveries per tag, until all arrived. */
    private static long[] pollAll(IoEngine e, int ops) throws IOException {
        long[] seen = new long[ops];
        long[] bytesSeen = new long[ops];
        int got = 0;
        while (got < ops) {
            got += e.poll(1, (tag, n, failure) -> {
                if (failure != null) {
                    throw new AssertionError("operation " + tag + " failed", failure);
                }
                seen[(int) tag]++;
                bytesSeen[(int) tag] += n;
            });
        }
        for (int i = 0; i < ops; i++) {
            assertEquals(1, seen[i], "deliveries of operation " + i);
        }
        assertEquals(0, e.outstanding());
        return bytesSeen;
    }

    @ParameterizedTest(name = "errno {0}, single issuer {1}")
    @CsvSource({"4, false", "11, false", "16, false", "4, true", "11, true", "16, true"})
    void shouldRetryEntersFailingWithEintrEagainOrEbusy(int errno, boolean singleIssuer) throws IOException {
        int ops = 32;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) ops * BLOCK);
                IoUringEngine e = engine(8, singleIssuer)) {
            MemorySegment src = random((long) ops * BLOCK, 1);
            script.failNext(3, errno);
            for (int i = 0; i < ops; i++) {
                e.write(d, (long) i * BLOCK, src.asSlice((long) i * BLOCK, BLOCK), i);
            }
            e.awaitAll();
            assertEquals(0, script.failuresLeft(), "every injected failure was met and retried");

            MemorySegment dst = arena.allocate((long) ops * BLOCK, BLOCK);
            script.failEvery(2, errno);
            for (int i = 0; i < ops; i++) {
                e.read(d, (long) i * BLOCK, dst.asSlice((long) i * BLOCK, BLOCK), i);
            }
            long[] n = pollAll(e, ops);
            for (int i = 0; i < ops; i++) {
                assertEquals(BLOCK, n[i], "bytes read by operation " + i);
            }
            assertArrayEquals(bytes(src), bytes(dst));
            assertTrue(script.injected() > 3, "failures injected: " + script.injected());
        }
    }

    @ParameterizedTest(name = "errno {0}")
    @ValueSource(ints = {Errno.EFAULT, Errno.EINVAL, Errno.ENOMEM, 53 /* EBADR: completions dropped */})
    void shouldNotRetryEntersFailingWithOtherErrnos(int errno) throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 8 * BLOCK);
                IoUringEngine e = engine(8, false)) {
            MemorySegment src = random(8 * BLOCK, 2);
            e.write(d, 0, src, 1);
            script.failNext(1, errno);
            long before = script.calls();
            IOException x = assertThrows(IOException.class, e::awaitAll);
            assertEquals(before + 1, script.calls(), "io_uring_enter was called once, not retried");
            assertTrue(x.getMessage().contains("io_uring_enter failed: " + Errno.name(errno)), x.getMessage());
            assertEquals(1, e.outstanding(), "the write is still queued");

            e.awaitAll();
            assertArrayEquals(bytes(src), contents(d, 0, 8 * BLOCK), "the queued write ran on the next try");
        }
    }

    @ParameterizedTest(name = "single issuer {0}")
    @ValueSource(booleans = {false, true})
    void shouldResubmitTheRestOfAShortWrite(boolean singleIssuer) throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 32 * BLOCK);
                IoUringEngine e = engine(8, singleIssuer)) {
            MemorySegment src = random(16 * BLOCK, 3);
            script.shortenNext(1, 4 * BLOCK);
            e.write(d, 8 * BLOCK, src, 0);
            long[] n = pollAll(e, 1);
            assertEquals(16 * BLOCK, n[0], "the write reports every byte");

            List<EnterScript.Sqe> writes = script.submitted().stream().filter(s -> s.opcode() == OP_WRITE).toList();
            assertEquals(2, writes.size(), "the rest was submitted once: " + writes);
            assertEquals(new EnterScript.Sqe(OP_WRITE, 8 * BLOCK, src.address(), 4 * BLOCK, writes.get(0).userData()),
                    writes.get(0));
            assertEquals(new EnterScript.Sqe(OP_WRITE, 12 * BLOCK, src.address() + 4 * BLOCK, 12 * BLOCK,
                    writes.get(0).userData()), writes.get(1));
            assertArrayEquals(bytes(src), contents(d, 8 * BLOCK, 16 * BLOCK));
        }
    }

    @Test
    void shouldCompleteReadsTheKernelCutShortRepeatedlyThroughRegisteredBuffers() throws Exception {
        try (BufferPool pool = BufferPool.allocate(4, 8 * BLOCK);
                BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 64 * BLOCK);
                IoUringEngine e = engine(8, false)) {
            e.registerBuffers(pool);
            MemorySegment src = random(64 * BLOCK, 4);
            e.write(d, 0, src, 0);
            e.awaitAll();
            MemorySegment a = pool.acquire();
            MemorySegment b = pool.acquire();
            script.shortenNext(100, BLOCK);
            e.read(d, 8 * BLOCK, a, 0);
            e.read(d, 40 * BLOCK, b, 1);
            long[] n = pollAll(e, 2);
            assertEquals(8 * BLOCK, n[0]);
            assertEquals(8 * BLOCK, n[1]);
            assertArrayEquals(bytes(src.asSlice(8 * BLOCK, 8 * BLOCK)), bytes(a));
            assertArrayEquals(bytes(src.asSlice(40 * BLOCK, 8 * BLOCK)), bytes(b));
            List<EnterScript.Sqe> reads = script.submitted().stream().filter(s -> s.opcode() == OP_READ_FIXED).toList();
            assertEquals(16, reads.size(), "each read went one block at a time: " + reads);
            assertEquals(100 - 14, script.shortenLeft(), "the last block of each read needed no shortening");
            pool.release(a);
            pool.release(b);
        }
    }

    @Test
    void shouldRunTheSuccessorOfAShortLinkedWriteAfterTheRest() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 16 * BLOCK);
                IoUringEngine e = engine(8, false)) {
            MemorySegment src = random(8 * BLOCK, 5);
            MemorySegment back = arena.allocate(8 * BLOCK, BLOCK);
            script.shortenNext(1, 2 * BLOCK);
            e.write(d, 0, src, 0);
            e.linkWithNext();
            e.fdatasync(d, 1);
            e.linkWithNext();
            e.read(d, 0, back, 2);
            long[] n = pollAll(e, 3);
            assertEquals(8 * BLOCK, n[0]);
            assertEquals(8 * BLOCK, n[2]);
            assertArrayEquals(bytes(src), bytes(back), "the linked read saw the whole write");
            assertEquals(1, script.cancelled(), "the chain broke at the short write");
            List<Integer> order = script.submitted().stream().map(EnterScript.Sqe::opcode).toList();
            assertEquals(List.of(OP_WRITE, OP_NOP, OP_READ, OP_WRITE, OP_FSYNC, OP_READ), order,
                    "the rest of the write, then the parked chain, was resubmitted");
        }
    }

    @Test
    void shouldFailAWriteThatMakesNoProgressInsteadOfReportingSuccess() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 16 * BLOCK);
                IoUringEngine e = engine(8, false)) {
            script.shortenNext(2, 0);
            e.write(d, 4 * BLOCK, random(4 * BLOCK, 6), 7);
            DeviceIoException x = assertThrows(DeviceIoException.class, e::awaitAll);
            assertEquals("write", x.operation());
            assertEquals(4 * BLOCK, x.offset());
            assertEquals(4 * BLOCK, x.length());
            assertTrue(x.getMessage().contains("no progress after 0 bytes"), x.getMessage());
        }
    }

    @ParameterizedTest(name = "single issuer {0}")
    @ValueSource(booleans = {false, true})
    void shouldDeliverEveryCompletionExactlyOnceWhenTheCompletionRingOverflows(boolean singleIssuer)
            throws IOException {
        int ops = 96;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) ops * BLOCK);
                IoUringEngine e = engine(4, 4, ops, singleIssuer)) {
            assertEquals(4, ring.cqEntries);
            MemorySegment src = random((long) ops * BLOCK, 7);
            e.write(d, 0, src, 0);
            e.awaitAll();
            MemorySegment dst = arena.allocate((long) ops * BLOCK, BLOCK);
            for (int i = 0; i < ops; i++) {
                e.read(d, (long) i * BLOCK, dst.asSlice((long) i * BLOCK, BLOCK), i);
            }
            e.submit();
            assertEquals(ops, script.submitted().stream().filter(s -> s.opcode() == OP_READ).count(),
                    "all reads are in the kernel before any completion is consumed");
            while (!ring.cqOverflowed()) {
                // Nothing is consumed here, so completions pile up beyond the ring's 4 entries.
                script.kernel(0, 1, ENTER_GETEVENTS);
            }
            long[] n = pollAll(e, ops);
            for (int i = 0; i < ops; i++) {
                assertEquals(BLOCK, n[i], "bytes read by operation " + i);
            }
            assertArrayEquals(bytes(src), bytes(dst));
            assertFalse(ring.cqOverflowed());
            assertEquals(0, ring.overflowCount(), "no completion was dropped");
        }
    }

    @ParameterizedTest(name = "errno {0}")
    @ValueSource(ints = {Errno.EAGAIN, Errno.EBUSY})
    void shouldResubmitWhileHandlingOverflowedCompletionsThroughEntersThatMustBeRetried(int errno)
            throws IOException {
        int ops = 64;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) ops * 2 * BLOCK);
                IoUringEngine e = engine(4, 4, ops, false)) {
            MemorySegment src = random((long) ops * 2 * BLOCK, 8);
            e.write(d, 0, src, 0);
            e.awaitAll();
            MemorySegment dst = arena.allocate((long) ops * 2 * BLOCK, BLOCK);
            script.shortenNext(ops, BLOCK);
            for (int i = 0; i < ops; i++) {
                e.read(d, (long) i * 2 * BLOCK, dst.asSlice((long) i * 2 * BLOCK, 2 * BLOCK), i);
            }
            e.submit();
            while (!ring.cqOverflowed()) {
                script.kernel(0, 1, ENTER_GETEVENTS);
            }
            // Handling each short read resubmits its rest into a full submission ring, whose enter
            // then fails and reaps completions from inside the handling of another.
            script.failEachSubmissionOnce(errno);
            long[] n = pollAll(e, ops);
            for (int i = 0; i < ops; i++) {
                assertEquals(2 * BLOCK, n[i], "bytes read by operation " + i);
            }
            assertArrayEquals(bytes(src), bytes(dst));
            assertEquals(0, script.shortenLeft());
            assertEquals(2L * ops, script.submitted().stream().filter(s -> s.opcode() == OP_READ).count());
        }
    }

    @Test
    void shouldWaitForRoomInsteadOfOverwritingEntriesTheSqPollerHasNotTaken() throws IOException {
        int ops = 256;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) ops * BLOCK)) {
            MemorySegment src = random((long) ops * BLOCK, 12);
            MemorySegment dst = arena.allocate((long) ops * BLOCK, BLOCK);
            IoUring polled = IoUring.create(4, 4, true, false);
            try (IoUringEngine e = new IoUringEngine(IoEngineConfig.defaults().withSqPoll(true), polled, ops)) {
                for (int i = 0; i < ops; i++) {
                    e.write(d, (long) i * BLOCK, src.asSlice((long) i * BLOCK, BLOCK), i);
                }
                e.awaitAll();
                for (int i = 0; i < ops; i++) {
                    e.read(d, (long) i * BLOCK, dst.asSlice((long) i * BLOCK, BLOCK), i);
                }
                pollAll(e, ops);
            }
            assertArrayEquals(bytes(src), bytes(dst));
        }
    }

    @ParameterizedTest(name = "errno {0}")
    @ValueSource(ints = {Errno.EINTR, Errno.EAGAIN, Errno.EBUSY})
    void shouldWaitOnCloseForQueuedAndInFlightOperationsThroughRetriedEnters(int errno) throws IOException {
        int ops = 24;
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), (long) ops * BLOCK)) {
            MemorySegment src = random((long) ops * BLOCK, 9);
            IoUringEngine e = engine(8, false);
            for (int i = 0; i < ops / 2; i++) {
                e.write(d, (long) i * BLOCK, src.asSlice((long) i * BLOCK, BLOCK), i);
            }
            e.submit();
            for (int i = ops / 2; i < ops; i++) {
                e.write(d, (long) i * BLOCK, src.asSlice((long) i * BLOCK, BLOCK), i);
            }
            script.failEvery(2, errno);
            e.close();
            assertThrows(IllegalStateException.class, () -> e.write(d, 0, src.asSlice(0, BLOCK), 0));
            e.close();
            assertArrayEquals(bytes(src), contents(d, 0, (long) ops * BLOCK));
        }
    }

    @Test
    void shouldFailCloseClearlyWhenWaitingForOperationsFails() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 16 * BLOCK)) {
            IoUringEngine e = engine(8, false);
            for (int i = 0; i < 5; i++) {
                e.write(d, (long) i * BLOCK, random(BLOCK, i), i);
            }
            script.failNext(1, Errno.EFAULT);
            IOException x = assertThrows(IOException.class, e::close);
            assertTrue(x.getMessage().contains("5 operations still queued or in flight"), x.getMessage());
            assertTrue(x.getMessage().contains("EFAULT"), x.getMessage());
            assertTrue(x.getMessage().contains("never reported"), x.getMessage());
            assertThrows(IllegalStateException.class, e::awaitAll, "the engine is closed");
            e.close();
            assertArrayEquals(new byte[5 * BLOCK], contents(d, 0, 5 * BLOCK), "nothing reached the kernel");
        }
    }

    @Test
    void shouldReportAFailedOperationOnCloseAndStillWaitForTheOthers() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 8 * BLOCK)) {
            MemorySegment src = random(4 * BLOCK, 10);
            IoUringEngine e = engine(8, false);
            e.write(d, 0, src, 0);
            e.read(d, 6 * BLOCK, arena.allocate(4 * BLOCK, BLOCK), 1);
            e.write(d, 4 * BLOCK, src.asSlice(0, 2 * BLOCK), 2);
            script.failNext(2, Errno.EAGAIN);
            IOException x = assertThrows(IOException.class, e::close);
            DeviceIoException cause = (DeviceIoException) x.getCause();
            assertEquals("read", cause.operation());
            assertEquals(6 * BLOCK, cause.offset());
            assertTrue(cause.getMessage().contains("end of file after " + 2 * BLOCK + " bytes"), cause.getMessage());
            assertArrayEquals(bytes(src), contents(d, 0, 4 * BLOCK));
            assertArrayEquals(bytes(src.asSlice(0, 2 * BLOCK)), contents(d, 4 * BLOCK, 2 * BLOCK));
            assertNull(cause.getCause());
        }
    }
}
