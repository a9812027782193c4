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
 * <p>The shards are cut into blocks of {@value #BLOCK} bytes so that a block of every output stays
 * in L1 while the inputs stream through it once per group of up to four output rows. For each input
 * column the 2·rows nibble tables of the group sit in registers, and the inner loop is a tight run
 * over the block: load the input vector, look both nibbles up once per output row, XOR into the
 * output (the first column stores instead). Bytes past the last whole vector go through the scalar
 * multiplication table.
 *
 * <p>When every shard is native memory and a row group's tables fit in {@value #ACC_TABLE_BYTES} bytes,
 * the kernel runs ISA-L's order instead: for each run of {@value #ACC_STEP} bytes it reads that run
 * of every input once and keeps the group's outputs in registers, so no output is reloaded or
 * stored more than once and all k+rows streams advance together. At shard sizes past L2 (1 MiB and
 * up) this keeps many memory streams in flight, where the blocked order above reads one input at
 * a time: on a busy two-core Zen 5, 10+4 at 1 MiB went from 0.61× to 0.95× ISA-L's encode per
 * CPU-second (both kernels and ISA-L interleaved in one JVM on the same shards), and 16+4 from
 * 0.44× to 0.89× (benchmarks/scripts/ec-vs-isal.sh). Wide stripes keep the blocked order, whose per-column tables stay in
 * registers while the accumulating order would reload tables that no longer fit in L1.
 * The native path addresses shards by raw address through one whole-memory segment, having checked
 * up front that each is native, long enough, writable where written, and open and accessible to
 * this thread; like the ISA-L back-end, it therefore relies on no shared arena being closed while
 * the call runs.
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
    /** Largest tables of one row group (bytes) for which the accumulating order is used. */
    static final int ACC_TABLE_BYTES = 16384;
    /** Bytes per accumulating step: the unroll of every accumulating pass divides it. */
    static final int ACC_STEP = 4 * 64;
    /**
     * Input bytes per block when several row groups re-read the inputs: at most 512 KiB of inputs
     * per block, so the second group finds them in L2.
     */
    private static final long ACC_GROUP_BLOCK_BYTES = 1 << 19;
    /** All of memory, to address native shards without per-access segment checks; null when refused. */
    private static final MemorySegment ALL = wholeMemory();

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
        long from = 0;
        if (canAccumulate(rows, cols, in, out, length)) {
            from = length - length % ACC_STEP;
            accumulate(tables, rows, cols, in, out, from);
        }
        for (long start = from; start < vecEnd; start += BLOCK) {
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

    private static MemorySegment wholeMemory() {
        return RawMemory.wholeAddressSpace().orElse(null);
    }

    /**
     * True when the accumulating order applies: the tables of a row group fit, and every segment is
     * native, at least {@code length} bytes, alive and accessible here, outputs writable. Anything
     * else goes through the checked path, which raises the usual segment exceptions.
     */
    private static boolean canAccumulate(int rows, int cols, MemorySegment[] in, MemorySegment[] out, long length) {
        if (ALL == null || length < ACC_STEP || (long) cols * Math.min(GROUP, rows) * 2 * SLOT > ACC_TABLE_BYTES) {
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

    /** The accumulating order over [0, end), end a multiple of {@link #ACC_STEP}. */
    private static void accumulate(byte[] tables, int rows, int cols, MemorySegment[] in, MemorySegment[] out,
            long end) {
        long[] ia = new long[cols];
        for (int j = 0; j < cols; j++) {
            ia[j] = in[j].address();
        }
        long[] oa = new long[rows];
        for (int r = 0; r < rows; r++) {
            oa[r] = out[r].address();
        }
        long block = rows <= GROUP ? end : Math.max(ACC_STEP, ACC_GROUP_BLOCK_BYTES / cols / ACC_STEP * ACC_STEP);
        for (long start = 0; start < end; start += block) {
            long stop = Math.min(end, start + block);
            int tOff = 0;
            for (int g = 0; g < rows; g += GROUP) {
                int n = Math.min(GROUP, rows - g);
                switch (n) {
                    case 1 -> acc1(tables, tOff, ia, oa[g], start, stop);
                    case 2 -> acc2(tables, tOff, ia, oa[g], oa[g + 1], start, stop);
                    case 3 -> acc3(tables, tOff, ia, oa[g], oa[g + 1], oa[g + 2], start, stop);
                    default -> acc4(tables, tOff, ia, oa[g], oa[g + 1], oa[g + 2], oa[g + 3], start, stop);
                }
                tOff += cols * n * 2 * SLOT;
            }
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

    // Accumulating passes: the group's outputs live in registers across all columns, several
    // vectors per column step so each table load serves more than one input vector.

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

    private static void acc2(byte[] t, int tOff, long[] in, long o0, long o1, long from, long to) {
        int cols = in.length;
        for (long p = from; p < to; p += 4 * VLEN) {
            ByteVector a00 = ByteVector.zero(SPECIES);
            ByteVector a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            for (int j = 0, b = tOff; j < cols; j++, b += 4 * SLOT) {
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
                ByteVector l1 = ByteVector.fromArray(SPECIES, t, b + 2 * SLOT);
                ByteVector g1 = ByteVector.fromArray(SPECIES, t, b + 3 * SLOT);
                a10 = a10.lanewise(XOR, x0.selectFrom(l1)).lanewise(XOR, h0.selectFrom(g1));
                a11 = a11.lanewise(XOR, x1.selectFrom(l1)).lanewise(XOR, h1.selectFrom(g1));
                a12 = a12.lanewise(XOR, x2.selectFrom(l1)).lanewise(XOR, h2.selectFrom(g1));
                a13 = a13.lanewise(XOR, x3.selectFrom(l1)).lanewise(XOR, h3.selectFrom(g1));
            }
            a00.intoMemorySegment(ALL, o0 + p, ORDER);
            a01.intoMemorySegment(ALL, o0 + p + 1 * VLEN, ORDER);
            a02.intoMemorySegment(ALL, o0 + p + 2 * VLEN, ORDER);
            a03.intoMemorySegment(ALL, o0 + p + 3 * VLEN, ORDER);
            a10.intoMemorySegment(ALL, o1 + p, ORDER);
            a11.intoMemorySegment(ALL, o1 + p + 1 * VLEN, ORDER);
            a12.intoMemorySegment(ALL, o1 + p + 2 * VLEN, ORDER);
            a13.intoMemorySegment(ALL, o1 + p + 3 * VLEN, ORDER);
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
