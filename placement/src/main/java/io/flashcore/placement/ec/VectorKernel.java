package io.flashcore.placement.ec;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import io.flashcore.nativeio.RawMemory;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java GF(2^8) matrix-times-shards kernel: split-nibble lookup tables applied with the
 * Vector API ({@code selectFrom}, which is {@code vpermb} on AVX-512 VBMI).
 *
 * <p>Output rows go in groups of up to four. A group of two rows (decode with two lost shards,
 * m = 2 encode) or of one row with many inputs runs in <em>column groups</em>: the shards are cut
 * into blocks of {@value #BLOCK} bytes, and for each block the kernel takes up to
 * {@value #NARROW_COLUMNS} inputs at a time ({@value #ONE_ROW_COLUMNS} for one row), keeps their
 * nibble tables in registers for the whole block, reads one vector of each of those inputs, and
 * adds all their products into the block's outputs (the first column group stores instead). The
 * outputs stay in L1 while each input is read from memory once, only a few input streams are in
 * flight at a time, and no table is reloaded inside the loop. At 1 MiB shards this order decodes
 * 10+4 with two lost data shards about 1.2× as fast as ISA-L's {@code ec_encode_data} per
 * CPU-second, where ISA-L's own order (all k inputs per step, outputs in registers) reached 0.82×
 * in Java: with k+2 streams coming from L3, table reloads and the number of streams, not
 * arithmetic, bounded it.
 *
 * <p>Groups of three or four rows, or one row with few inputs, on native memory with tables that fit
 * in {@value #ACC_TABLE_BYTES} bytes, run ISA-L's order instead: for each run of {@value #ACC_STEP}
 * bytes the kernel reads that run of every input once and keeps the group's outputs in registers,
 * so no output is reloaded or stored more than once. With four outputs there is twice the
 * arithmetic per input byte of two, and this order measured faster than column groups (10+4 encode
 * at 1 MiB: 1.1× ISA-L against 1.0×). Wide stripes, whose tables would not stay in L1, and heap
 * shards use column groups of {@value #WIDE_COLUMNS} inputs for these groups.
 *
 * <p>Native shards are addressed by raw address through one whole-memory segment, having checked
 * up front that each is native, long enough, writable where written, and open and accessible to
 * this thread; like the ISA-L back-end, the kernel therefore relies on no shared arena being closed
 * while the call runs. Heap shards (and anything else) go through the same passes on their
 * segments, with the usual checked access. Bytes past the last whole vector go through the scalar
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
    private static final ByteVector ZERO = ByteVector.zero(SPECIES);
    /** Bytes per table slot: one 16-entry nibble table replicated to the widest vector. */
    private static final int SLOT = 64;
    /** Output rows per row group. */
    private static final int GROUP = 4;
    /** Bytes per block of the column-group order: the block's outputs stay in L1 beside the streaming inputs. */
    static final int BLOCK = 8192;
    /** Inputs per column group for groups of two rows: 16 tables held in registers. */
    static final int NARROW_COLUMNS = 4;
    /**
     * Inputs per column group for a single row (16 tables); up to this many inputs, a single row on
     * native memory runs the accumulating order, which measured 8 % faster than column groups for 6
     * inputs (an LRC group repair) and 21 % slower for 12.
     */
    static final int ONE_ROW_COLUMNS = 8;
    /** Inputs per column group for groups of three or four rows outside the accumulating order. */
    static final int WIDE_COLUMNS = 2;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Largest tables of one row group (bytes) for which the accumulating order is used. */
    static final int ACC_TABLE_BYTES = 16384;
    /** Bytes per accumulating step: the unroll of every accumulating pass divides it. */
    static final int ACC_STEP = 4 * 64;
    /**
     * Input bytes per stretch when several row groups re-read the inputs: at most 512 KiB of inputs
     * per stretch, so the second group finds them in L2.
     */
    private static final long GROUPS_STRETCH_BYTES = 1 << 19;
    /** All of memory, to address native shards without per-access segment checks; null when refused. */
    private static final MemorySegment ALL = RawMemory.wholeAddressSpace().orElse(null);

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
        long[] ia = null;
        long[] oa = null;
        long accEnd = 0;
        if (rawUsable(in, out, length)) {
            ia = addresses(in);
            oa = addresses(out);
            if ((long) cols * Math.min(GROUP, rows) * 2 * SLOT <= ACC_TABLE_BYTES) {
                accEnd = length - length % ACC_STEP;
            }
        }
        long stretch = rows <= GROUP ? Math.max(vecEnd, 1)
                : Math.max(ACC_STEP, GROUPS_STRETCH_BYTES / cols / ACC_STEP * ACC_STEP);
        for (long start = 0; start < vecEnd; start += stretch) {
            long end = Math.min(vecEnd, start + stretch);
            int tOff = 0;
            for (int g = 0; g < rows; g += GROUP) {
                int n = Math.min(GROUP, rows - g);
                long from = start;
                if (accEnd > start && (n > 2 || n == 1 && cols <= ONE_ROW_COLUMNS)) {
                    from = Math.min(end, accEnd);
                    switch (n) {
                        case 1 -> acc1(tables, tOff, ia, oa[g], start, from);
                        case 3 -> acc3(tables, tOff, ia, oa[g], oa[g + 1], oa[g + 2], start, from);
                        default -> acc4(tables, tOff, ia, oa[g], oa[g + 1], oa[g + 2], oa[g + 3], start, from);
                    }
                }
                if (from < end) {
                    int columns = n == 1 ? ONE_ROW_COLUMNS : n == 2 ? NARROW_COLUMNS : WIDE_COLUMNS;
                    if (ia != null) {
                        rawColumnGroups(tables, tOff, n, columns, ia, oa, g, from, end);
                    } else {
                        segColumnGroups(tables, tOff, n, columns, in, out, g, from, end);
                    }
                }
                tOff += cols * n * 2 * SLOT;
            }
        }
        if (vecEnd < length) {
            ScalarKernel.apply(coef, rows, cols, in, out, vecEnd, length);
        }
    }

    /**
     * True when the shards may be addressed raw: every segment is native, at least {@code length}
     * bytes, alive and accessible here, outputs writable. Anything else goes through the checked
     * passes, which raise the usual segment exceptions.
     */
    private static boolean rawUsable(MemorySegment[] in, MemorySegment[] out, long length) {
        if (ALL == null) {
            return false;
        }
        Thread self = Thread.currentThread();
        for (MemorySegment s : in) {
            if (!usable(s, length, self)) {
                return false;
            }
        }
        for (MemorySegment s : out) {
            if (!usable(s, length, self) || s.isReadOnly()) {
                return false;
            }
        }
        return true;
    }

    private static boolean usable(MemorySegment s, long length, Thread self) {
        return s.isNative() && s.byteSize() >= length && s.scope().isAlive() && s.isAccessibleBy(self);
    }

    private static long[] addresses(MemorySegment[] s) {
        long[] a = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            a[i] = s[i].address();
        }
        return a;
    }

    /** Column groups of at most {@code columns} inputs come in sizes 8 (one row only), 4, 2 and 1: one pass each. */
    private static int columnGroup(int columns, int left) {
        int c = Math.min(columns, left);
        return c >= 8 ? 8 : c >= 4 ? 4 : c >= 2 ? 2 : 1;
    }

    /**
     * Rows g..g+n−1 over [from, to) in the column-group order on raw addresses: per block, the
     * first column group stores, the rest add.
     */
    private static void rawColumnGroups(byte[] t, int tOff, int n, int columns, long[] in, long[] o, int g,
            long from, long to) {
        int cols = in.length;
        int stride = n * 2 * SLOT;
        for (long start = from; start < to; start += BLOCK) {
            long end = Math.min(to, start + BLOCK);
            for (int j = 0, c; j < cols; j += c) {
                c = columnGroup(columns, cols - j);
                rawPass(t, tOff + j * stride, stride, n, c, in, j, o, g, start, end, j == 0);
            }
        }
    }

    /** {@link #rawColumnGroups} on checked segments. */
    private static void segColumnGroups(byte[] t, int tOff, int n, int columns, MemorySegment[] in,
            MemorySegment[] o, int g, long from, long to) {
        int cols = in.length;
        int stride = n * 2 * SLOT;
        for (long start = from; start < to; start += BLOCK) {
            long end = Math.min(to, start + BLOCK);
            for (int j = 0, c; j < cols; j += c) {
                c = columnGroup(columns, cols - j);
                segPass(t, tOff + j * stride, stride, n, c, in, j, o, g, start, end, j == 0);
            }
        }
    }

    private static void rawPass(byte[] t, int b, int stride, int n, int c, long[] in, int j, long[] o, int g,
            long from, long to, boolean first) {
        switch (n * 10 + c) {
            case 11 -> raw1x1(t, b, stride, in, j, o[g], from, to, first);
            case 12 -> raw1x2(t, b, stride, in, j, o[g], from, to, first);
            case 14 -> raw1x4(t, b, stride, in, j, o[g], from, to, first);
            case 18 -> raw1x8(t, b, stride, in, j, o[g], from, to, first);
            case 21 -> raw2x1(t, b, stride, in, j, o[g], o[g + 1], from, to, first);
            case 22 -> raw2x2(t, b, stride, in, j, o[g], o[g + 1], from, to, first);
            case 24 -> raw2x4(t, b, stride, in, j, o[g], o[g + 1], from, to, first);
            case 31 -> raw3x1(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], from, to, first);
            case 32 -> raw3x2(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], from, to, first);
            case 41 -> raw4x1(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], o[g + 3], from, to, first);
            case 42 -> raw4x2(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], o[g + 3], from, to, first);
            default -> throw new AssertionError("column group " + n + "x" + c);
        }
    }

    private static void segPass(byte[] t, int b, int stride, int n, int c, MemorySegment[] in, int j,
            MemorySegment[] o, int g, long from, long to, boolean first) {
        switch (n * 10 + c) {
            case 11 -> seg1x1(t, b, stride, in, j, o[g], from, to, first);
            case 12 -> seg1x2(t, b, stride, in, j, o[g], from, to, first);
            case 14 -> seg1x4(t, b, stride, in, j, o[g], from, to, first);
            case 18 -> seg1x8(t, b, stride, in, j, o[g], from, to, first);
            case 21 -> seg2x1(t, b, stride, in, j, o[g], o[g + 1], from, to, first);
            case 22 -> seg2x2(t, b, stride, in, j, o[g], o[g + 1], from, to, first);
            case 24 -> seg2x4(t, b, stride, in, j, o[g], o[g + 1], from, to, first);
            case 31 -> seg3x1(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], from, to, first);
            case 32 -> seg3x2(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], from, to, first);
            case 41 -> seg4x1(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], o[g + 3], from, to, first);
            case 42 -> seg4x2(t, b, stride, in, j, o[g], o[g + 1], o[g + 2], o[g + 3], from, to, first);
            default -> throw new AssertionError("column group " + n + "x" + c);
        }
    }

    // The passes spell every vector operation out in place: a helper method that C2 compiles on its
    // own can grow past the inlining limit for already-compiled code, and a call that is not inlined
    // boxes its vectors, which is two orders of magnitude slower. A column-group pass is named
    // <rows>x<columns>; it has one loop for the first column group of a block, which stores, and one
    // for the others, which add to the outputs. The two-row, four-column pass, which decode runs,
    // takes two vectors per step (about 20 % faster than one at 64 KiB shards, 10 % at 1 MiB).

    private static void raw1x1(byte[] t, int b, int stride, long[] in, int j,
            long o0, long from, long to, boolean first) {
        long i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        }
    }

    private static void raw1x2(byte[] t, int b, int stride, long[] in, int j,
            long o0, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        }
    }

    private static void raw1x4(byte[] t, int b, int stride, long[] in, int j,
            long o0, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1], i2 = in[j + 2], i3 = in[j + 3];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 0 * SLOT);
        ByteVector h20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 1 * SLOT);
        ByteVector l30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 0 * SLOT);
        ByteVector h30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        }
    }

    private static void raw1x8(byte[] t, int b, int stride, long[] in, int j,
            long o0, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1], i2 = in[j + 2], i3 = in[j + 3];
        long i4 = in[j + 4], i5 = in[j + 5], i6 = in[j + 6], i7 = in[j + 7];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 0 * SLOT);
        ByteVector h20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 1 * SLOT);
        ByteVector l30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 0 * SLOT);
        ByteVector h30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 1 * SLOT);
        ByteVector l40 = ByteVector.fromArray(SPECIES, t, b + 4 * stride + 0 * SLOT);
        ByteVector h40 = ByteVector.fromArray(SPECIES, t, b + 4 * stride + 1 * SLOT);
        ByteVector l50 = ByteVector.fromArray(SPECIES, t, b + 5 * stride + 0 * SLOT);
        ByteVector h50 = ByteVector.fromArray(SPECIES, t, b + 5 * stride + 1 * SLOT);
        ByteVector l60 = ByteVector.fromArray(SPECIES, t, b + 6 * stride + 0 * SLOT);
        ByteVector h60 = ByteVector.fromArray(SPECIES, t, b + 6 * stride + 1 * SLOT);
        ByteVector l70 = ByteVector.fromArray(SPECIES, t, b + 7 * stride + 0 * SLOT);
        ByteVector h70 = ByteVector.fromArray(SPECIES, t, b + 7 * stride + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x4 = ByteVector.fromMemorySegment(SPECIES, ALL, i4 + p, ORDER);
                ByteVector y4 = x4.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x5 = ByteVector.fromMemorySegment(SPECIES, ALL, i5 + p, ORDER);
                ByteVector y5 = x5.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x6 = ByteVector.fromMemorySegment(SPECIES, ALL, i6 + p, ORDER);
                ByteVector y6 = x6.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x7 = ByteVector.fromMemorySegment(SPECIES, ALL, i7 + p, ORDER);
                ByteVector y7 = x7.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .lanewise(XOR, x4.selectFrom(l40)).lanewise(XOR, y4.selectFrom(h40))
                        .lanewise(XOR, x5.selectFrom(l50)).lanewise(XOR, y5.selectFrom(h50))
                        .lanewise(XOR, x6.selectFrom(l60)).lanewise(XOR, y6.selectFrom(h60))
                        .lanewise(XOR, x7.selectFrom(l70)).lanewise(XOR, y7.selectFrom(h70))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x4 = ByteVector.fromMemorySegment(SPECIES, ALL, i4 + p, ORDER);
                ByteVector y4 = x4.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x5 = ByteVector.fromMemorySegment(SPECIES, ALL, i5 + p, ORDER);
                ByteVector y5 = x5.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x6 = ByteVector.fromMemorySegment(SPECIES, ALL, i6 + p, ORDER);
                ByteVector y6 = x6.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x7 = ByteVector.fromMemorySegment(SPECIES, ALL, i7 + p, ORDER);
                ByteVector y7 = x7.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .lanewise(XOR, x4.selectFrom(l40)).lanewise(XOR, y4.selectFrom(h40))
                        .lanewise(XOR, x5.selectFrom(l50)).lanewise(XOR, y5.selectFrom(h50))
                        .lanewise(XOR, x6.selectFrom(l60)).lanewise(XOR, y6.selectFrom(h60))
                        .lanewise(XOR, x7.selectFrom(l70)).lanewise(XOR, y7.selectFrom(h70))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
            }
        }
    }

    private static void raw2x1(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long from, long to, boolean first) {
        long i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
            }
        }
    }

    private static void raw2x2(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
            }
        }
    }

    private static void raw2x4(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1], i2 = in[j + 2], i3 = in[j + 3];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        ByteVector l20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 0 * SLOT);
        ByteVector h20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 1 * SLOT);
        ByteVector l21 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 2 * SLOT);
        ByteVector h21 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 3 * SLOT);
        ByteVector l30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 0 * SLOT);
        ByteVector h30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 1 * SLOT);
        ByteVector l31 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 2 * SLOT);
        ByteVector h31 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 3 * SLOT);
        long p = from;
        if (first) {
            for (; p + 2 * VLEN <= to; p += 2 * VLEN) {
                ByteVector x00 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p + 0 * VLEN, ORDER);
                ByteVector y00 = x00.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a00 = x00.selectFrom(l00).lanewise(XOR, y00.selectFrom(h00));
                ByteVector a10 = x00.selectFrom(l01).lanewise(XOR, y00.selectFrom(h01));
                ByteVector x01 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p + 1 * VLEN, ORDER);
                ByteVector y01 = x01.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a01 = x01.selectFrom(l00).lanewise(XOR, y01.selectFrom(h00));
                ByteVector a11 = x01.selectFrom(l01).lanewise(XOR, y01.selectFrom(h01));
                ByteVector x10 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p + 0 * VLEN, ORDER);
                ByteVector y10 = x10.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x10.selectFrom(l10)).lanewise(XOR, y10.selectFrom(h10));
                a10 = a10.lanewise(XOR, x10.selectFrom(l11)).lanewise(XOR, y10.selectFrom(h11));
                ByteVector x11 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p + 1 * VLEN, ORDER);
                ByteVector y11 = x11.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x11.selectFrom(l10)).lanewise(XOR, y11.selectFrom(h10));
                a11 = a11.lanewise(XOR, x11.selectFrom(l11)).lanewise(XOR, y11.selectFrom(h11));
                ByteVector x20 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p + 0 * VLEN, ORDER);
                ByteVector y20 = x20.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x20.selectFrom(l20)).lanewise(XOR, y20.selectFrom(h20));
                a10 = a10.lanewise(XOR, x20.selectFrom(l21)).lanewise(XOR, y20.selectFrom(h21));
                ByteVector x21 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p + 1 * VLEN, ORDER);
                ByteVector y21 = x21.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x21.selectFrom(l20)).lanewise(XOR, y21.selectFrom(h20));
                a11 = a11.lanewise(XOR, x21.selectFrom(l21)).lanewise(XOR, y21.selectFrom(h21));
                ByteVector x30 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p + 0 * VLEN, ORDER);
                ByteVector y30 = x30.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x30.selectFrom(l30)).lanewise(XOR, y30.selectFrom(h30));
                a10 = a10.lanewise(XOR, x30.selectFrom(l31)).lanewise(XOR, y30.selectFrom(h31));
                ByteVector x31 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p + 1 * VLEN, ORDER);
                ByteVector y31 = x31.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x31.selectFrom(l30)).lanewise(XOR, y31.selectFrom(h30));
                a11 = a11.lanewise(XOR, x31.selectFrom(l31)).lanewise(XOR, y31.selectFrom(h31));
                a00.intoMemorySegment(ALL, o0 + p + 0 * VLEN, ORDER);
                a10.intoMemorySegment(ALL, o1 + p + 0 * VLEN, ORDER);
                a01.intoMemorySegment(ALL, o0 + p + 1 * VLEN, ORDER);
                a11.intoMemorySegment(ALL, o1 + p + 1 * VLEN, ORDER);
            }
        } else {
            for (; p + 2 * VLEN <= to; p += 2 * VLEN) {
                ByteVector x00 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p + 0 * VLEN, ORDER);
                ByteVector y00 = x00.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a00 = ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p + 0 * VLEN, ORDER)
                        .lanewise(XOR, x00.selectFrom(l00)).lanewise(XOR, y00.selectFrom(h00));
                ByteVector a10 = ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p + 0 * VLEN, ORDER)
                        .lanewise(XOR, x00.selectFrom(l01)).lanewise(XOR, y00.selectFrom(h01));
                ByteVector x01 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p + 1 * VLEN, ORDER);
                ByteVector y01 = x01.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a01 = ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p + 1 * VLEN, ORDER)
                        .lanewise(XOR, x01.selectFrom(l00)).lanewise(XOR, y01.selectFrom(h00));
                ByteVector a11 = ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p + 1 * VLEN, ORDER)
                        .lanewise(XOR, x01.selectFrom(l01)).lanewise(XOR, y01.selectFrom(h01));
                ByteVector x10 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p + 0 * VLEN, ORDER);
                ByteVector y10 = x10.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x10.selectFrom(l10)).lanewise(XOR, y10.selectFrom(h10));
                a10 = a10.lanewise(XOR, x10.selectFrom(l11)).lanewise(XOR, y10.selectFrom(h11));
                ByteVector x11 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p + 1 * VLEN, ORDER);
                ByteVector y11 = x11.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x11.selectFrom(l10)).lanewise(XOR, y11.selectFrom(h10));
                a11 = a11.lanewise(XOR, x11.selectFrom(l11)).lanewise(XOR, y11.selectFrom(h11));
                ByteVector x20 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p + 0 * VLEN, ORDER);
                ByteVector y20 = x20.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x20.selectFrom(l20)).lanewise(XOR, y20.selectFrom(h20));
                a10 = a10.lanewise(XOR, x20.selectFrom(l21)).lanewise(XOR, y20.selectFrom(h21));
                ByteVector x21 = ByteVector.fromMemorySegment(SPECIES, ALL, i2 + p + 1 * VLEN, ORDER);
                ByteVector y21 = x21.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x21.selectFrom(l20)).lanewise(XOR, y21.selectFrom(h20));
                a11 = a11.lanewise(XOR, x21.selectFrom(l21)).lanewise(XOR, y21.selectFrom(h21));
                ByteVector x30 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p + 0 * VLEN, ORDER);
                ByteVector y30 = x30.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x30.selectFrom(l30)).lanewise(XOR, y30.selectFrom(h30));
                a10 = a10.lanewise(XOR, x30.selectFrom(l31)).lanewise(XOR, y30.selectFrom(h31));
                ByteVector x31 = ByteVector.fromMemorySegment(SPECIES, ALL, i3 + p + 1 * VLEN, ORDER);
                ByteVector y31 = x31.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x31.selectFrom(l30)).lanewise(XOR, y31.selectFrom(h30));
                a11 = a11.lanewise(XOR, x31.selectFrom(l31)).lanewise(XOR, y31.selectFrom(h31));
                a00.intoMemorySegment(ALL, o0 + p + 0 * VLEN, ORDER);
                a10.intoMemorySegment(ALL, o1 + p + 0 * VLEN, ORDER);
                a01.intoMemorySegment(ALL, o0 + p + 1 * VLEN, ORDER);
                a11.intoMemorySegment(ALL, o1 + p + 1 * VLEN, ORDER);
            }
        }
        if (p < to) {
            raw2x2(t, b, stride, in, j, o0, o1, p, to, first);
            raw2x2(t, b + 2 * stride, stride, in, j + 2, o0, o1, p, to, false);
        }
    }

    private static void raw3x1(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long o2, long from, long to, boolean first) {
        long i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o2 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
            }
        }
    }

    private static void raw3x2(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long o2, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        ByteVector l12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 4 * SLOT);
        ByteVector h12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 5 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o2 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
            }
        }
    }

    private static void raw4x1(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long o2, long o3, long from, long to, boolean first) {
        long i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        ByteVector l03 = ByteVector.fromArray(SPECIES, t, b + 6 * SLOT);
        ByteVector h03 = ByteVector.fromArray(SPECIES, t, b + 7 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
                x0.selectFrom(l03).lanewise(XOR, y0.selectFrom(h03))
                        .intoMemorySegment(ALL, o3 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o2 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o3 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l03)).lanewise(XOR, y0.selectFrom(h03))
                        .intoMemorySegment(ALL, o3 + p, ORDER);
            }
        }
    }

    private static void raw4x2(byte[] t, int b, int stride, long[] in, int j,
            long o0, long o1, long o2, long o3, long from, long to, boolean first) {
        long i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        ByteVector l03 = ByteVector.fromArray(SPECIES, t, b + 6 * SLOT);
        ByteVector h03 = ByteVector.fromArray(SPECIES, t, b + 7 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        ByteVector l12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 4 * SLOT);
        ByteVector h12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 5 * SLOT);
        ByteVector l13 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 6 * SLOT);
        ByteVector h13 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 7 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
                x0.selectFrom(l03).lanewise(XOR, y0.selectFrom(h03))
                        .lanewise(XOR, x1.selectFrom(l13)).lanewise(XOR, y1.selectFrom(h13))
                        .intoMemorySegment(ALL, o3 + p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, i0 + p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, i1 + p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, ALL, o0 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(ALL, o0 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o1 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(ALL, o1 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o2 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(ALL, o2 + p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, ALL, o3 + p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l03)).lanewise(XOR, y0.selectFrom(h03))
                        .lanewise(XOR, x1.selectFrom(l13)).lanewise(XOR, y1.selectFrom(h13))
                        .intoMemorySegment(ALL, o3 + p, ORDER);
            }
        }
    }

    private static void seg1x1(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, long from, long to, boolean first) {
        MemorySegment i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
            }
        }
    }

    private static void seg1x2(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
            }
        }
    }

    private static void seg1x4(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1], i2 = in[j + 2], i3 = in[j + 3];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 0 * SLOT);
        ByteVector h20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 1 * SLOT);
        ByteVector l30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 0 * SLOT);
        ByteVector h30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, i2, p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, i3, p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .intoMemorySegment(o0, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, i2, p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, i3, p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .intoMemorySegment(o0, p, ORDER);
            }
        }
    }

    private static void seg1x8(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1], i2 = in[j + 2], i3 = in[j + 3];
        MemorySegment i4 = in[j + 4], i5 = in[j + 5], i6 = in[j + 6], i7 = in[j + 7];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 0 * SLOT);
        ByteVector h20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 1 * SLOT);
        ByteVector l30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 0 * SLOT);
        ByteVector h30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 1 * SLOT);
        ByteVector l40 = ByteVector.fromArray(SPECIES, t, b + 4 * stride + 0 * SLOT);
        ByteVector h40 = ByteVector.fromArray(SPECIES, t, b + 4 * stride + 1 * SLOT);
        ByteVector l50 = ByteVector.fromArray(SPECIES, t, b + 5 * stride + 0 * SLOT);
        ByteVector h50 = ByteVector.fromArray(SPECIES, t, b + 5 * stride + 1 * SLOT);
        ByteVector l60 = ByteVector.fromArray(SPECIES, t, b + 6 * stride + 0 * SLOT);
        ByteVector h60 = ByteVector.fromArray(SPECIES, t, b + 6 * stride + 1 * SLOT);
        ByteVector l70 = ByteVector.fromArray(SPECIES, t, b + 7 * stride + 0 * SLOT);
        ByteVector h70 = ByteVector.fromArray(SPECIES, t, b + 7 * stride + 1 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, i2, p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, i3, p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x4 = ByteVector.fromMemorySegment(SPECIES, i4, p, ORDER);
                ByteVector y4 = x4.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x5 = ByteVector.fromMemorySegment(SPECIES, i5, p, ORDER);
                ByteVector y5 = x5.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x6 = ByteVector.fromMemorySegment(SPECIES, i6, p, ORDER);
                ByteVector y6 = x6.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x7 = ByteVector.fromMemorySegment(SPECIES, i7, p, ORDER);
                ByteVector y7 = x7.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .lanewise(XOR, x4.selectFrom(l40)).lanewise(XOR, y4.selectFrom(h40))
                        .lanewise(XOR, x5.selectFrom(l50)).lanewise(XOR, y5.selectFrom(h50))
                        .lanewise(XOR, x6.selectFrom(l60)).lanewise(XOR, y6.selectFrom(h60))
                        .lanewise(XOR, x7.selectFrom(l70)).lanewise(XOR, y7.selectFrom(h70))
                        .intoMemorySegment(o0, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, i2, p, ORDER);
                ByteVector y2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, i3, p, ORDER);
                ByteVector y3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x4 = ByteVector.fromMemorySegment(SPECIES, i4, p, ORDER);
                ByteVector y4 = x4.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x5 = ByteVector.fromMemorySegment(SPECIES, i5, p, ORDER);
                ByteVector y5 = x5.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x6 = ByteVector.fromMemorySegment(SPECIES, i6, p, ORDER);
                ByteVector y6 = x6.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x7 = ByteVector.fromMemorySegment(SPECIES, i7, p, ORDER);
                ByteVector y7 = x7.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .lanewise(XOR, x2.selectFrom(l20)).lanewise(XOR, y2.selectFrom(h20))
                        .lanewise(XOR, x3.selectFrom(l30)).lanewise(XOR, y3.selectFrom(h30))
                        .lanewise(XOR, x4.selectFrom(l40)).lanewise(XOR, y4.selectFrom(h40))
                        .lanewise(XOR, x5.selectFrom(l50)).lanewise(XOR, y5.selectFrom(h50))
                        .lanewise(XOR, x6.selectFrom(l60)).lanewise(XOR, y6.selectFrom(h60))
                        .lanewise(XOR, x7.selectFrom(l70)).lanewise(XOR, y7.selectFrom(h70))
                        .intoMemorySegment(o0, p, ORDER);
            }
        }
    }

    private static void seg2x1(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, long from, long to, boolean first) {
        MemorySegment i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(o1, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(o1, p, ORDER);
            }
        }
    }

    private static void seg2x2(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(o1, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(o1, p, ORDER);
            }
        }
    }

    private static void seg2x4(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1], i2 = in[j + 2], i3 = in[j + 3];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        ByteVector l20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 0 * SLOT);
        ByteVector h20 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 1 * SLOT);
        ByteVector l21 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 2 * SLOT);
        ByteVector h21 = ByteVector.fromArray(SPECIES, t, b + 2 * stride + 3 * SLOT);
        ByteVector l30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 0 * SLOT);
        ByteVector h30 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 1 * SLOT);
        ByteVector l31 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 2 * SLOT);
        ByteVector h31 = ByteVector.fromArray(SPECIES, t, b + 3 * stride + 3 * SLOT);
        long p = from;
        if (first) {
            for (; p + 2 * VLEN <= to; p += 2 * VLEN) {
                ByteVector x00 = ByteVector.fromMemorySegment(SPECIES, i0, p + 0 * VLEN, ORDER);
                ByteVector y00 = x00.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a00 = x00.selectFrom(l00).lanewise(XOR, y00.selectFrom(h00));
                ByteVector a10 = x00.selectFrom(l01).lanewise(XOR, y00.selectFrom(h01));
                ByteVector x01 = ByteVector.fromMemorySegment(SPECIES, i0, p + 1 * VLEN, ORDER);
                ByteVector y01 = x01.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a01 = x01.selectFrom(l00).lanewise(XOR, y01.selectFrom(h00));
                ByteVector a11 = x01.selectFrom(l01).lanewise(XOR, y01.selectFrom(h01));
                ByteVector x10 = ByteVector.fromMemorySegment(SPECIES, i1, p + 0 * VLEN, ORDER);
                ByteVector y10 = x10.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x10.selectFrom(l10)).lanewise(XOR, y10.selectFrom(h10));
                a10 = a10.lanewise(XOR, x10.selectFrom(l11)).lanewise(XOR, y10.selectFrom(h11));
                ByteVector x11 = ByteVector.fromMemorySegment(SPECIES, i1, p + 1 * VLEN, ORDER);
                ByteVector y11 = x11.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x11.selectFrom(l10)).lanewise(XOR, y11.selectFrom(h10));
                a11 = a11.lanewise(XOR, x11.selectFrom(l11)).lanewise(XOR, y11.selectFrom(h11));
                ByteVector x20 = ByteVector.fromMemorySegment(SPECIES, i2, p + 0 * VLEN, ORDER);
                ByteVector y20 = x20.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x20.selectFrom(l20)).lanewise(XOR, y20.selectFrom(h20));
                a10 = a10.lanewise(XOR, x20.selectFrom(l21)).lanewise(XOR, y20.selectFrom(h21));
                ByteVector x21 = ByteVector.fromMemorySegment(SPECIES, i2, p + 1 * VLEN, ORDER);
                ByteVector y21 = x21.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x21.selectFrom(l20)).lanewise(XOR, y21.selectFrom(h20));
                a11 = a11.lanewise(XOR, x21.selectFrom(l21)).lanewise(XOR, y21.selectFrom(h21));
                ByteVector x30 = ByteVector.fromMemorySegment(SPECIES, i3, p + 0 * VLEN, ORDER);
                ByteVector y30 = x30.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x30.selectFrom(l30)).lanewise(XOR, y30.selectFrom(h30));
                a10 = a10.lanewise(XOR, x30.selectFrom(l31)).lanewise(XOR, y30.selectFrom(h31));
                ByteVector x31 = ByteVector.fromMemorySegment(SPECIES, i3, p + 1 * VLEN, ORDER);
                ByteVector y31 = x31.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x31.selectFrom(l30)).lanewise(XOR, y31.selectFrom(h30));
                a11 = a11.lanewise(XOR, x31.selectFrom(l31)).lanewise(XOR, y31.selectFrom(h31));
                a00.intoMemorySegment(o0, p + 0 * VLEN, ORDER);
                a10.intoMemorySegment(o1, p + 0 * VLEN, ORDER);
                a01.intoMemorySegment(o0, p + 1 * VLEN, ORDER);
                a11.intoMemorySegment(o1, p + 1 * VLEN, ORDER);
            }
        } else {
            for (; p + 2 * VLEN <= to; p += 2 * VLEN) {
                ByteVector x00 = ByteVector.fromMemorySegment(SPECIES, i0, p + 0 * VLEN, ORDER);
                ByteVector y00 = x00.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a00 = ByteVector.fromMemorySegment(SPECIES, o0, p + 0 * VLEN, ORDER)
                        .lanewise(XOR, x00.selectFrom(l00)).lanewise(XOR, y00.selectFrom(h00));
                ByteVector a10 = ByteVector.fromMemorySegment(SPECIES, o1, p + 0 * VLEN, ORDER)
                        .lanewise(XOR, x00.selectFrom(l01)).lanewise(XOR, y00.selectFrom(h01));
                ByteVector x01 = ByteVector.fromMemorySegment(SPECIES, i0, p + 1 * VLEN, ORDER);
                ByteVector y01 = x01.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector a01 = ByteVector.fromMemorySegment(SPECIES, o0, p + 1 * VLEN, ORDER)
                        .lanewise(XOR, x01.selectFrom(l00)).lanewise(XOR, y01.selectFrom(h00));
                ByteVector a11 = ByteVector.fromMemorySegment(SPECIES, o1, p + 1 * VLEN, ORDER)
                        .lanewise(XOR, x01.selectFrom(l01)).lanewise(XOR, y01.selectFrom(h01));
                ByteVector x10 = ByteVector.fromMemorySegment(SPECIES, i1, p + 0 * VLEN, ORDER);
                ByteVector y10 = x10.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x10.selectFrom(l10)).lanewise(XOR, y10.selectFrom(h10));
                a10 = a10.lanewise(XOR, x10.selectFrom(l11)).lanewise(XOR, y10.selectFrom(h11));
                ByteVector x11 = ByteVector.fromMemorySegment(SPECIES, i1, p + 1 * VLEN, ORDER);
                ByteVector y11 = x11.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x11.selectFrom(l10)).lanewise(XOR, y11.selectFrom(h10));
                a11 = a11.lanewise(XOR, x11.selectFrom(l11)).lanewise(XOR, y11.selectFrom(h11));
                ByteVector x20 = ByteVector.fromMemorySegment(SPECIES, i2, p + 0 * VLEN, ORDER);
                ByteVector y20 = x20.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x20.selectFrom(l20)).lanewise(XOR, y20.selectFrom(h20));
                a10 = a10.lanewise(XOR, x20.selectFrom(l21)).lanewise(XOR, y20.selectFrom(h21));
                ByteVector x21 = ByteVector.fromMemorySegment(SPECIES, i2, p + 1 * VLEN, ORDER);
                ByteVector y21 = x21.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x21.selectFrom(l20)).lanewise(XOR, y21.selectFrom(h20));
                a11 = a11.lanewise(XOR, x21.selectFrom(l21)).lanewise(XOR, y21.selectFrom(h21));
                ByteVector x30 = ByteVector.fromMemorySegment(SPECIES, i3, p + 0 * VLEN, ORDER);
                ByteVector y30 = x30.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a00 = a00.lanewise(XOR, x30.selectFrom(l30)).lanewise(XOR, y30.selectFrom(h30));
                a10 = a10.lanewise(XOR, x30.selectFrom(l31)).lanewise(XOR, y30.selectFrom(h31));
                ByteVector x31 = ByteVector.fromMemorySegment(SPECIES, i3, p + 1 * VLEN, ORDER);
                ByteVector y31 = x31.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                a01 = a01.lanewise(XOR, x31.selectFrom(l30)).lanewise(XOR, y31.selectFrom(h30));
                a11 = a11.lanewise(XOR, x31.selectFrom(l31)).lanewise(XOR, y31.selectFrom(h31));
                a00.intoMemorySegment(o0, p + 0 * VLEN, ORDER);
                a10.intoMemorySegment(o1, p + 0 * VLEN, ORDER);
                a01.intoMemorySegment(o0, p + 1 * VLEN, ORDER);
                a11.intoMemorySegment(o1, p + 1 * VLEN, ORDER);
            }
        }
        if (p < to) {
            seg2x2(t, b, stride, in, j, o0, o1, p, to, first);
            seg2x2(t, b + 2 * stride, stride, in, j + 2, o0, o1, p, to, false);
        }
    }

    private static void seg3x1(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, MemorySegment o2, long from, long to, boolean first) {
        MemorySegment i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(o1, p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(o2, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(o1, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o2, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(o2, p, ORDER);
            }
        }
    }

    private static void seg3x2(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, MemorySegment o2, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        ByteVector l12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 4 * SLOT);
        ByteVector h12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 5 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(o1, p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(o2, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(o1, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o2, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(o2, p, ORDER);
            }
        }
    }

    private static void seg4x1(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, MemorySegment o2, MemorySegment o3, long from, long to, boolean first) {
        MemorySegment i0 = in[j];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        ByteVector l03 = ByteVector.fromArray(SPECIES, t, b + 6 * SLOT);
        ByteVector h03 = ByteVector.fromArray(SPECIES, t, b + 7 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(o1, p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(o2, p, ORDER);
                x0.selectFrom(l03).lanewise(XOR, y0.selectFrom(h03))
                        .intoMemorySegment(o3, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .intoMemorySegment(o0, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .intoMemorySegment(o1, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o2, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .intoMemorySegment(o2, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o3, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l03)).lanewise(XOR, y0.selectFrom(h03))
                        .intoMemorySegment(o3, p, ORDER);
            }
        }
    }

    private static void seg4x2(byte[] t, int b, int stride, MemorySegment[] in, int j,
            MemorySegment o0, MemorySegment o1, MemorySegment o2, MemorySegment o3, long from, long to, boolean first) {
        MemorySegment i0 = in[j], i1 = in[j + 1];
        ByteVector l00 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
        ByteVector h00 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
        ByteVector l01 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
        ByteVector h01 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
        ByteVector l02 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
        ByteVector h02 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
        ByteVector l03 = ByteVector.fromArray(SPECIES, t, b + 6 * SLOT);
        ByteVector h03 = ByteVector.fromArray(SPECIES, t, b + 7 * SLOT);
        ByteVector l10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 0 * SLOT);
        ByteVector h10 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 1 * SLOT);
        ByteVector l11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 2 * SLOT);
        ByteVector h11 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 3 * SLOT);
        ByteVector l12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 4 * SLOT);
        ByteVector h12 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 5 * SLOT);
        ByteVector l13 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 6 * SLOT);
        ByteVector h13 = ByteVector.fromArray(SPECIES, t, b + 1 * stride + 7 * SLOT);
        if (first) {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                x0.selectFrom(l00).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
                x0.selectFrom(l01).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(o1, p, ORDER);
                x0.selectFrom(l02).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(o2, p, ORDER);
                x0.selectFrom(l03).lanewise(XOR, y0.selectFrom(h03))
                        .lanewise(XOR, x1.selectFrom(l13)).lanewise(XOR, y1.selectFrom(h13))
                        .intoMemorySegment(o3, p, ORDER);
            }
        } else {
            for (long p = from; p < to; p += VLEN) {
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, i0, p, ORDER);
                ByteVector y0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, i1, p, ORDER);
                ByteVector y1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector.fromMemorySegment(SPECIES, o0, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l00)).lanewise(XOR, y0.selectFrom(h00))
                        .lanewise(XOR, x1.selectFrom(l10)).lanewise(XOR, y1.selectFrom(h10))
                        .intoMemorySegment(o0, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o1, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l01)).lanewise(XOR, y0.selectFrom(h01))
                        .lanewise(XOR, x1.selectFrom(l11)).lanewise(XOR, y1.selectFrom(h11))
                        .intoMemorySegment(o1, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o2, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l02)).lanewise(XOR, y0.selectFrom(h02))
                        .lanewise(XOR, x1.selectFrom(l12)).lanewise(XOR, y1.selectFrom(h12))
                        .intoMemorySegment(o2, p, ORDER);
                ByteVector.fromMemorySegment(SPECIES, o3, p, ORDER)
                        .lanewise(XOR, x0.selectFrom(l03)).lanewise(XOR, y0.selectFrom(h03))
                        .lanewise(XOR, x1.selectFrom(l13)).lanewise(XOR, y1.selectFrom(h13))
                        .intoMemorySegment(o3, p, ORDER);
            }
        }
    }

    // Accumulating passes: the group's outputs live in registers across all columns, several vectors
    // per column step so each table load serves more than one input vector.

    private static void acc1(byte[] t, int tOff, long[] in, long o0, long from, long to) {
        int cols = in.length;
        for (long p = from; p < to; p += 4 * VLEN) {
            ByteVector a00 = ByteVector.zero(SPECIES);
            ByteVector a01 = a00, a02 = a00, a03 = a00;
            for (int j = 0, b = tOff; j < cols; j++, b += 2 * SLOT) {
                long a = in[j] + p;
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, a, ORDER);
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, a + 1 * VLEN, ORDER);
                ByteVector x2 = ByteVector.fromMemorySegment(SPECIES, ALL, a + 2 * VLEN, ORDER);
                ByteVector x3 = ByteVector.fromMemorySegment(SPECIES, ALL, a + 3 * VLEN, ORDER);
                ByteVector h0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector h1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector h2 = x2.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector h3 = x3.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector l0 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
                ByteVector g0 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
                a00 = a00.lanewise(XOR, x0.selectFrom(l0)).lanewise(XOR, h0.selectFrom(g0));
                a01 = a01.lanewise(XOR, x1.selectFrom(l0)).lanewise(XOR, h1.selectFrom(g0));
                a02 = a02.lanewise(XOR, x2.selectFrom(l0)).lanewise(XOR, h2.selectFrom(g0));
                a03 = a03.lanewise(XOR, x3.selectFrom(l0)).lanewise(XOR, h3.selectFrom(g0));
            }
            a00.intoMemorySegment(ALL, o0 + p, ORDER);
            a01.intoMemorySegment(ALL, o0 + p + 1 * VLEN, ORDER);
            a02.intoMemorySegment(ALL, o0 + p + 2 * VLEN, ORDER);
            a03.intoMemorySegment(ALL, o0 + p + 3 * VLEN, ORDER);
        }
    }

    private static void acc3(byte[] t, int tOff, long[] in, long o0, long o1, long o2, long from, long to) {
        int cols = in.length;
        for (long p = from; p < to; p += 2 * VLEN) {
            ByteVector a00 = ByteVector.zero(SPECIES);
            ByteVector a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
            for (int j = 0, b = tOff; j < cols; j++, b += 6 * SLOT) {
                long a = in[j] + p;
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, a, ORDER);
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, a + 1 * VLEN, ORDER);
                ByteVector h0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector h1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector l0 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
                ByteVector g0 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
                a00 = a00.lanewise(XOR, x0.selectFrom(l0)).lanewise(XOR, h0.selectFrom(g0));
                a01 = a01.lanewise(XOR, x1.selectFrom(l0)).lanewise(XOR, h1.selectFrom(g0));
                ByteVector l1 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
                ByteVector g1 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
                a10 = a10.lanewise(XOR, x0.selectFrom(l1)).lanewise(XOR, h0.selectFrom(g1));
                a11 = a11.lanewise(XOR, x1.selectFrom(l1)).lanewise(XOR, h1.selectFrom(g1));
                ByteVector l2 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
                ByteVector g2 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
                a20 = a20.lanewise(XOR, x0.selectFrom(l2)).lanewise(XOR, h0.selectFrom(g2));
                a21 = a21.lanewise(XOR, x1.selectFrom(l2)).lanewise(XOR, h1.selectFrom(g2));
            }
            a00.intoMemorySegment(ALL, o0 + p, ORDER);
            a01.intoMemorySegment(ALL, o0 + p + 1 * VLEN, ORDER);
            a10.intoMemorySegment(ALL, o1 + p, ORDER);
            a11.intoMemorySegment(ALL, o1 + p + 1 * VLEN, ORDER);
            a20.intoMemorySegment(ALL, o2 + p, ORDER);
            a21.intoMemorySegment(ALL, o2 + p + 1 * VLEN, ORDER);
        }
    }

    private static void acc4(byte[] t, int tOff, long[] in, long o0, long o1, long o2, long o3, long from, long to) {
        int cols = in.length;
        for (long p = from; p < to; p += 2 * VLEN) {
            ByteVector a00 = ByteVector.zero(SPECIES);
            ByteVector a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (int j = 0, b = tOff; j < cols; j++, b += 8 * SLOT) {
                long a = in[j] + p;
                ByteVector x0 = ByteVector.fromMemorySegment(SPECIES, ALL, a, ORDER);
                ByteVector x1 = ByteVector.fromMemorySegment(SPECIES, ALL, a + 1 * VLEN, ORDER);
                ByteVector h0 = x0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector h1 = x1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector l0 = ByteVector.fromArray(SPECIES, t, b + 0 * SLOT);
                ByteVector g0 = ByteVector.fromArray(SPECIES, t, b + 1 * SLOT);
                a00 = a00.lanewise(XOR, x0.selectFrom(l0)).lanewise(XOR, h0.selectFrom(g0));
                a01 = a01.lanewise(XOR, x1.selectFrom(l0)).lanewise(XOR, h1.selectFrom(g0));
                ByteVector l1 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
                ByteVector g1 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
                a10 = a10.lanewise(XOR, x0.selectFrom(l1)).lanewise(XOR, h0.selectFrom(g1));
                a11 = a11.lanewise(XOR, x1.selectFrom(l1)).lanewise(XOR, h1.selectFrom(g1));
                ByteVector l2 = ByteVector.fromArray(SPECIES, t, b + 4 * SLOT);
                ByteVector g2 = ByteVector.fromArray(SPECIES, t, b + 5 * SLOT);
                a20 = a20.lanewise(XOR, x0.selectFrom(l2)).lanewise(XOR, h0.selectFrom(g2));
                a21 = a21.lanewise(XOR, x1.selectFrom(l2)).lanewise(XOR, h1.selectFrom(g2));
                ByteVector l3 = ByteVector.fromArray(SPECIES, t, b + 6 * SLOT);
                ByteVector g3 = ByteVector.fromArray(SPECIES, t, b + 7 * SLOT);
                a30 = a30.lanewise(XOR, x0.selectFrom(l3)).lanewise(XOR, h0.selectFrom(g3));
                a31 = a31.lanewise(XOR, x1.selectFrom(l3)).lanewise(XOR, h1.selectFrom(g3));
            }
            a00.intoMemorySegment(ALL, o0 + p, ORDER);
            a01.intoMemorySegment(ALL, o0 + p + 1 * VLEN, ORDER);
            a10.intoMemorySegment(ALL, o1 + p, ORDER);
            a11.intoMemorySegment(ALL, o1 + p + 1 * VLEN, ORDER);
            a20.intoMemorySegment(ALL, o2 + p, ORDER);
            a21.intoMemorySegment(ALL, o2 + p + 1 * VLEN, ORDER);
            a30.intoMemorySegment(ALL, o3 + p, ORDER);
            a31.intoMemorySegment(ALL, o3 + p + 1 * VLEN, ORDER);
        }
    }
}
