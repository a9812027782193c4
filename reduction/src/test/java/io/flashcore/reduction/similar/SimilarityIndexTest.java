package io.flashcore.reduction.similar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SimilarityIndexTest {

    @Test
    void shouldPreferTheReferenceSharingMostSuperFeatures() {
        SimilarityIndex index = new SimilarityIndex();
        index.register(new long[] {1, 2, 3}, 10);
        index.register(new long[] {1, 20, 30}, 11);
        index.register(new long[] {100, 2, 3}, 12);
        // 11 now owns feature 0 = 1; 12 owns features 1 and 2.
        assertEquals(12, index.find(new long[] {1, 2, 3}));
        assertEquals(11, index.find(new long[] {1, 99, 98}));
        assertEquals(SimilarityIndex.NONE, index.find(new long[] {5, 6, 7}));
        index.unregister(new long[] {100, 2, 3}, 12);
        assertEquals(11, index.find(new long[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> index.register(new long[] {1, 2, 3}, -5));
    }

    @Property(tries = 30)
    void cacheReturnsWhatWasPutUntilEvicted(@ForAll @IntRange(min = 1, max = 300) int count,
            @ForAll @IntRange(min = 1000, max = 200_000) int maxLength) {
        try (Arena arena = Arena.ofConfined(); ReferenceCache cache = new ReferenceCache(1 << 20)) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(count * 31L + maxLength);
            byte[][] put = new byte[count][];
            for (int i = 0; i < count; i++) {
                byte[] b = new byte[r.nextInt(1, maxLength)];
                r.nextBytes(b);
                put[i] = b;
                MemorySegment s = arena.allocate(b.length);
                MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
                cache.put(i, s);
            }
            long kept = 0;
            for (int i = count - 1; i >= 0; i--) {
                MemorySegment got = cache.resolve(i);
                if (got != null) {
                    assertEquals(java.util.HexFormat.of().formatHex(put[i]),
                            java.util.HexFormat.of().formatHex(got.toArray(ValueLayout.JAVA_BYTE)), "reference " + i);
                    kept += got.byteSize();
                }
            }
            assertEquals(true, kept <= cache.capacity());
            // The newest reference always survives.
            assertEquals(put[count - 1].length, cache.resolve(count - 1).byteSize());
            assertNull(cache.resolve(count + 5));
        }
    }
}
