package io.flashcore.placement.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

import io.flashcore.nativeio.IsaL;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ReedSolomonPropertiesTest {

    private static boolean[] erase(int n, int count, long seed) {
        boolean[] present = new boolean[n];
        Arrays.fill(present, true);
        SplittableRandom r = new SplittableRandom(seed);
        for (int e = 0; e < count; ) {
            int i = r.nextInt(n);
            if (present[i]) {
                present[i] = false;
                e++;
            }
        }
        return present;
    }

    @Property(tries = 200)
    void anyMErasuresRecover(@ForAll @IntRange(min = 1, max = 40) int k, @ForAll @IntRange(min = 1, max = 8) int m,
            @ForAll @IntRange(min = 0, max = 700) int len, @ForAll long seed) {
        ReedSolomon rs = ReedSolomon.create(k, m, EcBackend.JAVA);
        byte[][] stripe = ReedSolomonTest.randomStripe(k, m, len, seed);
        rs.encode(stripe, 0, len);
        int lost = new SplittableRandom(seed).nextInt(m + 1);
        boolean[] present = erase(k + m, lost, seed);
        byte[][] d = ReedSolomonTest.deepCopy(stripe);
        for (int i = 0; i < k + m; i++) {
            if (!present[i]) {
                Arrays.fill(d[i], (byte) 0xA5);
            }
        }
        rs.reconstruct(d, present, 0, len);
        for (int i = 0; i < k + m; i++) {
            assertArrayEquals(stripe[i], d[i], "shard " + i);
        }
    }

    @Property(tries = 50)
    void mPlusOneErasuresFailWithoutWriting(@ForAll @IntRange(min = 1, max = 20) int k,
            @ForAll @IntRange(min = 1, max = 6) int m, @ForAll long seed) {
        ReedSolomon rs = ReedSolomon.create(k, m, EcBackend.JAVA);
        byte[][] stripe = ReedSolomonTest.randomStripe(k, m, 96, seed);
        rs.encode(stripe, 0, 96);
        boolean[] present = erase(k + m, m + 1, seed);
        byte[][] d = ReedSolomonTest.deepCopy(stripe);
        assertThrows(TooManyErasuresException.class, () -> rs.reconstruct(d, present, 0, 96));
        for (int i = 0; i < k + m; i++) {
            assertArrayEquals(stripe[i], d[i]);
        }
    }

    @Property(tries = 60)
    void javaBackendEqualsIsalBackend(@ForAll @IntRange(min = 1, max = 30) int k,
            @ForAll @IntRange(min = 1, max = 6) int m, @ForAll @IntRange(min = 0, max = 5000) int len,
            @ForAll long seed) {
        Assume.that(IsaL.isAvailable());
        ReedSolomon java = ReedSolomon.create(k, m, EcBackend.JAVA);
        ReedSolomon isal = ReedSolomon.create(k, m, EcBackend.ISAL);
        byte[][] stripe = ReedSolomonTest.randomStripe(k, m, len, seed);
        java.encode(stripe, 0, len);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] segs = new MemorySegment[k + m];
            for (int i = 0; i < k + m; i++) {
                segs[i] = arena.allocate(Math.max(1, len)).asSlice(0, len);
                if (i < k) {
                    MemorySegment.copy(stripe[i], 0, segs[i], ValueLayout.JAVA_BYTE, 0, len);
                }
            }
            isal.encode(segs);
            for (int i = k; i < k + m; i++) {
                assertArrayEquals(stripe[i], segs[i].toArray(ValueLayout.JAVA_BYTE), "parity " + (i - k));
            }
            boolean[] present = erase(k + m, Math.min(m, 2), seed);
            for (int i = 0; i < k + m; i++) {
                if (!present[i]) {
                    segs[i].fill((byte) 0);
                }
            }
            isal.reconstruct(segs, present);
            for (int i = 0; i < k + m; i++) {
                assertArrayEquals(stripe[i], segs[i].toArray(ValueLayout.JAVA_BYTE), "shard " + i);
            }
        }
    }
}
