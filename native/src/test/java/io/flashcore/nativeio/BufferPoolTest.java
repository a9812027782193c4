package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void shouldHandOutPageAlignedBuffersAndTakeThemBack() throws InterruptedException {
        try (BufferPool p = BufferPool.allocate(3, 8192)) {
            MemorySegment a = p.acquire();
            MemorySegment b = p.acquire();
            MemorySegment c = p.acquire();
            for (MemorySegment m : new MemorySegment[] {a, b, c}) {
                assertEquals(0, m.address() % BufferPool.PAGE_BYTES);
                assertEquals(8192, m.byteSize());
            }
            assertNull(p.tryAcquire(1, TimeUnit.MILLISECONDS));
            assertEquals(1, p.indexOf(p.buffer(1)));
            assertEquals(2, p.indexOf(p.buffer(2).asSlice(4096, 4096)));
            assertEquals(-1, p.indexOf(p.slab().asSlice(4096, 8192)));
            p.release(b);
            assertEquals(1, p.available());
            assertThrows(IllegalStateException.class, () -> p.release(b));
            assertThrows(IllegalArgumentException.class, () -> p.release(a.asSlice(0, 4096)));
        }
    }

    @Test
    void shouldRejectSizesThatAreNotWholePages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BufferPool.allocate(1, 1000));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BufferPool.allocate(0, 4096));
    }
}
