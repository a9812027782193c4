package io.flashcore.placement.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LocalReconstructionCodeTest {

    @Test
    void shouldRepairOneLostShardFromItsGroup() {
        LocalReconstructionCode lrc = LocalReconstructionCode.create(12, 2, 2, EcBackend.JAVA);
        assertEquals(16.0 / 12, lrc.storageOverhead(), 1e-12);
        assertEquals(6, lrc.repairSources(0).length);
        assertEquals(6.0, lrc.dataRepairReadAmplification(), 1e-12);
        assertEquals(12, lrc.repairSources(14).length);
        int len = 200;
        byte[][] stripe = ReedSolomonTest.randomStripe(12, 4, len, 42);
        lrc.encode(stripe, 0, len);
        for (int lost = 0; lost < 16; lost++) {
            byte[][] d = ReedSolomonTest.deepCopy(stripe);
            boolean[] present = new boolean[16];
            Arrays.fill(present, true);
            present[lost] = false;
            Arrays.fill(d[lost], (byte) 0);
            lrc.reconstruct(d, present, 0, len);
            assertArrayEquals(stripe[lost], d[lost], "shard " + lost);
        }
    }

    @Test
    void shouldKeepGlobalParitiesEqualToReedSolomon() {
        LocalReconstructionCode lrc = LocalReconstructionCode.create(10, 2, 3, EcBackend.JAVA);
        byte[][] stripe = ReedSolomonTest.randomStripe(10, 5, 130, 5);
        lrc.encode(stripe, 0, 130);
        byte[][] rs = ReedSolomonTest.randomStripe(10, 3, 130, 5);
        ReedSolomon.create(10, 3, EcBackend.JAVA).encode(rs, 0, 130);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(rs[10 + i], stripe[12 + i]);
        }
    }

    @Test
    void shouldRecoverEveryPatternOfGPlusOneLosses() {
        int k = 6;
        int l = 2;
        int g = 2;
        int n = k + l + g;
        LocalReconstructionCode lrc = LocalReconstructionCode.create(k, l, g, EcBackend.JAVA);
        byte[][] stripe = ReedSolomonTest.randomStripe(k, l + g, 70, 9);
        lrc.encode(stripe, 0, 70);
        int recovered = 0;
        int refused = 0;
        for (int mask = 1; mask < 1 << n; mask++) {
            int lost = Integer.bitCount(mask);
            if (lost > l + g) {
                continue;
            }
            byte[][] d = ReedSolomonTest.deepCopy(stripe);
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = (mask & 1 << i) == 0;
                if (!present[i]) {
                    Arrays.fill(d[i], (byte) 0x33);
                }
            }
            try {
                lrc.reconstruct(d, present, 0, 70);
            } catch (TooManyErasuresException e) {
                assertEquals(true, lost > g + 1, "pattern " + mask + " of " + lost + " losses must be recoverable");
                for (int i = 0; i < n; i++) {
                    if (present[i]) {
                        assertArrayEquals(stripe[i], d[i]);
                    }
                }
                refused++;
                continue;
            }
            for (int i = 0; i < n; i++) {
                assertArrayEquals(stripe[i], d[i], "mask " + mask + " shard " + i);
            }
            recovered++;
        }
        assertEquals(true, recovered > 0 && refused > 0, recovered + " recovered, " + refused + " refused");
    }

    @Test
    void shouldRebuildOnlyWantedShardsLeavingOthersUnread() {
        LocalReconstructionCode lrc = LocalReconstructionCode.create(12, 2, 2, EcBackend.JAVA);
        int len = 300;
        byte[][] stripe = ReedSolomonTest.randomStripe(12, 4, len, 11);
        lrc.encode(stripe, 0, len);
        byte[][] d = ReedSolomonTest.deepCopy(stripe);
        boolean[] present = new boolean[16];
        Arrays.fill(present, true);
        // Shard 3 alone is lost in group 0; group 1 lost 7 and 9, and global parity 14 is lost too.
        for (int lost : new int[] {3, 7, 9, 14}) {
            present[lost] = false;
            d[lost] = null;
        }
        d[3] = new byte[len];
        lrc.reconstruct(d, present, new int[] {3}, 0, len);
        assertArrayEquals(stripe[3], d[3]);
        d[7] = new byte[len];
        d[14] = new byte[len];
        lrc.reconstruct(d, present, new int[] {7, 14, 0}, 0, len);
        assertArrayEquals(stripe[7], d[7]);
        assertArrayEquals(stripe[14], d[14]);
        assertEquals(null, d[9]);
    }

    @Test
    void shouldRebuildWantedSubsetsOfEveryRecoverablePattern() {
        int k = 6;
        int l = 2;
        int g = 2;
        int n = k + l + g;
        LocalReconstructionCode lrc = LocalReconstructionCode.create(k, l, g, EcBackend.JAVA);
        byte[][] stripe = ReedSolomonTest.randomStripe(k, l + g, 70, 13);
        lrc.encode(stripe, 0, 70);
        for (int mask = 1; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) > g + 1) {
                continue;
            }
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = (mask & 1 << i) == 0;
            }
            for (int want = 0; want < n; want++) {
                if (present[want]) {
                    continue;
                }
                byte[][] d = ReedSolomonTest.deepCopy(stripe);
                for (int i = 0; i < n; i++) {
                    if (!present[i]) {
                        Arrays.fill(d[i], (byte) 0x5A);
                    }
                }
                lrc.reconstruct(d, present, new int[] {want}, 0, 70);
                for (int i = 0; i < n; i++) {
                    if (present[i] || i == want) {
                        assertArrayEquals(stripe[i], d[i], "mask " + mask + " want " + want + " shard " + i);
                    } else {
                        byte[] untouched = new byte[70];
                        Arrays.fill(untouched, (byte) 0x5A);
                        assertArrayEquals(untouched, d[i], "mask " + mask + " want " + want + " shard " + i);
                    }
                }
            }
        }
    }

    @Test
    void shouldVerifyOffHeapStripes() {
        LocalReconstructionCode lrc = LocalReconstructionCode.create(8, 2, 2, EcBackend.JAVA);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment[] s = new java.lang.foreign.MemorySegment[12];
            for (int i = 0; i < 12; i++) {
                s[i] = arena.allocate(1024 + 17);
                for (int j = 0; j < 1024 + 17; j++) {
                    s[i].set(java.lang.foreign.ValueLayout.JAVA_BYTE, j, (byte) (i * 7 + j * 13));
                }
            }
            lrc.encode(s);
            assertEquals(true, lrc.verify(s));
            assertEquals(3, lrc.guaranteedTolerance());
            s[9].set(java.lang.foreign.ValueLayout.JAVA_BYTE, 1000, (byte) 1);
            assertEquals(false, lrc.verify(s));
        }
    }

    @Test
    void shouldRejectBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> LocalReconstructionCode.create(4, 5, 1, EcBackend.JAVA));
        assertThrows(IllegalArgumentException.class, () -> LocalReconstructionCode.create(250, 4, 4, EcBackend.JAVA));
    }
}
