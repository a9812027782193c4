package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class IsaLTest {

    @Test
    void shouldLoadWhenTheLibraryIsInstalled() {
        boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libisal.so.2"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libisal.so.2"));
        Assumptions.assumeTrue(installed, "libisal2 not installed");
        assertTrue(IsaL.isAvailable(), IsaL.unavailableReason().orElse(""));
    }

    @Test
    void shouldEncodeIsalVectorA1() {
        Assumptions.assumeTrue(IsaL.isAvailable(), () -> IsaL.unavailableReason().orElse(""));
        try (Arena arena = Arena.ofConfined()) {
            int k = 4;
            int p = 2;
            MemorySegment a = arena.allocate((k + p) * k);
            IsaL.genCauchy1Matrix(a, k + p, k);
            MemorySegment tables = arena.allocate(32L * k * p);
            IsaL.initTables(k, p, a.asSlice((long) k * k), tables);
            MemorySegment dataPtrs = arena.allocate(ValueLayout.ADDRESS, k);
            MemorySegment codingPtrs = arena.allocate(ValueLayout.ADDRESS, p);
            for (int i = 0; i < k; i++) {
                MemorySegment d = arena.allocate(16);
                for (int j = 0; j < 16; j++) {
                    d.set(ValueLayout.JAVA_BYTE, j, (byte) (16 * i + j));
                }
                dataPtrs.setAtIndex(ValueLayout.ADDRESS, i, d);
            }
            MemorySegment[] coding = {arena.allocate(16), arena.allocate(16)};
            for (int i = 0; i < p; i++) {
                codingPtrs.setAtIndex(ValueLayout.ADDRESS, i, coding[i]);
            }
            IsaL.encodeData(16, k, p, tables, dataPtrs, codingPtrs);
            assertArrayEquals(java.util.HexFormat.of().parseHex("e8c8a88868482808f5d5b59575553515"),
                    coding[0].toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(java.util.HexFormat.of().parseHex("d2f292b252721232cfef8faf4f6f0f2f"),
                    coding[1].toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
