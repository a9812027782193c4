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

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
    void sketchIsAFunctionOfContentAlone(@ForAll @IntRange(min = 256, max = 70_000) int length, @ForAll long seed,
            @ForAll("versions") int version) {
        byte[] data = random(seed, length);
        try (Arena arena = Arena.ofConfined()) {
            long[] a = new long[3];
            long[] b = new long[3];
            boolean ha = new SimilaritySketcher(version, 64).sketch(of(arena, data), a);
            // Same bytes at another address, through another sketcher instance.
            MemorySegment padded = arena.allocate(length + 7).asSlice(7, length);
            MemorySegment.copy(data, 0, padded, ValueLayout.JAVA_BYTE, 0, length);
            boolean hb = new SimilaritySketcher(version, 64).sketch(padded, b);
            assertEquals(ha, hb);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void shouldShareSuperFeaturesAfterSmallEditsAndInsertions() {
        for (int version : new int[] {SimilaritySketcher.GEAR_SAMPLED, SimilaritySketcher.ANCHORED}) {
            shouldShareSuperFeaturesAfterSmallEditsAndInsertions(version);
        }
    }

    private static void shouldShareSuperFeaturesAfterSmallEditsAndInsertions(int version) {
        SplittableRandom r = new SplittableRandom(3);
        int trials = 50;
        int similarShared = 0;
        int unrelatedShared = 0;
        try (Arena arena = Arena.ofConfined()) {
            SimilaritySketcher s = new SimilaritySketcher(version, 64);
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
        assertTrue(similarShared >= trials * 9 / 10, similarShared + " of " + trials + " near-copies found, version "
                + version);
        assertEquals(0, unrelatedShared, "unrelated chunks must not share super-features, version " + version);
    }

    @Test
    void shouldGiveNoSketchToTinyChunksAndRejectBadSampling() {
        try (Arena arena = Arena.ofConfined()) {
            long[] out = {7, 7, 7};
            assertFalse(new SimilaritySketcher().sketch(of(arena, random(1, 100)), out));
            assertFalse(new SimilaritySketcher(SimilaritySketcher.GEAR_SAMPLED, 64).sketch(of(arena, random(1, 255)), out));
            assertArrayEquals(new long[] {7, 7, 7}, out);
        }
        assertThrows(IllegalArgumentException.class, () -> new SimilaritySketcher(3));
        assertThrows(IllegalArgumentException.class, () -> new SimilaritySketcher(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimilaritySketcher(3, 64));
        assertTrue(e.getMessage().contains("version 3"), e.getMessage());
        assertEquals(SimilaritySketcher.ANCHORED, new SimilaritySketcher().version());
    }

    /** The definition, written out once more: one Gear chain, sampled where the masked bits are zero. */
    private static boolean referenceSketch(byte[] chunk, int sampling, long[] out) {
        if (chunk.length < SimilaritySketcher.MIN_CHUNK_BYTES) {
            return false;
        }
        long[] gear = SimilaritySketcher.GEAR;
        long[] mul = SimilaritySketcher.MUL;
        long[] add = SimilaritySketcher.ADD;
        long mask = (long) sampling - 1 << 48;
        long[] f = new long[SimilaritySketcher.FEATURES];
        java.util.Arrays.fill(f, Long.MIN_VALUE);
        long h = 0;
        int samples = 0;
        for (byte b : chunk) {
            h = (h << 1) + gear[b & 0xFF];
            if ((h & mask) == 0) {
                samples++;
                for (int i = 0; i < f.length; i++) {
                    f[i] = Math.max(f[i], mul[i] * h + add[i]);
                }
            }
        }
        return superFeatures(samples, f, out);
    }

    @Property(tries = 200)
    void sketchEqualsTheOneChainDefinitionAtEveryLength(@ForAll @IntRange(min = 0, max = 70_000) int length,
            @ForAll long seed, @ForAll("samplings") int sampling) throws Exception {
        byte[] chunk = new byte[length];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            // Runs of one byte now and then: long equal stretches hash differently from noise.
            chunk[i] = r.nextInt(8) == 0 && i > 0 ? chunk[i - 1] : (byte) r.nextInt();
        }
        long[] expected = new long[SimilaritySketcher.SUPER_FEATURES];
        long[] actual = new long[SimilaritySketcher.SUPER_FEATURES];
        boolean has = referenceSketch(chunk, sampling, expected);
        SimilaritySketcher sketcher = new SimilaritySketcher(SimilaritySketcher.GEAR_SAMPLED, sampling);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment seg = arena.allocate(Math.max(1, length));
            java.lang.foreign.MemorySegment.copy(chunk, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, length);
            assertEquals(has, sketcher.sketch(seg.asSlice(0, length), actual), "has a sketch, length " + length);
        }
        if (has) {
            assertArrayEquals(expected, actual, "length " + length + ", sampling " + sampling);
        }
    }

    /** Both definitions' last step: no samples, no sketch; else each super-feature folds its features. */
    private static boolean superFeatures(int samples, long[] f, long[] out) {
        if (samples == 0) {
            return false;
        }
        for (int s = 0; s < SimilaritySketcher.SUPER_FEATURES; s++) {
            long x = 0x9E37_79B9_7F4A_7C15L * (s + 1);
            for (int k = 0; k < SimilaritySketcher.FEATURES_PER_SUPER_FEATURE; k++) {
                x = SimilaritySketcher.mix(x ^ f[s * SimilaritySketcher.FEATURES_PER_SUPER_FEATURE + k]);
            }
            out[s] = x;
        }
        return true;
    }

    /** Version 2's definition, written out once more: every anchor's window, one position at a time. */
    private static boolean referenceAnchored(byte[] chunk, int sampling, long[] out) {
        if (chunk.length < SimilaritySketcher.MIN_CHUNK_BYTES) {
            return false;
        }
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(chunk).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int topBits = Integer.numberOfTrailingZeros(sampling);
        long[] f = new long[SimilaritySketcher.FEATURES];
        java.util.Arrays.fill(f, Long.MIN_VALUE);
        int samples = 0;
        for (int p = 0; p + SimilaritySketcher.WINDOW <= chunk.length; p++) {
            long test = (le.getLong(p) ^ SimilaritySketcher.ANCHOR_SALT) * SimilaritySketcher.ANCHOR_MUL;
            if (topBits > 0 && test >>> (64 - topBits) != 0) {
                continue;
            }
            long x = 0;
            for (int j = 0; j < 4; j++) {
                x += le.getLong(p + 8 * j) * SimilaritySketcher.WINDOW_MUL[j];
            }
            x = SimilaritySketcher.mix(x);
            samples++;
            for (int i = 0; i < f.length; i++) {
                f[i] = Math.max(f[i], SimilaritySketcher.MUL[i] * x + SimilaritySketcher.ADD[i]);
            }
        }
        return superFeatures(samples, f, out);
    }

    /** Scalar code, vector lanes and the adaptive switch all compute version 2's definition. */
    @Property(tries = 200)
    void anchoredSketchEqualsItsDefinitionOnEveryPath(@ForAll @IntRange(min = 0, max = 70_000) int length,
            @ForAll long seed, @ForAll("samplings") int sampling) {
        byte[] chunk = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        int period = 1 + r.nextInt(16);
        for (int i = 0; i < length; i++) {
            // Runs of one byte and stretches repeating a short period now and then, between noise.
            chunk[i] = r.nextInt(8) == 0 && i > 0 ? chunk[i - 1]
                    : r.nextInt(16) == 0 && i >= period ? chunk[i - period] : (byte) r.nextInt();
        }
        long[] expected = new long[SimilaritySketcher.SUPER_FEATURES];
        boolean has = referenceAnchored(chunk, sampling, expected);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = of(arena, chunk);
            for (int mode : new int[] {SimilaritySketcher.SCALAR, SimilaritySketcher.LANES, SimilaritySketcher.ADAPTIVE}) {
                long[] actual = new long[SimilaritySketcher.SUPER_FEATURES];
                SimilaritySketcher sketcher = new SimilaritySketcher(SimilaritySketcher.ANCHORED, sampling, mode);
                assertEquals(has, sketcher.sketch(seg, actual), "has a sketch, length " + length + ", mode " + mode);
                if (has) {
                    assertArrayEquals(expected, actual, "length " + length + ", sampling " + sampling + ", mode " + mode);
                }
            }
        }
    }

    @Provide
    Arbitrary<Integer> versions() {
        return Arbitraries.of(SimilaritySketcher.GEAR_SAMPLED, SimilaritySketcher.ANCHORED);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> samplings() {
        return net.jqwik.api.Arbitraries.of(1, 8, 64, 512);
    }
}
