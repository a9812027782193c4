package io.flashcore.placement.ec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The byte-at-a-time GF(2^8) matrix-times-shards kernel through the 64 KiB multiplication table:
 * the reference the vector kernels are checked against, and their tail for bytes past the last
 * whole vector.
 */
final class ScalarKernel {
    private static final byte[] MUL = Gf256.mulTable();

    private ScalarKernel() {
    }

    /** {@code out[r][i] = XOR over j of coef[r*cols+j] * in[j][i]} for i in [from, to). */
    static void apply(byte[] coef, int rows, int cols, MemorySegment[] in, MemorySegment[] out, long from, long to) {
        for (int r = 0; r < rows; r++) {
            MemorySegment o = out[r];
            for (long i = from; i < to; i++) {
                int acc = 0;
                for (int j = 0; j < cols; j++) {
                    int c = coef[r * cols + j] & 0xFF;
                    acc ^= MUL[c << 8 | (in[j].get(ValueLayout.JAVA_BYTE, i) & 0xFF)];
                }
                o.set(ValueLayout.JAVA_BYTE, i, (byte) acc);
            }
        }
    }
}
