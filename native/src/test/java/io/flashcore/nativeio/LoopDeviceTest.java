package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Round trips on a real block device: a loop device over a temp file. Runs only as root with
 * {@code losetup} and a free loop device; skips otherwise.
 */
class LoopDeviceTest {
    private static final long BYTES = 16L << 20;
    private static Path backing;
    private static String loop;

    @BeforeAll
    static void attach() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to attach a loop device");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/losetup")) || Files.isExecutable(Path.of("/sbin/losetup")),
                "needs losetup");
        backing = Files.createTempFile("flashcore-loop", ".img");
        try (var ch = java.nio.channels.FileChannel.open(backing, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(BYTES);
            ch.write(java.nio.ByteBuffer.allocate(1), BYTES - 1);
        }
        Process p = new ProcessBuilder("losetup", "-f", "--show", backing.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith("/dev/loop");
        if (!ok) {
            Files.deleteIfExists(backing);
        }
        assumeTrue(ok, () -> "losetup could not attach a loop device: " + out);
        loop = out;
    }

    @AfterAll
    static void detach() throws Exception {
        if (loop != null) {
            new ProcessBuilder("losetup", "-d", loop).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        if (backing != null) {
            Files.deleteIfExists(backing);
        }
    }

    @ParameterizedTest
    @EnumSource(IoBackend.class)
    void shouldRoundTripOnALoopDevice(IoBackend backend) throws IOException {
        assumeTrue(backend != IoBackend.IO_URING || IoUringSupport.isAvailable(), "io_uring unavailable");
        try (BlockDevice d = BlockDevice.open(Path.of(loop));
                IoEngine e = IoEngine.open(IoEngineConfig.defaults().withBackend(backend).withQueueDepth(16));
                BufferPool pool = BufferPool.allocate(4, 64 * 1024);
                Arena arena = Arena.ofConfined()) {
            assertTrue(d.isBlockDevice());
            assertEquals(BYTES, d.sizeBytes());
            assertTrue(d.offsetAlignment() >= 512 && d.offsetAlignment() <= 4096, "alignment " + d.offsetAlignment());
            e.registerBuffers(pool);
            MemorySegment src = pool.buffer(0);
            SplittableRandom r = new SplittableRandom(backend.ordinal());
            for (long i = 0; i < src.byteSize(); i += 8) {
                src.set(ValueLayout.JAVA_LONG, i, r.nextLong());
            }
            long last = BYTES - src.byteSize();
            e.write(d, 0, src, 1);
            e.write(d, last, src, 2);
            e.linkWithNext();
            e.fdatasync(d, 3);
            e.awaitAll();
            MemorySegment dst = pool.buffer(1);
            e.read(d, last, dst, 4);
            e.awaitAll();
            assertArrayEquals(src.toArray(ValueLayout.JAVA_BYTE), dst.toArray(ValueLayout.JAVA_BYTE));

            e.discard(d, 0, src.byteSize(), 5);
            e.awaitAll();
            e.read(d, 0, dst, 6);
            e.awaitAll();
            // A loop device over a file punches a hole, so discarded blocks read back as zeros.
            assertArrayEquals(new byte[(int) dst.byteSize()], dst.toArray(ValueLayout.JAVA_BYTE));

            MemorySegment heapless = arena.allocate(4096, 4096);
            IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                    () -> e.read(d, BYTES, heapless, 7));
            assertTrue(beyond.getMessage().contains("beyond the end"), beyond.getMessage());
        }
    }
}
