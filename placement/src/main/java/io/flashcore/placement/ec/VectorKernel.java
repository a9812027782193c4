package io.flashcore.placement.ec;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java GF(2^8) matrix-times-shards kernel: split-nibble lookup tables applied with the
 * Vector API ({@code selectFrom}, which is {@code vpermb} on AVX-512 VBMI). Each data vector is
 * loaded once and multiplied into up to four parity accumulators held in registers; wider row sets
 * run in groups of four over L2-sized blocks. Bytes past the last whole vector go through the
 * scalar multiplication table.
 *
 * <p>Thread-safe: stateless; prepared tables are immutable.
 */
final class VectorKernel {
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int VLEN = SPECIES.length();
    /** Bytes per table slot: one 16-entry nibble table replicated to the widest vector. */
    private static final int SLOT = 64;
    private static final int GROUP = 4;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private VectorKernel() {
    }

    /**
     * Nibble tables for a rows×cols coefficient matrix, laid out by row group, then column, then row
     * within the group, then (low, high): the inner loop reads them sequentially.
     */
    static byte[] tables(byte[] coef, int rows, int cols) {
        byte[] t = new byte[rows * cols * 2 * SLOT];
        int pos = 0;
        for (int g = 0; g < rows; g += GROUP) {
            int n = Math.min(GROUP, rows - g);
            for (int j = 0; j < cols; j++) {
                for (int r = g; r < g + n; r++) {
                    int c = coef[r * cols + j] & 0xFF;
                    for (int i = 0; i < SLOT; i++) {
                        t[pos + i] = (byte) Gf256.mul(c, i & 15);
                        t[pos + SLOT + i] = (byte) Gf256.mul(c, (i & 15) << 4);
                    }
                    pos += 2 * SLOT;
                }
            }
        }
        return t;
    }

    /**
     * {@code out[r][i] = XOR over j of coef[r][j] * in[j][i]} for i in [0, length); {@code tables}
     * from {@link #tables} of the same matrix. Segments are at least {@code length} bytes.
     */
    static void apply(byte[] coef, byte[] tables, int rows, int cols, MemorySegment[] in, MemorySegment[] out,
            long length) {
        long vecEnd = length - length % VLEN;
        if (vecEnd > 0) {
            long block = rows <= GROUP ? vecEnd : Math.max(1024, Math.min(65536, (256 * 1024 / cols))) & -VLEN;
            for (long start = 0; start < vecEnd; start += block) {
                long end = Math.min(vecEnd, start + block);
                int tOff = 0;
                for (int g = 0; g < rows; g += GROUP) {
                    int n = Math.min(GROUP, rows - g);
                    switch (n) {
                        case 1 -> dot1(tables, tOff, cols, in, out[g], start, end);
                        case 2 -> dot2(tables, tOff, cols, in, out[g], out[g + 1], start, end);
                        case 3 -> dot3(tables, tOff, cols, in, out[g], out[g + 1], out[g + 2], start, end);
                        default -> dot4(tables, tOff, cols, in, out[g], out[g + 1], out[g + 2], out[g + 3],
                                start, end);
                    }
                    tOff += n * cols * 2 * SLOT;
                }
            }
        }
        if (vecEnd < length) {
            ScalarKernel.apply(coef, rows, cols, in, out, vecEnd, length);
        }
    }

    private static ByteVector low(ByteVector x) {
        return x.lanewise(VectorOperators.AND, (byte) 0x0F);
    }

    private static ByteVector high(ByteVector x) {
        // Bytes have no vector shift on x86; shifting 32-bit lanes and masking is exact for nibbles.
        return x.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                .lanewise(VectorOperators.AND, (byte) 0x0F);
    }

    private static ByteVector mul(byte[] t, int off, ByteVector lo, ByteVector hi) {
        return lo.selectFrom(ByteVector.fromArray(SPECIES, t, off))
                .lanewise(VectorOperators.XOR, hi.selectFrom(ByteVector.fromArray(SPECIES, t, off + SLOT)));
    }

