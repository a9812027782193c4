package io.flashcore.reduction.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IncompressibilityProbeTest {

    private static MemorySegment of(Arena arena, byte[] b) {
        MemorySegment s = arena.allocate(Math.max(1, b.length)).asSlice(0, b.length);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        return s;
    }

    /** The definition written out once more: the sampled windows' order-0 entropy, one byte at a time. */
    private static double referenceEntropy(byte[] chunk) {
        if (chunk.length == 0) {
            return 0;
        }
        long[] h = new long[256];
        int n;
        if (chunk.length <= IncompressibilityProbe.SAMPLE_BYTES) {
            for (byte b : chunk) {
                h[b & 0xFF]++;
            }
            n = chunk.length;
        } else {
            int windows = IncompressibilityProbe.SAMPLE_BYTES / IncompressibilityProbe.WINDOW_BYTES;
            long stride = (chunk.length - IncompressibilityProbe.WINDOW_BYTES) / (windows - 1);
            for (int w = 0; w < windows; w++) {
                for (int i = 0; i < IncompressibilityProbe.WINDOW_BYTES; i++) {
                    h[chunk[(int) (w * stride) + i] & 0xFF]++;
                }
            }
            n = IncompressibilityProbe.SAMPLE_BYTES;
        }
        double bits = 0;
        for (long c : h) {
            if (c > 0) {
                double p = (double) c / n;
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return bits;
    }

    @Property(tries = 200)
    void entropyIsTheSampledWindowsOrderZeroEntropy(@ForAll @IntRange(min = 0, max = 70_000) int length,
            @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int alphabet = 1 + r.nextInt(256);
        byte[] chunk = new byte[length];
        for (int i = 0; i < length; i++) {
            // Runs of one byte now and then, between bytes of a random-sized alphabet.
            chunk[i] = r.nextInt(6) == 0 && i > 0 ? chunk[i - 1] : (byte) r.nextInt(alphabet);
        }
        IncompressibilityProbe probe = new IncompressibilityProbe(IncompressibilityProbe.DEFAULT_MARGIN_BITS);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = of(arena, chunk);
            // Twice through one probe: nothing of one call's histogram leaks into the next.
            for (int k = 0; k < 2; k++) {
                assertEquals(referenceEntropy(chunk), probe.entropyBitsPerByte(seg), 1e-9, "length " + length);
            }
        }
    }

    @Test
    void shouldCallRandomBytesIncompressibleAndTextOrShortChunksNot() {
        IncompressibilityProbe probe = new IncompressibilityProbe(IncompressibilityProbe.DEFAULT_MARGIN_BITS);
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        while (text.length() < 70_000) {
            text.append("line ").append(r.nextInt(100_000)).append(": the quick brown fox jumps over the lazy dog\n");
        }
        byte[] words = text.toString().getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined()) {
            for (int size : new int[] {512, 4096, 16_384, 65_536}) {
                byte[] random = new byte[size];
                r.nextBytes(random);
                assertTrue(probe.looksIncompressible(of(arena, random)), "random bytes, " + size);
                assertFalse(probe.looksIncompressible(of(arena, java.util.Arrays.copyOf(words, size))), "text, " + size);
            }
            byte[] shortRandom = new byte[IncompressibilityProbe.MIN_CHUNK_BYTES - 1];
            r.nextBytes(shortRandom);
            assertFalse(probe.looksIncompressible(of(arena, shortRandom)), "too short to tell");
        }
        assertThrows(IllegalArgumentException.class, () -> new IncompressibilityProbe(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new IncompressibilityProbe(8.5));
    }
}
