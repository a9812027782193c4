package io.flashcore.placement.ec;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java GF(2^8) matrix-times-shards kernel: split-nibble lookup tables applied with the
 * Vector API ({@code selectFrom}, which is {@code vpermb} on AVX-512 VBMI).
 *
 * <p>The shards are cut into blocks of {@value #BLOCK} bytes so that a block of every output stays
 * in L1 while the inputs stream through it once per group of up to four output rows. For each input
 * column the 2·rows nibble tables of the group sit in registers, and the inner loop is a tight run
 * over the block: load the input vector, look both nibbles up once per output row, XOR into the
 * output (the first column stores instead). Bytes past the last whole vector go through the scalar
 * multiplication table.
 *
 * <p>Nibble indices are not masked: {@code selectFrom} wraps each index to the vector length, and
 * every table is 16-periodic, so {@code x} and {@code x >>> 4} (shifted in 32-bit lanes, which drags
 * neighbouring bits only into positions the wrap discards) select the right entries for any
 * species of 16 bytes or more.
 *
 * <p>Thread-safe: stateless; prepared tables are immutable.
 */
final class VectorKernel {
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int VLEN = SPECIES.length();
    /** Bytes per table slot: one 16-entry nibble table replicated to the widest vector. */
    private static final int SLOT = 64;
    /** Output rows accumulated per pass over the inputs. */
    private static final int GROUP = 4;
    /**
     * Bytes per block: four output blocks plus the input block (40 KiB) stay in a 48 KiB L1; measured
     * about 5 % faster than 4 KiB blocks and 15 % faster than 2 KiB on Zen 5.
     */
    static final int BLOCK = 8192;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private VectorKernel() {
    }

    /**
     * Nibble tables for a rows×cols coefficient matrix, laid out by row group, then column, then row
     * within the group, then (low, high).
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
     * from {@link #tables} of the same matrix. Segments are at least {@code length} bytes and no
     * output is also an input.
     */
    static void apply(byte[] coef, byte[] tables, int rows, int cols, MemorySegment[] in, MemorySegment[] out,
            long length) {
        long vecEnd = length - length % VLEN;
        for (long start = 0; start < vecEnd; start += BLOCK) {
            long end = Math.min(vecEnd, start + BLOCK);
            int tOff = 0;
            for (int g = 0; g < rows; g += GROUP) {
                int n = Math.min(GROUP, rows - g);
                for (int j = 0; j < cols; j++, tOff += n * 2 * SLOT) {
                    MemorySegment x = in[j];
                    int bytes = (int) (end - start);
                    if (j == 0) {
                        switch (n) {
                            case 1 -> store1(tables, tOff, x, out[g], start, bytes);
                            case 2 -> store2(tables, tOff, x, out[g], out[g + 1], start, bytes);
                            case 3 -> store3(tables, tOff, x, out[g], out[g + 1], out[g + 2], start, bytes);
                            default -> store4(tables, tOff, x, out[g], out[g + 1], out[g + 2], out[g + 3], start,
                                    bytes);
                        }
                    } else {
                        switch (n) {
                            case 1 -> xor1(tables, tOff, x, out[g], start, bytes);
                            case 2 -> xor2(tables, tOff, x, out[g], out[g + 1], start, bytes);
                            case 3 -> xor3(tables, tOff, x, out[g], out[g + 1], out[g + 2], start, bytes);
                            default -> xor4(tables, tOff, x, out[g], out[g + 1], out[g + 2], out[g + 3], start,
                                    bytes);
                        }
                    }
                }
            }
        }
        if (vecEnd < length) {
            ScalarKernel.apply(coef, rows, cols, in, out, vecEnd, length);
        }
    }

    // The passes spell every vector operation out in place: a helper method that C2 compiles on its
    // own can grow past the inlining limit for already-compiled code, and a call that is not inlined
    // boxes its vectors, which is two orders of magnitude slower. Store and XOR passes are separate
    // methods with int-counted loops to keep each C2 compilation small and quick to warm up.

    private static void store1(byte[] t, int tOff, MemorySegment in, MemorySegment o0, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            x.selectFrom(l0).lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
        }
    }

    private static void xor1(byte[] t, int tOff, MemorySegment in, MemorySegment o0, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER).lanewise(XOR, x.selectFrom(l0))
                    .lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
        }
    }

    private static void store2(byte[] t, int tOff, MemorySegment in, MemorySegment o0, MemorySegment o1, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        ByteVector l1 = ByteVector.fromArray(SPECIES, t, tOff + 2 * SLOT);
        ByteVector h1 = ByteVector.fromArray(SPECIES, t, tOff + 3 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            x.selectFrom(l0).lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
            x.selectFrom(l1).lanewise(XOR, hi.selectFrom(h1)).intoMemorySegment(o1, p, ORDER);
        }
    }

    private static void xor2(byte[] t, int tOff, MemorySegment in, MemorySegment o0, MemorySegment o1, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        ByteVector l1 = ByteVector.fromArray(SPECIES, t, tOff + 2 * SLOT);
        ByteVector h1 = ByteVector.fromArray(SPECIES, t, tOff + 3 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER).lanewise(XOR, x.selectFrom(l0))
                    .lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
            ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER).lanewise(XOR, x.selectFrom(l1))
                    .lanewise(XOR, hi.selectFrom(h1)).intoMemorySegment(o1, p, ORDER);
        }
    }

    private static void store3(byte[] t, int tOff, MemorySegment in, MemorySegment o0, MemorySegment o1, MemorySegment o2, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        ByteVector l1 = ByteVector.fromArray(SPECIES, t, tOff + 2 * SLOT);
        ByteVector h1 = ByteVector.fromArray(SPECIES, t, tOff + 3 * SLOT);
        ByteVector l2 = ByteVector.fromArray(SPECIES, t, tOff + 4 * SLOT);
        ByteVector h2 = ByteVector.fromArray(SPECIES, t, tOff + 5 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            x.selectFrom(l0).lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
            x.selectFrom(l1).lanewise(XOR, hi.selectFrom(h1)).intoMemorySegment(o1, p, ORDER);
            x.selectFrom(l2).lanewise(XOR, hi.selectFrom(h2)).intoMemorySegment(o2, p, ORDER);
        }
    }

    private static void xor3(byte[] t, int tOff, MemorySegment in, MemorySegment o0, MemorySegment o1, MemorySegment o2, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        ByteVector l1 = ByteVector.fromArray(SPECIES, t, tOff + 2 * SLOT);
        ByteVector h1 = ByteVector.fromArray(SPECIES, t, tOff + 3 * SLOT);
        ByteVector l2 = ByteVector.fromArray(SPECIES, t, tOff + 4 * SLOT);
        ByteVector h2 = ByteVector.fromArray(SPECIES, t, tOff + 5 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER).lanewise(XOR, x.selectFrom(l0))
                    .lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
            ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER).lanewise(XOR, x.selectFrom(l1))
                    .lanewise(XOR, hi.selectFrom(h1)).intoMemorySegment(o1, p, ORDER);
            ByteVector.fromMemorySegment(SPECIES, o2, p, ORDER).lanewise(XOR, x.selectFrom(l2))
                    .lanewise(XOR, hi.selectFrom(h2)).intoMemorySegment(o2, p, ORDER);
        }
    }

    private static void store4(byte[] t, int tOff, MemorySegment in, MemorySegment o0, MemorySegment o1, MemorySegment o2, MemorySegment o3, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        ByteVector l1 = ByteVector.fromArray(SPECIES, t, tOff + 2 * SLOT);
        ByteVector h1 = ByteVector.fromArray(SPECIES, t, tOff + 3 * SLOT);
        ByteVector l2 = ByteVector.fromArray(SPECIES, t, tOff + 4 * SLOT);
        ByteVector h2 = ByteVector.fromArray(SPECIES, t, tOff + 5 * SLOT);
        ByteVector l3 = ByteVector.fromArray(SPECIES, t, tOff + 6 * SLOT);
        ByteVector h3 = ByteVector.fromArray(SPECIES, t, tOff + 7 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            x.selectFrom(l0).lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
            x.selectFrom(l1).lanewise(XOR, hi.selectFrom(h1)).intoMemorySegment(o1, p, ORDER);
            x.selectFrom(l2).lanewise(XOR, hi.selectFrom(h2)).intoMemorySegment(o2, p, ORDER);
            x.selectFrom(l3).lanewise(XOR, hi.selectFrom(h3)).intoMemorySegment(o3, p, ORDER);
        }
    }

    private static void xor4(byte[] t, int tOff, MemorySegment in, MemorySegment o0, MemorySegment o1, MemorySegment o2, MemorySegment o3, long start, int bytes) {
        ByteVector l0 = ByteVector.fromArray(SPECIES, t, tOff + 0 * SLOT);
        ByteVector h0 = ByteVector.fromArray(SPECIES, t, tOff + 1 * SLOT);
        ByteVector l1 = ByteVector.fromArray(SPECIES, t, tOff + 2 * SLOT);
        ByteVector h1 = ByteVector.fromArray(SPECIES, t, tOff + 3 * SLOT);
        ByteVector l2 = ByteVector.fromArray(SPECIES, t, tOff + 4 * SLOT);
        ByteVector h2 = ByteVector.fromArray(SPECIES, t, tOff + 5 * SLOT);
        ByteVector l3 = ByteVector.fromArray(SPECIES, t, tOff + 6 * SLOT);
        ByteVector h3 = ByteVector.fromArray(SPECIES, t, tOff + 7 * SLOT);
        for (int i = 0; i < bytes; i += VLEN) {
            long p = start + i;
            ByteVector x = ByteVector.fromMemorySegment(SPECIES, in, p, ORDER);
            ByteVector hi = x.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
            ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER).lanewise(XOR, x.selectFrom(l0))
                    .lanewise(XOR, hi.selectFrom(h0)).intoMemorySegment(o0, p, ORDER);
            ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER).lanewise(XOR, x.selectFrom(l1))
                    .lanewise(XOR, hi.selectFrom(h1)).intoMemorySegment(o1, p, ORDER);
            ByteVector.fromMemorySegment(SPECIES, o2, p, ORDER).lanewise(XOR, x.selectFrom(l2))
                    .lanewise(XOR, hi.selectFrom(h2)).intoMemorySegment(o2, p, ORDER);
            ByteVector.fromMemorySegment(SPECIES, o3, p, ORDER).lanewise(XOR, x.selectFrom(l3))
                    .lanewise(XOR, hi.selectFrom(h3)).intoMemorySegment(o3, p, ORDER);
        }
    }
}
