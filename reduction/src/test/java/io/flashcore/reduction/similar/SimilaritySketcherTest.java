package io.flashcore.reduction.similar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SimilaritySketcherTest {

    static MemorySegment of(Arena arena, byte[] b) {
        MemorySegment s = arena.allocate(Math.max(1, b.length)).asSlice(0, b.length);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        return s;
    }

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static int shared(long[] a, long[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                n++;
            }
        }
        return n;
    }

    @Property(tries = 40)
    void sketchIsAFunctionOfContentAlone(@ForAll @IntRange(min = 256, max = 70_000) int length, @ForAll long seed) {
        byte[] data = random(seed, length);
        try (Arena arena = Arena.ofConfined()) {
            long[] a = new long[3];
            long[] b = new long[3];
            boolean ha = new SimilaritySketcher().sketch(of(arena, data), a);
            // Same bytes at another address, through another sketcher instance.
            MemorySegment padded = arena.allocate(length + 7).asSlice(7, length);
            MemorySegment.copy(data, 0, padded, ValueLayout.JAVA_BYTE, 0, length);
            boolean hb = new SimilaritySketcher().sketch(padded, b);
            assertEquals(ha, hb);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void shouldShareSuperFeaturesAfterSmallEditsAndInsertions() {
        SplittableRandom r = new SplittableRandom(3);
        int trials = 50;
        int similarShared = 0;
        int unrelatedShared = 0;
        try (Arena arena = Arena.ofConfined()) {
            SimilaritySketcher s = new SimilaritySketcher();
            for (int t = 0; t < trials; t++) {
                byte[] base = random(t, 16384);
                byte[] edited = new byte[base.length + 10];
                int at = r.nextInt(base.length);
                System.arraycopy(base, 0, edited, 0, at);
                System.arraycopy(random(1000 + t, 10), 0, edited, at, 10);
                System.arraycopy(base, at, edited, at + 10, base.length - at);
                for (int k = 0; k < 3; k++) {
                    edited[r.nextInt(edited.length)] ^= 0x55;
                }
                long[] a = new long[3];
                long[] b = new long[3];
                long[] c = new long[3];
                assertTrue(s.sketch(of(arena, base), a));
                assertTrue(s.sketch(of(arena, edited), b));
                assertTrue(s.sketch(of(arena, random(5000 + t, 16384)), c));
                similarShared += shared(a, b) > 0 ? 1 : 0;
                unrelatedShared += shared(a, c) > 0 ? 1 : 0;
            }
        }
        assertTrue(similarShared >= trials * 9 / 10, similarShared + " of " + trials + " near-copies found");
        assertEquals(0, unrelatedShared, "unrelated chunks must not share super-features");
    }

    @Test
    void shouldGiveNoSketchToTinyChunksAndRejectBadSampling() {
        try (Arena arena = Arena.ofConfined()) {
            long[] out = {7, 7, 7};
            assertFalse(new SimilaritySketcher().sketch(of(arena, random(1, 100)), out));
            assertArrayEquals(new long[] {7, 7, 7}, out);
        }
        assertThrows(IllegalArgumentException.class, () -> new SimilaritySketcher(3));
        assertThrows(IllegalArgumentException.class, () -> new SimilaritySketcher(0));
    }
}
