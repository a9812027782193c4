package io.flashcore.placement.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class VectorKernelTest {

    private static MemorySegment[] randomSegments(Arena arena, int n, long len, SplittableRandom r) {
        return randomSegments(arena, n, len, r, false);
    }

    /** Native segments, or heap ones over arrays starting at an odd offset when {@code heap}. */
    private static MemorySegment[] randomSegments(Arena arena, int n, long len, SplittableRandom r, boolean heap) {
        MemorySegment[] s = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            s[i] = heap ? MemorySegment.ofArray(new byte[(int) len + 3]).asSlice(3, len)
                    : arena.allocate(Math.max(1, len), 64).asSlice(0, len);
            for (long j = 0; j < len; j++) {
                s[i].set(ValueLayout.JAVA_BYTE, j, (byte) r.nextInt());
            }
        }
        return s;
    }

    private static byte[] randomCoef(int rows, int cols, SplittableRandom r) {
        byte[] c = new byte[rows * cols];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) r.nextInt();
        }
        return c;
    }

    @Test
    void shouldMatchScalarReferenceOnNativeSegmentsForEveryRowGroupAndLength() {
        matchScalarReference(false, 7);
    }

    @Test
    void shouldMatchScalarReferenceOnHeapSegmentsForEveryRowGroupAndLength() {
        matchScalarReference(true, 9);
    }

    /**
     * 40 columns make a 4-row group's tables too large for the accumulating order, so column groups
     * of three and four rows are checked as well; 3 * 52224 + 300 crosses the stretch in which
     * several row groups share inputs at 10 columns, and 1, 3 + rows, 10 and 40 columns leave every
     * column-group remainder (columns mod 4 of 0 to 3).
     */
    private static void matchScalarReference(boolean heap, long seed) {
        long[] lengths = {0, 1, 63, 255, 256, 257, 1000, 4096 + 37, 3 * 52224 + 300};
        SplittableRandom r = new SplittableRandom(seed);
        for (int rows = 1; rows <= 9; rows++) {
            for (int cols : new int[] {1, 3 + rows, 10, 40}) {
                for (long len : lengths) {
                    try (Arena arena = Arena.ofConfined()) {
                        byte[] coef = randomCoef(rows, cols, r);
                        MemorySegment[] in = randomSegments(arena, cols, len, r, heap);
                        MemorySegment[] out = randomSegments(arena, rows, len, r, heap);
                        MemorySegment[] ref = randomSegments(arena, rows, len, r, heap);
                        VectorKernel.apply(coef, VectorKernel.tables(coef, rows, cols), rows, cols, in, out, len);
                        ScalarKernel.apply(coef, rows, cols, in, ref, 0, len);
                        for (int i = 0; i < rows; i++) {
                            assertArrayEquals(ref[i].toArray(ValueLayout.JAVA_BYTE), out[i].toArray(ValueLayout.JAVA_BYTE),
                                    (heap ? "heap" : "native") + " rows=" + rows + " cols=" + cols + " len=" + len
                                            + " row " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldRefuseReadOnlyClosedOrForeignThreadShardsLikeCheckedAccess() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        byte[] coef = randomCoef(4, 10, r);
        byte[] tables = VectorKernel.tables(coef, 4, 10);
        long len = 1 << 16;
        Arena arena = Arena.ofConfined();
        MemorySegment[] in = randomSegments(arena, 10, len, r);
        MemorySegment[] out = randomSegments(arena, 4, len, r);
        MemorySegment[] readOnly = out.clone();
        readOnly[2] = readOnly[2].asReadOnly();
        assertThrows(UnsupportedOperationException.class,
                () -> VectorKernel.apply(coef, tables, 4, 10, in, readOnly, len));
        CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(
                () -> VectorKernel.apply(coef, tables, 4, 10, in, out, len));
        ExecutionException e = assertThrows(ExecutionException.class, elsewhere::get);
        assertThrows(WrongThreadException.class, () -> {
            throw e.getCause();
        });
        arena.close();
        assertThrows(IllegalStateException.class, () -> VectorKernel.apply(coef, tables, 4, 10, in, out, len));
    }
}
