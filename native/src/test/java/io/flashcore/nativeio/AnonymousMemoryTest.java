package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

class AnonymousMemoryTest {

    @Test
    void shouldMapZeroedWritableMemoryUntilTheArenaCloses() {
        assumeTrue(AnonymousMemory.isAvailable(), "anonymous mappings need Linux");
        long bytes = 2 * AnonymousMemory.HUGE_PAGE_BYTES;
        MemorySegment m;
        try (Arena arena = Arena.ofShared()) {
            m = AnonymousMemory.map(bytes, true, arena);
            assertEquals(bytes, m.byteSize());
            assertEquals(0, m.address() % 4096);
            for (long off = 0; off < bytes; off += 4096) {
                assertEquals(0L, m.get(ValueLayout.JAVA_LONG, off));
                m.set(ValueLayout.JAVA_LONG, off, off + 1);
            }
            for (long off = 0; off < bytes; off += 4096) {
                assertEquals(off + 1, m.get(ValueLayout.JAVA_LONG, off));
            }
        }
        MemorySegment closed = m;
        assertThrows(IllegalStateException.class, () -> closed.get(ValueLayout.JAVA_LONG, 0));
    }

    @Test
    void shouldRejectSizesThatAreNotWholePages() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> AnonymousMemory.map(0, false, arena));
            assertThrows(IllegalArgumentException.class, () -> AnonymousMemory.map(4097, false, arena));
        }
    }
}
