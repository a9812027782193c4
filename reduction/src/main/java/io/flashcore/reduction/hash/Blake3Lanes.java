package io.flashcore.reduction.hash;

import static io.flashcore.reduction.hash.Blake3Compress.BLOCK_LEN;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_END;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_LEN;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_START;
import static io.flashcore.reduction.hash.Blake3Compress.IV0;
import static io.flashcore.reduction.hash.Blake3Compress.IV1;
import static io.flashcore.reduction.hash.Blake3Compress.IV2;
import static io.flashcore.reduction.hash.Blake3Compress.IV3;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sixteen BLAKE3 compressions at once, one per lane of a 512-bit {@link IntVector}. The state is kept
 * transposed (vector {@code vI} holds word {@code I} of all sixteen states), so a round is the scalar
 * round applied to vectors and each rotation is one lanewise {@code ROR}. Lanes are independent: they
 * may hold chunks or parents of any input, which is how one call serves both the chunks inside one
 * large input and many small inputs of a batch.
 *
 * <p>Layout: each call works in a scratch {@code int[]} of {@link #SCRATCH_INTS} words, rows of 16 words
 * (one per lane). For each block a loader ({@link #loadRows}, {@link #loadPartialRows}, {@link #transposeRows})
 * transposes the block of every lane into the 16 message rows, and {@link #compressBlocks} compresses them
 * under the lanes' CVs, counters and flags. No vector crosses a call, so none is boxed. Every method stays
 * small enough for the JIT's first tier (C1): a method C1 gives up on may be left running in C1's
 * limited-profile tier, boxing every vector, and never be compiled by C2 (seen with the seven rounds
 * unrolled in one method, and with sixteen masked loads in one method).
 *
 * <p>Thread-safe: stateless.
 */
final class Blake3Lanes {
    /** Compressions per call. */
    static final int LANES = 16;
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_512;
    /**
     * Whether to use the lanes: the preferred species must be at least 512 bits wide, else the Vector API
     * would emulate them far slower than the scalar code. {@code -Dflashcore.blake3.scalar=true} forces
     * the scalar code.
     */
    static final boolean SUPPORTED = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 512
            && !Boolean.getBoolean("flashcore.blake3.scalar");

    // Rows of the scratch array: the transposed message block, then the lanes' state.
    private static final int MSG = 0;
    private static final int CV = 16 * LANES;
    private static final int CTR_LO = CV + 8 * LANES;
    private static final int CTR_HI = CTR_LO + LANES;
    /** Index of each lane's last block: the lane's CV is left alone in the blocks after it. */
    private static final int LAST = CTR_HI + LANES;
    /** Bytes of each lane's last block. */
    private static final int LAST_LEN = LAST + LANES;
    /** Flags added to each lane's last block. */
    private static final int END = LAST_LEN + LANES;
    /** Untransposed rows, one per lane, staged by {@link #loadPartialRows}. */
    private static final int STAGED = END + LANES;
    /** Words of scratch every call needs. */
    static final int SCRATCH_INTS = STAGED + 16 * LANES;
    /** Where {@link #loadPartialRows} stages lane {@code c}'s row: {@code STAGED + 16 * c}. */
    private static final int[] STAGED_ROWS = stagedRows();

    // Where compressBlocks finds the rows of each block.
    private static final int WHOLE_ROWS = 0;
    private static final int PARTIAL_ROWS = 1;
    private static final int READY_ROWS = 2;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    // Index vectors of the 16x16 transpose: stage h swaps bit h of the vector number with bit h of the lane.
    private static final int[] LO8 = transposeIndex(8, false);
    private static final int[] HI8 = transposeIndex(8, true);
    private static final int[] LO4 = transposeIndex(4, false);
    private static final int[] HI4 = transposeIndex(4, true);
    private static final int[] LO2 = transposeIndex(2, false);
    private static final int[] HI2 = transposeIndex(2, true);
    private static final int[] LO1 = transposeIndex(1, false);
    private static final int[] HI1 = transposeIndex(1, true);

    private Blake3Lanes() {
    }

    private static int[] stagedRows() {
        int[] at = new int[LANES];
        for (int c = 0; c < LANES; c++) {
            at[c] = STAGED + c * LANES;
        }
        return at;
    }

    private static int[] transposeIndex(int h, boolean high) {
        int[] idx = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            idx[l] = ((l & h) != 0 ? LANES : 0) + (high ? (l | h) : (l & ~h));
        }
        return idx;
    }

    /**
     * Compresses 16 whole chunks: lane {@code c} is the {@code len[c]} (0..1024) bytes at {@code off[c]}
     * of {@code src} with chunk counter {@code ctr[c]}; its CV is scattered to
     * {@code cvs[slot8[c]..slot8[c]+8)}. {@code endFlags[c]} is added to the flags of the lane's last
     * block ({@code ROOT} for a one-chunk input). Every lane must hold valid arguments (dummy lanes: length
     * 0 and a slot nobody reads). {@code s} is {@link #SCRATCH_INTS} words of scratch.
     */
    static void chunks(MemorySegment src, long[] off, int[] len, long[] ctr, int flags, int[] endFlags,
            int[] slot8, int[] key, int[] cvs, int[] s) {
        int maxBlocks = 0;
        boolean whole = true;
        for (int c = 0; c < LANES; c++) {
            int blocks = Math.max(1, (len[c] + BLOCK_LEN - 1) / BLOCK_LEN);
            maxBlocks = Math.max(maxBlocks, blocks);
            whole &= len[c] == CHUNK_LEN;
            s[CTR_LO + c] = (int) ctr[c];
            s[CTR_HI + c] = (int) (ctr[c] >>> 32);
            s[LAST + c] = blocks - 1;
            s[LAST_LEN + c] = len[c] - (blocks - 1) * BLOCK_LEN;
            s[END + c] = CHUNK_END | endFlags[c];
        }
        for (int j = 0; j < 8; j++) {
            IntVector.broadcast(INTS, key[j]).intoArray(s, CV + j * LANES);
        }
        compressBlocks(src, off, len, maxBlocks, whole ? WHOLE_ROWS : PARTIAL_ROWS, flags | CHUNK_START, flags, s);
        for (int j = 0; j < 8; j++) {
            IntVector.fromArray(INTS, s, CV + j * LANES).intoArray(cvs, j, slot8, 0);
        }
    }

    /**
     * Compresses 16 parents: lane {@code c} is the parent of the two adjacent CVs at
     * {@code cvs[left8[c]..left8[c]+16)} (left then right) with flags {@code flags[c]} (which must include
     * {@code PARENT}); its CV (or, with {@code ROOT}, the first 32 bytes of the root output) is scattered
     * to {@code cvs[out8[c]..+8)}. All lanes read before any lane writes. {@code s} is
     * {@link #SCRATCH_INTS} words of scratch.
     */
    static void parents(int[] left8, int[] flags, int[] out8, int[] key, int[] cvs, int[] s) {
        transposeRows(cvs, left8, s);
        for (int j = 0; j < 8; j++) {
            IntVector.broadcast(INTS, key[j]).intoArray(s, CV + j * LANES);
        }
        for (int c = 0; c < LANES; c++) {
            s[CTR_LO + c] = 0;
            s[CTR_HI + c] = 0;
            s[LAST + c] = 0;
            s[LAST_LEN + c] = BLOCK_LEN;
            s[END + c] = flags[c];
        }
        compressBlocks(null, null, null, 1, READY_ROWS, 0, 0, s);
        for (int j = 0; j < 8; j++) {
            IntVector.fromArray(INTS, s, CV + j * LANES).intoArray(cvs, j, out8, 0);
        }
    }

    /** Transposes the 64 bytes at {@code off[c] + start} of {@code src}, for every lane {@code c}, into the message rows. */
    private static void loadRows(MemorySegment src, long[] off, int start, int[] s) {
        IntVector r0 = IntVector.fromMemorySegment(INTS, src, off[0] + start, LE);
        IntVector r1 = IntVector.fromMemorySegment(INTS, src, off[1] + start, LE);
        IntVector r2 = IntVector.fromMemorySegment(INTS, src, off[2] + start, LE);
        IntVector r3 = IntVector.fromMemorySegment(INTS, src, off[3] + start, LE);
        IntVector r4 = IntVector.fromMemorySegment(INTS, src, off[4] + start, LE);
        IntVector r5 = IntVector.fromMemorySegment(INTS, src, off[5] + start, LE);
        IntVector r6 = IntVector.fromMemorySegment(INTS, src, off[6] + start, LE);
        IntVector r7 = IntVector.fromMemorySegment(INTS, src, off[7] + start, LE);
        IntVector r8 = IntVector.fromMemorySegment(INTS, src, off[8] + start, LE);
        IntVector r9 = IntVector.fromMemorySegment(INTS, src, off[9] + start, LE);
        IntVector r10 = IntVector.fromMemorySegment(INTS, src, off[10] + start, LE);
        IntVector r11 = IntVector.fromMemorySegment(INTS, src, off[11] + start, LE);
        IntVector r12 = IntVector.fromMemorySegment(INTS, src, off[12] + start, LE);
        IntVector r13 = IntVector.fromMemorySegment(INTS, src, off[13] + start, LE);
        IntVector r14 = IntVector.fromMemorySegment(INTS, src, off[14] + start, LE);
        IntVector r15 = IntVector.fromMemorySegment(INTS, src, off[15] + start, LE);
        IntVector lo8 = IntVector.fromArray(INTS, LO8, 0);
        IntVector hi8 = IntVector.fromArray(INTS, HI8, 0);
        IntVector lo4 = IntVector.fromArray(INTS, LO4, 0);
        IntVector hi4 = IntVector.fromArray(INTS, HI4, 0);
        IntVector lo2 = IntVector.fromArray(INTS, LO2, 0);
        IntVector hi2 = IntVector.fromArray(INTS, HI2, 0);
        IntVector lo1 = IntVector.fromArray(INTS, LO1, 0);
        IntVector hi1 = IntVector.fromArray(INTS, HI1, 0);
        IntVector t0_0 = lo8.selectFrom(r0, r8); IntVector t0_8 = hi8.selectFrom(r0, r8);
        IntVector t0_1 = lo8.selectFrom(r1, r9); IntVector t0_9 = hi8.selectFrom(r1, r9);
        IntVector t0_2 = lo8.selectFrom(r2, r10); IntVector t0_10 = hi8.selectFrom(r2, r10);
        IntVector t0_3 = lo8.selectFrom(r3, r11); IntVector t0_11 = hi8.selectFrom(r3, r11);
        IntVector t0_4 = lo8.selectFrom(r4, r12); IntVector t0_12 = hi8.selectFrom(r4, r12);
        IntVector t0_5 = lo8.selectFrom(r5, r13); IntVector t0_13 = hi8.selectFrom(r5, r13);
        IntVector t0_6 = lo8.selectFrom(r6, r14); IntVector t0_14 = hi8.selectFrom(r6, r14);
        IntVector t0_7 = lo8.selectFrom(r7, r15); IntVector t0_15 = hi8.selectFrom(r7, r15);
        IntVector t1_0 = lo4.selectFrom(t0_0, t0_4); IntVector t1_4 = hi4.selectFrom(t0_0, t0_4);
        IntVector t1_1 = lo4.selectFrom(t0_1, t0_5); IntVector t1_5 = hi4.selectFrom(t0_1, t0_5);
        IntVector t1_2 = lo4.selectFrom(t0_2, t0_6); IntVector t1_6 = hi4.selectFrom(t0_2, t0_6);
        IntVector t1_3 = lo4.selectFrom(t0_3, t0_7); IntVector t1_7 = hi4.selectFrom(t0_3, t0_7);
        IntVector t1_8 = lo4.selectFrom(t0_8, t0_12); IntVector t1_12 = hi4.selectFrom(t0_8, t0_12);
        IntVector t1_9 = lo4.selectFrom(t0_9, t0_13); IntVector t1_13 = hi4.selectFrom(t0_9, t0_13);
        IntVector t1_10 = lo4.selectFrom(t0_10, t0_14); IntVector t1_14 = hi4.selectFrom(t0_10, t0_14);
        IntVector t1_11 = lo4.selectFrom(t0_11, t0_15); IntVector t1_15 = hi4.selectFrom(t0_11, t0_15);
        IntVector t2_0 = lo2.selectFrom(t1_0, t1_2); IntVector t2_2 = hi2.selectFrom(t1_0, t1_2);
        IntVector t2_1 = lo2.selectFrom(t1_1, t1_3); IntVector t2_3 = hi2.selectFrom(t1_1, t1_3);
        IntVector t2_4 = lo2.selectFrom(t1_4, t1_6); IntVector t2_6 = hi2.selectFrom(t1_4, t1_6);
        IntVector t2_5 = lo2.selectFrom(t1_5, t1_7); IntVector t2_7 = hi2.selectFrom(t1_5, t1_7);
        IntVector t2_8 = lo2.selectFrom(t1_8, t1_10); IntVector t2_10 = hi2.selectFrom(t1_8, t1_10);
        IntVector t2_9 = lo2.selectFrom(t1_9, t1_11); IntVector t2_11 = hi2.selectFrom(t1_9, t1_11);
        IntVector t2_12 = lo2.selectFrom(t1_12, t1_14); IntVector t2_14 = hi2.selectFrom(t1_12, t1_14);
        IntVector t2_13 = lo2.selectFrom(t1_13, t1_15); IntVector t2_15 = hi2.selectFrom(t1_13, t1_15);
        IntVector m0 = lo1.selectFrom(t2_0, t2_1); IntVector m1 = hi1.selectFrom(t2_0, t2_1);
        IntVector m2 = lo1.selectFrom(t2_2, t2_3); IntVector m3 = hi1.selectFrom(t2_2, t2_3);
        IntVector m4 = lo1.selectFrom(t2_4, t2_5); IntVector m5 = hi1.selectFrom(t2_4, t2_5);
        IntVector m6 = lo1.selectFrom(t2_6, t2_7); IntVector m7 = hi1.selectFrom(t2_6, t2_7);
        IntVector m8 = lo1.selectFrom(t2_8, t2_9); IntVector m9 = hi1.selectFrom(t2_8, t2_9);
        IntVector m10 = lo1.selectFrom(t2_10, t2_11); IntVector m11 = hi1.selectFrom(t2_10, t2_11);
        IntVector m12 = lo1.selectFrom(t2_12, t2_13); IntVector m13 = hi1.selectFrom(t2_12, t2_13);
        IntVector m14 = lo1.selectFrom(t2_14, t2_15); IntVector m15 = hi1.selectFrom(t2_14, t2_15);
        m0.intoArray(s, MSG + 0 * LANES);
        m1.intoArray(s, MSG + 1 * LANES);
        m2.intoArray(s, MSG + 2 * LANES);
        m3.intoArray(s, MSG + 3 * LANES);
        m4.intoArray(s, MSG + 4 * LANES);
        m5.intoArray(s, MSG + 5 * LANES);
        m6.intoArray(s, MSG + 6 * LANES);
        m7.intoArray(s, MSG + 7 * LANES);
        m8.intoArray(s, MSG + 8 * LANES);
        m9.intoArray(s, MSG + 9 * LANES);
        m10.intoArray(s, MSG + 10 * LANES);
        m11.intoArray(s, MSG + 11 * LANES);
        m12.intoArray(s, MSG + 12 * LANES);
        m13.intoArray(s, MSG + 13 * LANES);
        m14.intoArray(s, MSG + 14 * LANES);
        m15.intoArray(s, MSG + 15 * LANES);
    }

    /**
     * Like {@link #loadRows} for chunks of {@code len[c]} bytes: the bytes of a lane's block past its chunk's
     * end read as zeros (a masked load: it never touches memory outside the chunk). The rows are staged in
     * {@code s} untransposed, then transposed by {@link #transposeRows}: one method with sixteen masked loads
     * would be too large for the JIT's first tier.
     */
    private static void loadPartialRows(MemorySegment src, long[] off, int[] len, int start, int[] s) {
        for (int c = 0; c < LANES; c++) {
            int n = Math.clamp(len[c] - start, 0, BLOCK_LEN);
            ByteVector.fromMemorySegment(BYTES, src, off[c] + Math.min(start, len[c]), LE, BYTES.indexInRange(0, n))
                    .reinterpretAsInts().intoArray(s, STAGED + c * LANES);
        }
        transposeRows(s, STAGED_ROWS, s);
    }

    /**
     * Transposes the 16-word rows at {@code rows[at[c]..at[c]+16)}, one per lane {@code c}, into the message
     * rows of {@code s}: the two child CVs of each lane's parent, or rows staged by {@link #loadPartialRows}.
     */
    private static void transposeRows(int[] rows, int[] at, int[] s) {
        IntVector r0 = IntVector.fromArray(INTS, rows, at[0]);
        IntVector r1 = IntVector.fromArray(INTS, rows, at[1]);
        IntVector r2 = IntVector.fromArray(INTS, rows, at[2]);
        IntVector r3 = IntVector.fromArray(INTS, rows, at[3]);
        IntVector r4 = IntVector.fromArray(INTS, rows, at[4]);
        IntVector r5 = IntVector.fromArray(INTS, rows, at[5]);
        IntVector r6 = IntVector.fromArray(INTS, rows, at[6]);
        IntVector r7 = IntVector.fromArray(INTS, rows, at[7]);
        IntVector r8 = IntVector.fromArray(INTS, rows, at[8]);
        IntVector r9 = IntVector.fromArray(INTS, rows, at[9]);
        IntVector r10 = IntVector.fromArray(INTS, rows, at[10]);
        IntVector r11 = IntVector.fromArray(INTS, rows, at[11]);
        IntVector r12 = IntVector.fromArray(INTS, rows, at[12]);
        IntVector r13 = IntVector.fromArray(INTS, rows, at[13]);
        IntVector r14 = IntVector.fromArray(INTS, rows, at[14]);
        IntVector r15 = IntVector.fromArray(INTS, rows, at[15]);
        IntVector lo8 = IntVector.fromArray(INTS, LO8, 0);
        IntVector hi8 = IntVector.fromArray(INTS, HI8, 0);
        IntVector lo4 = IntVector.fromArray(INTS, LO4, 0);
        IntVector hi4 = IntVector.fromArray(INTS, HI4, 0);
        IntVector lo2 = IntVector.fromArray(INTS, LO2, 0);
        IntVector hi2 = IntVector.fromArray(INTS, HI2, 0);
        IntVector lo1 = IntVector.fromArray(INTS, LO1, 0);
        IntVector hi1 = IntVector.fromArray(INTS, HI1, 0);
        IntVector t0_0 = lo8.selectFrom(r0, r8); IntVector t0_8 = hi8.selectFrom(r0, r8);
        IntVector t0_1 = lo8.selectFrom(r1, r9); IntVector t0_9 = hi8.selectFrom(r1, r9);
        IntVector t0_2 = lo8.selectFrom(r2, r10); IntVector t0_10 = hi8.selectFrom(r2, r10);
        IntVector t0_3 = lo8.selectFrom(r3, r11); IntVector t0_11 = hi8.selectFrom(r3, r11);
        IntVector t0_4 = lo8.selectFrom(r4, r12); IntVector t0_12 = hi8.selectFrom(r4, r12);
        IntVector t0_5 = lo8.selectFrom(r5, r13); IntVector t0_13 = hi8.selectFrom(r5, r13);
        IntVector t0_6 = lo8.selectFrom(r6, r14); IntVector t0_14 = hi8.selectFrom(r6, r14);
        IntVector t0_7 = lo8.selectFrom(r7, r15); IntVector t0_15 = hi8.selectFrom(r7, r15);
        IntVector t1_0 = lo4.selectFrom(t0_0, t0_4); IntVector t1_4 = hi4.selectFrom(t0_0, t0_4);
        IntVector t1_1 = lo4.selectFrom(t0_1, t0_5); IntVector t1_5 = hi4.selectFrom(t0_1, t0_5);
        IntVector t1_2 = lo4.selectFrom(t0_2, t0_6); IntVector t1_6 = hi4.selectFrom(t0_2, t0_6);
        IntVector t1_3 = lo4.selectFrom(t0_3, t0_7); IntVector t1_7 = hi4.selectFrom(t0_3, t0_7);
        IntVector t1_8 = lo4.selectFrom(t0_8, t0_12); IntVector t1_12 = hi4.selectFrom(t0_8, t0_12);
        IntVector t1_9 = lo4.selectFrom(t0_9, t0_13); IntVector t1_13 = hi4.selectFrom(t0_9, t0_13);
        IntVector t1_10 = lo4.selectFrom(t0_10, t0_14); IntVector t1_14 = hi4.selectFrom(t0_10, t0_14);
        IntVector t1_11 = lo4.selectFrom(t0_11, t0_15); IntVector t1_15 = hi4.selectFrom(t0_11, t0_15);
        IntVector t2_0 = lo2.selectFrom(t1_0, t1_2); IntVector t2_2 = hi2.selectFrom(t1_0, t1_2);
        IntVector t2_1 = lo2.selectFrom(t1_1, t1_3); IntVector t2_3 = hi2.selectFrom(t1_1, t1_3);
        IntVector t2_4 = lo2.selectFrom(t1_4, t1_6); IntVector t2_6 = hi2.selectFrom(t1_4, t1_6);
        IntVector t2_5 = lo2.selectFrom(t1_5, t1_7); IntVector t2_7 = hi2.selectFrom(t1_5, t1_7);
        IntVector t2_8 = lo2.selectFrom(t1_8, t1_10); IntVector t2_10 = hi2.selectFrom(t1_8, t1_10);
        IntVector t2_9 = lo2.selectFrom(t1_9, t1_11); IntVector t2_11 = hi2.selectFrom(t1_9, t1_11);
        IntVector t2_12 = lo2.selectFrom(t1_12, t1_14); IntVector t2_14 = hi2.selectFrom(t1_12, t1_14);
        IntVector t2_13 = lo2.selectFrom(t1_13, t1_15); IntVector t2_15 = hi2.selectFrom(t1_13, t1_15);
        IntVector m0 = lo1.selectFrom(t2_0, t2_1); IntVector m1 = hi1.selectFrom(t2_0, t2_1);
        IntVector m2 = lo1.selectFrom(t2_2, t2_3); IntVector m3 = hi1.selectFrom(t2_2, t2_3);
        IntVector m4 = lo1.selectFrom(t2_4, t2_5); IntVector m5 = hi1.selectFrom(t2_4, t2_5);
        IntVector m6 = lo1.selectFrom(t2_6, t2_7); IntVector m7 = hi1.selectFrom(t2_6, t2_7);
        IntVector m8 = lo1.selectFrom(t2_8, t2_9); IntVector m9 = hi1.selectFrom(t2_8, t2_9);
        IntVector m10 = lo1.selectFrom(t2_10, t2_11); IntVector m11 = hi1.selectFrom(t2_10, t2_11);
        IntVector m12 = lo1.selectFrom(t2_12, t2_13); IntVector m13 = hi1.selectFrom(t2_12, t2_13);
        IntVector m14 = lo1.selectFrom(t2_14, t2_15); IntVector m15 = hi1.selectFrom(t2_14, t2_15);
        m0.intoArray(s, MSG + 0 * LANES);
        m1.intoArray(s, MSG + 1 * LANES);
        m2.intoArray(s, MSG + 2 * LANES);
        m3.intoArray(s, MSG + 3 * LANES);
        m4.intoArray(s, MSG + 4 * LANES);
        m5.intoArray(s, MSG + 5 * LANES);
        m6.intoArray(s, MSG + 6 * LANES);
        m7.intoArray(s, MSG + 7 * LANES);
        m8.intoArray(s, MSG + 8 * LANES);
        m9.intoArray(s, MSG + 9 * LANES);
        m10.intoArray(s, MSG + 10 * LANES);
        m11.intoArray(s, MSG + 11 * LANES);
        m12.intoArray(s, MSG + 12 * LANES);
        m13.intoArray(s, MSG + 13 * LANES);
        m14.intoArray(s, MSG + 14 * LANES);
        m15.intoArray(s, MSG + 15 * LANES);
    }


    /**
     * Compresses {@code blocks} blocks in each of the 16 lanes, the CVs kept in registers from block to
     * block. The rows of each block come from {@link #loadRows} ({@link #WHOLE_ROWS}: every lane a whole
     * chunk), from {@link #loadPartialRows} ({@link #PARTIAL_ROWS}) or are already in the message rows
     * ({@link #READY_ROWS}, one block). On entry the CV rows of {@code s} hold each lane's input CV, the
     * counter rows its counter, {@code LAST} the index of its last block (later blocks leave its CV alone),
     * {@code LAST_LEN} the bytes of that block and {@code END} the flags added to it; the first block gets
     * {@code startFlags}, the others {@code flags}. On exit the CV rows hold the output CVs.
     */
    private static void compressBlocks(MemorySegment src, long[] off, int[] len, int blocks, int rows,
            int startFlags, int flags, int[] s) {
        IntVector h0 = IntVector.fromArray(INTS, s, CV + 0 * LANES);
        IntVector h1 = IntVector.fromArray(INTS, s, CV + 1 * LANES);
        IntVector h2 = IntVector.fromArray(INTS, s, CV + 2 * LANES);
        IntVector h3 = IntVector.fromArray(INTS, s, CV + 3 * LANES);
        IntVector h4 = IntVector.fromArray(INTS, s, CV + 4 * LANES);
        IntVector h5 = IntVector.fromArray(INTS, s, CV + 5 * LANES);
        IntVector h6 = IntVector.fromArray(INTS, s, CV + 6 * LANES);
        IntVector h7 = IntVector.fromArray(INTS, s, CV + 7 * LANES);
        for (int b = 0; b < blocks; b++) {
            if (rows == WHOLE_ROWS) {
                loadRows(src, off, b * BLOCK_LEN, s);
            } else if (rows == PARTIAL_ROWS) {
                loadPartialRows(src, off, len, b * BLOCK_LEN, s);
            }
            IntVector m0 = IntVector.fromArray(INTS, s, MSG + 0 * LANES);
            IntVector m1 = IntVector.fromArray(INTS, s, MSG + 1 * LANES);
            IntVector m2 = IntVector.fromArray(INTS, s, MSG + 2 * LANES);
            IntVector m3 = IntVector.fromArray(INTS, s, MSG + 3 * LANES);
            IntVector m4 = IntVector.fromArray(INTS, s, MSG + 4 * LANES);
            IntVector m5 = IntVector.fromArray(INTS, s, MSG + 5 * LANES);
            IntVector m6 = IntVector.fromArray(INTS, s, MSG + 6 * LANES);
            IntVector m7 = IntVector.fromArray(INTS, s, MSG + 7 * LANES);
            IntVector m8 = IntVector.fromArray(INTS, s, MSG + 8 * LANES);
            IntVector m9 = IntVector.fromArray(INTS, s, MSG + 9 * LANES);
            IntVector m10 = IntVector.fromArray(INTS, s, MSG + 10 * LANES);
            IntVector m11 = IntVector.fromArray(INTS, s, MSG + 11 * LANES);
            IntVector m12 = IntVector.fromArray(INTS, s, MSG + 12 * LANES);
            IntVector m13 = IntVector.fromArray(INTS, s, MSG + 13 * LANES);
            IntVector m14 = IntVector.fromArray(INTS, s, MSG + 14 * LANES);
            IntVector m15 = IntVector.fromArray(INTS, s, MSG + 15 * LANES);
            IntVector lastIdx = IntVector.fromArray(INTS, s, LAST);
            VectorMask<Integer> last = lastIdx.compare(EQ, b);
            VectorMask<Integer> active = lastIdx.compare(GE, b);
            IntVector f = IntVector.broadcast(INTS, b == 0 ? startFlags : flags);
            IntVector v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            IntVector v8 = IntVector.broadcast(INTS, IV0), v9 = IntVector.broadcast(INTS, IV1);
            IntVector v10 = IntVector.broadcast(INTS, IV2), v11 = IntVector.broadcast(INTS, IV3);
            IntVector v12 = IntVector.fromArray(INTS, s, CTR_LO), v13 = IntVector.fromArray(INTS, s, CTR_HI);
            IntVector v14 = IntVector.broadcast(INTS, BLOCK_LEN).blend(IntVector.fromArray(INTS, s, LAST_LEN), last);
            IntVector v15 = f.blend(f.or(IntVector.fromArray(INTS, s, END)), last);
            for (int r = 0; r < 7; r++) {
                v0 = v0.add(m0).add(v4); v1 = v1.add(m2).add(v5); v2 = v2.add(m4).add(v6); v3 = v3.add(m6).add(v7);
                v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
                v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
                v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
                v0 = v0.add(m1).add(v4); v1 = v1.add(m3).add(v5); v2 = v2.add(m5).add(v6); v3 = v3.add(m7).add(v7);
                v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
                v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
                v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
                v0 = v0.add(m8).add(v5); v1 = v1.add(m10).add(v6); v2 = v2.add(m12).add(v7); v3 = v3.add(m14).add(v4);
                v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
                v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
                v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
                v0 = v0.add(m9).add(v5); v1 = v1.add(m11).add(v6); v2 = v2.add(m13).add(v7); v3 = v3.add(m15).add(v4);
                v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
                v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
                v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
                IntVector p0 = m2; IntVector p1 = m6; IntVector p2 = m3; IntVector p3 = m10; IntVector p4 = m7; IntVector p5 = m0; IntVector p6 = m4; IntVector p7 = m13;
                IntVector p8 = m1; IntVector p9 = m11; IntVector p10 = m12; IntVector p11 = m5; IntVector p12 = m9; IntVector p13 = m14; IntVector p14 = m15; IntVector p15 = m8;
                m0 = p0; m1 = p1; m2 = p2; m3 = p3; m4 = p4; m5 = p5; m6 = p6; m7 = p7; m8 = p8; m9 = p9; m10 = p10; m11 = p11; m12 = p12; m13 = p13; m14 = p14; m15 = p15;
            }
            h0 = h0.blend(v0.lanewise(XOR, v8), active);
            h1 = h1.blend(v1.lanewise(XOR, v9), active);
            h2 = h2.blend(v2.lanewise(XOR, v10), active);
            h3 = h3.blend(v3.lanewise(XOR, v11), active);
            h4 = h4.blend(v4.lanewise(XOR, v12), active);
            h5 = h5.blend(v5.lanewise(XOR, v13), active);
            h6 = h6.blend(v6.lanewise(XOR, v14), active);
            h7 = h7.blend(v7.lanewise(XOR, v15), active);
        }
        h0.intoArray(s, CV + 0 * LANES);
        h1.intoArray(s, CV + 1 * LANES);
        h2.intoArray(s, CV + 2 * LANES);
        h3.intoArray(s, CV + 3 * LANES);
        h4.intoArray(s, CV + 4 * LANES);
        h5.intoArray(s, CV + 5 * LANES);
        h6.intoArray(s, CV + 6 * LANES);
        h7.intoArray(s, CV + 7 * LANES);
    }
}
