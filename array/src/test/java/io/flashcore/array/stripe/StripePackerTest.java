package io.flashcore.array.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StripePackerTest {
    @Property(tries = 100)
    void appendedChunksReadBackAtTheirOffsets(@ForAll @Size(max = 30) java.util.List<@IntRange(min = 1, max = 900) Integer> sizes) {
        int k = 3;
        int payload = 1000;
        StripePacker p = new StripePacker(k, payload, Arena.ofAuto().allocate(k * payload));
        int expected = 0;
        byte tag = 1;
        for (int size : sizes) {
            MemorySegment chunk = Arena.ofAuto().allocate(size);
            chunk.fill(tag);
            int at = p.append(chunk);
            if (expected + size > k * payload) {
                assertEquals(-1, at);
                continue;
            }
            assertEquals(expected, at);
            for (int i = 0; i < size; i++) {
                assertEquals(tag, p.data().get(ValueLayout.JAVA_BYTE, at + i));
            }
            expected += size;
            tag++;
        }
        assertEquals(expected, p.fill());
        for (int i = expected; i < k * payload; i++) {
            assertEquals(0, p.data().get(ValueLayout.JAVA_BYTE, i));
        }
    }

    @org.junit.jupiter.api.Test
    void shouldTrackDirtyShardsSinceTheLastDurableWrite() {
        StripePacker p = new StripePacker(4, 100, Arena.ofAuto().allocate(400));
        assertTrue(p.isClean());
        p.append(Arena.ofAuto().allocate(150));
        assertEquals(0, p.firstDirtyShard());
        assertEquals(2, p.endDirtyShard());
        p.markDurable();
        assertEquals(p.firstDirtyShard(), p.endDirtyShard());
        p.append(Arena.ofAuto().allocate(10));
        assertEquals(1, p.firstDirtyShard());
        assertEquals(2, p.endDirtyShard());
        p.append(Arena.ofAuto().allocate(100));
        assertEquals(3, p.endDirtyShard());
    }
}
