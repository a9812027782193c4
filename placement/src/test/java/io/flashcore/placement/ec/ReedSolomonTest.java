package io.flashcore.placement.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ReedSolomonTest {

    static byte[][] randomStripe(int k, int m, int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[][] s = new byte[k + m][len];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < len; j++) {
                s[i][j] = (byte) r.nextInt();
            }
        }
        return s;
    }

    static byte[][] deepCopy(byte[][] s) {
        byte[][] c = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            c[i] = s[i].clone();
        }
        return c;
    }

    @Test
    void shouldMatchScalarReferenceForEveryLengthAndRowCount() {
        for (int m = 1; m <= 9; m++) {
            for (int len : new int[] {0, 1, 15, 63, 64, 65, 127, 128, 200, 1000, 4096, 4096 + 37}) {
                int k = 3 + m;
                ReedSolomon rs = ReedSolomon.create(k, m, EcBackend.JAVA);
                byte[][] s = randomStripe(k, m, len, 31L * m + len);
                rs.encode(s, 0, len);
                MemorySegment[] in = new MemorySegment[k];
                MemorySegment[] out = new MemorySegment[m];
                for (int i = 0; i < k; i++) {
                    in[i] = MemorySegment.ofArray(s[i]);
                }
                byte[][] ref = new byte[m][len];
                for (int i = 0; i < m; i++) {
                    out[i] = MemorySegment.ofArray(ref[i]);
                }
                byte[] matrix = rs.encodingMatrix();
                byte[] coef = java.util.Arrays.copyOfRange(matrix, k * k, (k + m) * k);
                ScalarKernel.apply(coef, m, k, in, out, 0, len);
                for (int i = 0; i < m; i++) {
                    assertArrayEquals(ref[i], s[k + i], "k=" + k + " m=" + m + " len=" + len + " parity " + i);
                }
            }
        }
    }

    @Test
    void shouldRecoverEveryErasurePatternUpToTenPlusFour() {
        int len = 64 + 3;
        for (int k = 1; k <= 10; k++) {
            for (int m = 1; m <= 4; m++) {
                ReedSolomon rs = ReedSolomon.create(k, m, EcBackend.JAVA);
                byte[][] stripe = randomStripe(k, m, len, 1000L * k + m);
                rs.encode(stripe, 0, len);
                int n = k + m;
                for (int mask = 1; mask < 1 << n; mask++) {
                    int lost = Integer.bitCount(mask);
                    byte[][] damaged = deepCopy(stripe);
                    boolean[] present = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        present[i] = (mask & 1 << i) == 0;
                        if (!present[i]) {
                            java.util.Arrays.fill(damaged[i], (byte) 0x5A);
                        }
                    }
                    if (lost > m) {
                        if (lost == m + 1) {
                            byte[][] before = deepCopy(damaged);
                            assertThrows(TooManyErasuresException.class,
                                    () -> rs.reconstruct(damaged, present, 0, len));
                            for (int i = 0; i < n; i++) {
                                assertArrayEquals(before[i], damaged[i], "nothing written on failure");
                            }
                        }
                        continue;
                    }
                    rs.reconstruct(damaged, present, 0, len);
                    for (int i = 0; i < n; i++) {
                        assertArrayEquals(stripe[i], damaged[i], k + "+" + m + " mask " + mask + " shard " + i);
                    }
                }
            }
        }
    }

    @Test
    void shouldRebuildOnlyTheWantedShards() {
        ReedSolomon rs = ReedSolomon.create(6, 3, EcBackend.JAVA);
        byte[][] stripe = randomStripe(6, 3, 300, 7);
        rs.encode(stripe, 0, 300);
        byte[][] d = deepCopy(stripe);
        boolean[] present = {false, true, false, true, true, true, true, false, true};
        d[0] = new byte[300];
        d[2] = null;
        d[7] = null;
        rs.reconstruct(d, present, new int[] {0}, 0, 300);
        assertArrayEquals(stripe[0], d[0]);
        assertNull(d[2]);
        assertNull(d[7]);
        assertEquals(1, rs.cachedDecodeMatrices());
    }

    @Test
    void shouldRebuildParityFromData() {
        ReedSolomon rs = ReedSolomon.create(5, 3, EcBackend.JAVA);
        byte[][] stripe = randomStripe(5, 3, 129, 9);
        rs.encode(stripe, 0, 129);
        byte[][] d = deepCopy(stripe);
        boolean[] present = {true, true, true, true, true, false, true, false};
        d[5] = new byte[129];
        d[7] = new byte[129];
        rs.reconstruct(d, present, 0, 129);
        assertArrayEquals(stripe[5], d[5]);
        assertArrayEquals(stripe[7], d[7]);
    }

    @Test
    void shouldVerifyAndDetectCorruption() {
        ReedSolomon rs = ReedSolomon.create(4, 2, EcBackend.JAVA);
        byte[][] stripe = randomStripe(4, 2, 1000, 3);
        rs.encode(stripe, 0, 1000);
        assertTrue(rs.verify(stripe, 0, 1000));
        stripe[2][999] ^= 1;
        assertFalse(rs.verify(stripe, 0, 1000));
    }

    @Test
    void shouldEncodeOffHeapLikeOnHeapWithOffsets() {
        int k = 10;
        int m = 4;
        int len = 4096 + 64 + 5;
        ReedSolomon rs = ReedSolomon.create(k, m, EcBackend.JAVA);
        byte[][] stripe = randomStripe(k, m, len, 11);
        byte[][] shifted = new byte[k + m][len + 20];
        for (int i = 0; i < k; i++) {
            System.arraycopy(stripe[i], 0, shifted[i], 7, len);
        }
        rs.encode(stripe, 0, len);
        rs.encode(shifted, 7, len);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] segs = new MemorySegment[k + m];
            for (int i = 0; i < k + m; i++) {
                segs[i] = arena.allocate(len, 64);
                if (i < k) {
                    MemorySegment.copy(stripe[i], 0, segs[i], ValueLayout.JAVA_BYTE, 0, len);
                }
            }
            rs.encode(segs);
            for (int i = k; i < k + m; i++) {
                assertArrayEquals(stripe[i], segs[i].toArray(ValueLayout.JAVA_BYTE));
                assertArrayEquals(stripe[i], java.util.Arrays.copyOfRange(shifted[i], 7, 7 + len));
            }
            assertTrue(rs.verify(segs));
        }
    }

    @Test
    void shouldHandleWideStripes() {
        ReedSolomon rs = ReedSolomon.create(146, 4, EcBackend.JAVA);
        byte[][] stripe = randomStripe(146, 4, 256 + 1, 5);
        rs.encode(stripe, 0, 257);
        byte[][] d = deepCopy(stripe);
        boolean[] present = new boolean[150];
        java.util.Arrays.fill(present, true);
        for (int i : new int[] {0, 77, 145, 148}) {
            present[i] = false;
            java.util.Arrays.fill(d[i], (byte) 0);
        }
        rs.reconstruct(d, present, 0, 257);
        for (int i = 0; i < 150; i++) {
            assertArrayEquals(stripe[i], d[i], "shard " + i);
        }
        ReedSolomon max = ReedSolomon.create(200, 56, EcBackend.JAVA);
        assertEquals(256, max.totalShards());
    }

    @Test
    void shouldRejectBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> ReedSolomon.create(0, 2));
        assertThrows(IllegalArgumentException.class, () -> ReedSolomon.create(250, 7));
        ReedSolomon rs = ReedSolomon.create(4, 2, EcBackend.JAVA);
        assertThrows(IllegalArgumentException.class, () -> rs.encode(new byte[5][10], 0, 10));
        byte[][] uneven = new byte[6][10];
        uneven[3] = new byte[5];
        assertThrows(IndexOutOfBoundsException.class, () -> rs.encode(uneven, 0, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeKind.fromCode(99));
        assertTrue(e.getMessage().contains("99"));
        assertEquals(CodeKind.RS_CAUCHY1_V1, CodeKind.fromCode(1));
    }
}
