package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultInjectingIoEngineTest {
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    private static MemorySegment filled(Arena a, int bytes, int value) {
        MemorySegment s = a.allocate(bytes, BLOCK);
        s.fill((byte) value);
        return s;
    }

    private IoEngine engine(String spec, Path drive) throws Exception {
        return new FaultInjectingIoEngine(IoEngine.open(), FaultPlan.parse(spec, 7), List.of(drive));
    }

    @Test
    void shouldFailChosenOperationsWithEioNamingTheDevice() throws Exception {
        Path f = dir.resolve("d0");
        try (Arena a = Arena.ofConfined(); BlockDevice d = BlockDevice.createFile(f, 1 << 20, DeviceOption.BUFFERED);
             IoEngine e = engine("eio:drive=0:op=write", f)) {
            e.write(d, 0, filled(a, BLOCK, 1), 1);
            DeviceIoException x = assertThrows(DeviceIoException.class, e::awaitAll);
            assertEquals(Errno.EIO, x.errno());
            assertTrue(x.getMessage().contains(f.getFileName().toString()), x.getMessage());
            assertEquals(0, Files.readAllBytes(f)[0], "a failed write must not reach the device");
            MemorySegment back = a.allocate(BLOCK, BLOCK);
            e.read(d, 0, back, 2);
            e.awaitAll();
        }
    }

    @Test
    void shouldCancelTheOperationLinkedToAnInjectedFailureAndRunTheUnlinkedOne() throws Exception {
        Path f = dir.resolve("d0");
        try (Arena a = Arena.ofConfined(); BlockDevice d = BlockDevice.createFile(f, 1 << 20, DeviceOption.BUFFERED);
             IoEngine e = engine("eio:drive=0:op=sync", f)) {
            e.write(d, 0, filled(a, BLOCK, 1), 1);
            e.fdatasync(d, 2);
            e.linkWithNext();
            e.write(d, BLOCK, filled(a, BLOCK, 3), 3);
            e.write(d, 2 * BLOCK, filled(a, BLOCK, 4), 4);
            java.util.Map<Long, java.io.IOException> failures = new java.util.TreeMap<>();
            int[] seen = {0};
            e.poll(4, (tag, n, failure) -> {
                seen[0]++;
                if (failure != null) {
                    failures.put(tag, failure);
                }
            });
            assertEquals(4, seen[0]);
            assertEquals(List.of(2L, 3L), List.copyOf(failures.keySet()));
            assertEquals(Errno.EIO, ((DeviceIoException) failures.get(2L)).errno());
            assertEquals(Errno.ECANCELED, ((DeviceIoException) failures.get(3L)).errno());
            assertEquals(0, e.outstanding());
            byte[] b = Files.readAllBytes(f);
            assertEquals(1, b[0]);
            assertEquals(0, b[BLOCK], "the cancelled write never ran");
            assertEquals(4, b[2 * BLOCK]);
        }
    }

    @Test
    void shouldLeaveOnlyABlockAlignedPrefixOfATornWrite() throws Exception {
        Path f = dir.resolve("d0");
        try (Arena a = Arena.ofConfined(); BlockDevice d = BlockDevice.createFile(f, 1 << 20, DeviceOption.BUFFERED);
             IoEngine e = engine("torn", f)) {
            e.write(d, 0, filled(a, 16 * BLOCK, 9), 1);
            assertThrows(DeviceIoException.class, e::awaitAll);
            byte[] b = Files.readAllBytes(f);
            int written = 0;
            while (written < b.length && b[written] == 9) {
                written++;
            }
            assertEquals(0, written % BLOCK, "torn writes keep whole blocks");
            assertTrue(written < 16 * BLOCK);
        }
    }

    @Test
    void shouldFlipExactlyOneBitOfARead() throws Exception {
        Path f = dir.resolve("d0");
        try (Arena a = Arena.ofConfined(); BlockDevice d = BlockDevice.createFile(f, 1 << 20, DeviceOption.BUFFERED);
             IoEngine e = engine("bitflip:drive=0", f)) {
            MemorySegment back = a.allocate(BLOCK, BLOCK);
            e.read(d, 0, back, 1);
            e.awaitAll();
            int ones = 0;
            for (int i = 0; i < BLOCK; i++) {
                ones += Integer.bitCount(back.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
            }
            assertEquals(1, ones);
            assertEquals(1L, e instanceof FaultInjectingIoEngine fi ? fi.plan().injectedCount() : -1);
        }
    }

    @Test
    void shouldKeepSyncedWritesAndLoseOrTearUnsyncedOnesAtAPowerCut() throws Exception {
        Path f = dir.resolve("d0");
        try (Arena a = Arena.ofConfined(); BlockDevice d = BlockDevice.createFile(f, 1 << 20, DeviceOption.BUFFERED);
             IoEngine e = engine("powercut:after=2", f)) {
            e.write(d, 0, filled(a, BLOCK, 1), 1);
            e.fdatasync(d, 2);
            e.awaitAll();
            e.write(d, BLOCK, filled(a, BLOCK, 2), 3);
            e.awaitAll();
            MemorySegment back = a.allocate(BLOCK, BLOCK);
            e.read(d, BLOCK, back, 4);
            e.awaitAll();
            assertEquals(2, back.get(ValueLayout.JAVA_BYTE, 0), "reads see cached writes");
            e.write(d, 2 * BLOCK, filled(a, BLOCK, 3), 5);
            DeviceIoException cut = assertThrows(DeviceIoException.class, e::awaitAll);
            assertTrue(cut.getMessage().contains("power lost"), cut.getMessage());
            e.read(d, 0, back, 6);
            assertThrows(DeviceIoException.class, e::awaitAll, "nothing works after the power cut");
        }
        byte[] b = Files.readAllBytes(f);
        assertEquals(1, b[0], "a synced write survives");
        assertEquals(0, b[2 * BLOCK], "the write at the cut never happened");
    }

    @Test
    void shouldNameTheBadPartOfAPlan() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("eoi:drive=1", 1))
                .getMessage().contains("eoi"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("eio:rate=2", 1))
                .getMessage().contains("rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("eio:drive=x", 1))
                .getMessage().contains("drive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("bitflip:op=write", 1))
                .getMessage().contains("reads"));
    }
}