    private static void dot1(byte[] t, int tOff, int cols, MemorySegment[] in, MemorySegment o0, long start,
            long end) {
        for (long p = start; p < end; p += VLEN) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            int to = tOff;
            for (int j = 0; j < cols; j++, to += 2 * SLOT) {
                ByteVector x = ByteVector.fromMemorySegment(SPECIES, in[j], p, ORDER);
                ByteVector lo = low(x);
                ByteVector hi = high(x);
                a0 = a0.lanewise(VectorOperators.XOR, mul(t, to, lo, hi));
            }
            a0.intoMemorySegment(o0, p, ORDER);
        }
    }

    private static void dot2(byte[] t, int tOff, int cols, MemorySegment[] in, MemorySegment o0, MemorySegment o1,
            long start, long end) {
        for (long p = start; p < end; p += VLEN) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            int to = tOff;
            for (int j = 0; j < cols; j++, to += 4 * SLOT) {
                ByteVector x = ByteVector.fromMemorySegment(SPECIES, in[j], p, ORDER);
                ByteVector lo = low(x);
                ByteVector hi = high(x);
                a0 = a0.lanewise(VectorOperators.XOR, mul(t, to, lo, hi));
                a1 = a1.lanewise(VectorOperators.XOR, mul(t, to + 2 * SLOT, lo, hi));
            }
            a0.intoMemorySegment(o0, p, ORDER);
            a1.intoMemorySegment(o1, p, ORDER);
        }
    }

    private static void dot3(byte[] t, int tOff, int cols, MemorySegment[] in, MemorySegment o0, MemorySegment o1,
            MemorySegment o2, long start, long end) {
        for (long p = start; p < end; p += VLEN) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            int to = tOff;
            for (int j = 0; j < cols; j++, to += 6 * SLOT) {
                ByteVector x = ByteVector.fromMemorySegment(SPECIES, in[j], p, ORDER);
                ByteVector lo = low(x);
                ByteVector hi = high(x);
                a0 = a0.lanewise(VectorOperators.XOR, mul(t, to, lo, hi));
                a1 = a1.lanewise(VectorOperators.XOR, mul(t, to + 2 * SLOT, lo, hi));
                a2 = a2.lanewise(VectorOperators.XOR, mul(t, to + 4 * SLOT, lo, hi));
            }
            a0.intoMemorySegment(o0, p, ORDER);
            a1.intoMemorySegment(o1, p, ORDER);
            a2.intoMemorySegment(o2, p, ORDER);
        }
    }

    private static void dot4(byte[] t, int tOff, int cols, MemorySegment[] in, MemorySegment o0, MemorySegment o1,
            MemorySegment o2, MemorySegment o3, long start, long end) {
        for (long p = start; p < end; p += VLEN) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            ByteVector a3 = a0;
            int to = tOff;
            for (int j = 0; j < cols; j++, to += 8 * SLOT) {
                ByteVector x = ByteVector.fromMemorySegment(SPECIES, in[j], p, ORDER);
                ByteVector lo = low(x);
                ByteVector hi = high(x);
                a0 = a0.lanewise(VectorOperators.XOR, mul(t, to, lo, hi));
                a1 = a1.lanewise(VectorOperators.XOR, mul(t, to + 2 * SLOT, lo, hi));
                a2 = a2.lanewise(VectorOperators.XOR, mul(t, to + 4 * SLOT, lo, hi));
                a3 = a3.lanewise(VectorOperators.XOR, mul(t, to + 6 * SLOT, lo, hi));
            }
            a0.intoMemorySegment(o0, p, ORDER);
            a1.intoMemorySegment(o1, p, ORDER);
            a2.intoMemorySegment(o2, p, ORDER);
            a3.intoMemorySegment(o3, p, ORDER);
        }
    }
}
