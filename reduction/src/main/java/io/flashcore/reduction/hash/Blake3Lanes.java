package io.flashcore.reduction.hash;

import static io.flashcore.reduction.hash.Blake3Compress.BLOCK_LEN;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_END;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_START;
import static io.flashcore.reduction.hash.Blake3Compress.IV0;
import static io.flashcore.reduction.hash.Blake3Compress.IV1;
import static io.flashcore.reduction.hash.Blake3Compress.IV2;
import static io.flashcore.reduction.hash.Blake3Compress.IV3;
import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sixteen BLAKE3 compressions at once, one per lane of a 512-bit {@link IntVector}. The state is kept
 * transposed (vector {@code vI} holds word {@code I} of all sixteen states), so a round is the scalar
 * round applied to vectors and each rotation is one lanewise {@code ROR}. Lanes are independent: they
 * may hold chunks or parents of any input, which is how one call serves both the chunks inside one
 * large input and many small inputs of a batch.
 *
 * <p>Thread-safe: stateless.
 */
final class Blake3Lanes {
    /** Compressions per call. */
    static final int LANES = 16;
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
    /**
     * Whether to use the lanes: the preferred species must be at least 512 bits wide, else the Vector API
     * would emulate them far slower than the scalar code. {@code -Dflashcore.blake3.scalar=true} forces
     * the scalar code.
     */
    static final boolean SUPPORTED = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 512
            && !Boolean.getBoolean("flashcore.blake3.scalar");
    /** Bytes of staging {@link #chunks} needs. */
    static final int STAGING_BYTES = LANES * BLOCK_LEN;
    /** Words of scratch {@link #chunks} needs. */
    static final int SCRATCH_INTS = 5 * LANES;
    /** Words of the message scratch {@link #fullChunks} needs. */
    static final int MSG_INTS = LANES * 16;
    /** Blocks of a whole chunk. */
    private static final int CHUNK_BLOCKS = Blake3Compress.CHUNK_LEN / BLOCK_LEN;

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

    private static int[] transposeIndex(int h, boolean high) {
        int[] idx = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            idx[l] = ((l & h) != 0 ? LANES : 0) + (high ? (l | h) : (l & ~h));
        }
        return idx;
    }

    /**
     * One 64-byte block of a lane's chunk as 16 words. A short or absent block is first copied, zero-padded,
     * to the lane's 64 bytes of {@code staging}, so that every row comes from the same single load: vectors
     * merged from different branches would defeat the JIT's removal of vector objects.
     */
    private static IntVector row(MemorySegment src, long off, int remaining, MemorySegment staging, long stageOff) {
        MemorySegment from = src;
        long at = off;
        if (remaining < BLOCK_LEN) {
            for (long z = 0; z < BLOCK_LEN; z += 8) {
                staging.set(ValueLayout.JAVA_LONG_UNALIGNED, stageOff + z, 0L);
            }
            if (remaining > 0) {
                MemorySegment.copy(src, off, staging, stageOff, remaining);
            }
            from = staging;
            at = stageOff;
        }
        return IntVector.fromMemorySegment(INTS, from, at, LE);
    }

    /**
     * Compresses 16 whole chunks: lane {@code c} is the {@code len[c]} (0..1024) bytes at {@code off[c]}
     * of {@code src} with chunk counter {@code ctr[c]}; its CV is scattered to
     * {@code cvs[slot8[c]..slot8[c]+8)}. {@code endFlags[c]} is added to the flags of the lane's last
     * block ({@code ROOT} for a one-chunk input). Every lane must hold valid arguments (dummy lanes: length
     * 0 and a slot nobody reads). {@code staging} is 1 KiB of scratch.
     */
    static void chunks(MemorySegment src, long[] off, int[] len, long[] ctr, int flags, int[] endFlags,
            int[] slot8, int[] key, int[] cvs, int[] scratch, MemorySegment staging) {
        int maxBlocks = 0;
        for (int c = 0; c < LANES; c++) {
            int blocks = Math.max(1, (len[c] + BLOCK_LEN - 1) / BLOCK_LEN);
            scratch[c] = blocks - 1;
            scratch[LANES + c] = len[c] - (blocks - 1) * BLOCK_LEN;
            scratch[2 * LANES + c] = (int) ctr[c];
            scratch[3 * LANES + c] = (int) (ctr[c] >>> 32);
            scratch[4 * LANES + c] = CHUNK_END | endFlags[c];
            maxBlocks = Math.max(maxBlocks, blocks);
        }
        IntVector lastIdx = IntVector.fromArray(INTS, scratch, 0);
        IntVector lastLen = IntVector.fromArray(INTS, scratch, LANES);
        IntVector ctrLo = IntVector.fromArray(INTS, scratch, 2 * LANES);
        IntVector ctrHi = IntVector.fromArray(INTS, scratch, 3 * LANES);
        IntVector endV = IntVector.fromArray(INTS, scratch, 4 * LANES);
        IntVector lo8 = IntVector.fromArray(INTS, LO8, 0);
        IntVector hi8 = IntVector.fromArray(INTS, HI8, 0);
        IntVector lo4 = IntVector.fromArray(INTS, LO4, 0);
        IntVector hi4 = IntVector.fromArray(INTS, HI4, 0);
        IntVector lo2 = IntVector.fromArray(INTS, LO2, 0);
        IntVector hi2 = IntVector.fromArray(INTS, HI2, 0);
        IntVector lo1 = IntVector.fromArray(INTS, LO1, 0);
        IntVector hi1 = IntVector.fromArray(INTS, HI1, 0);
        IntVector fullLen = IntVector.broadcast(INTS, BLOCK_LEN);
        IntVector h0 = IntVector.broadcast(INTS, key[0]);
        IntVector h1 = IntVector.broadcast(INTS, key[1]);
        IntVector h2 = IntVector.broadcast(INTS, key[2]);
        IntVector h3 = IntVector.broadcast(INTS, key[3]);
        IntVector h4 = IntVector.broadcast(INTS, key[4]);
        IntVector h5 = IntVector.broadcast(INTS, key[5]);
        IntVector h6 = IntVector.broadcast(INTS, key[6]);
        IntVector h7 = IntVector.broadcast(INTS, key[7]);
        for (int b = 0; b < maxBlocks; b++) {
            int start = b * BLOCK_LEN;
            IntVector r0 = row(src, off[0] + start, len[0] - start, staging, 0);
            IntVector r1 = row(src, off[1] + start, len[1] - start, staging, 64);
            IntVector r2 = row(src, off[2] + start, len[2] - start, staging, 128);
            IntVector r3 = row(src, off[3] + start, len[3] - start, staging, 192);
            IntVector r4 = row(src, off[4] + start, len[4] - start, staging, 256);
            IntVector r5 = row(src, off[5] + start, len[5] - start, staging, 320);
            IntVector r6 = row(src, off[6] + start, len[6] - start, staging, 384);
            IntVector r7 = row(src, off[7] + start, len[7] - start, staging, 448);
            IntVector r8 = row(src, off[8] + start, len[8] - start, staging, 512);
            IntVector r9 = row(src, off[9] + start, len[9] - start, staging, 576);
            IntVector r10 = row(src, off[10] + start, len[10] - start, staging, 640);
            IntVector r11 = row(src, off[11] + start, len[11] - start, staging, 704);
            IntVector r12 = row(src, off[12] + start, len[12] - start, staging, 768);
            IntVector r13 = row(src, off[13] + start, len[13] - start, staging, 832);
            IntVector r14 = row(src, off[14] + start, len[14] - start, staging, 896);
            IntVector r15 = row(src, off[15] + start, len[15] - start, staging, 960);
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
            VectorMask<Integer> last = lastIdx.compare(VectorOperators.EQ, b);
            VectorMask<Integer> active = lastIdx.compare(VectorOperators.GE, b);
            IntVector f = IntVector.broadcast(INTS, b == 0 ? flags | CHUNK_START : flags);
            IntVector v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            IntVector v8 = IntVector.broadcast(INTS, IV0), v9 = IntVector.broadcast(INTS, IV1);
            IntVector v10 = IntVector.broadcast(INTS, IV2), v11 = IntVector.broadcast(INTS, IV3);
            IntVector v12 = ctrLo, v13 = ctrHi, v14 = fullLen.blend(lastLen, last), v15 = f.blend(f.or(endV), last);
            for (int r = 0; r < 7; r++) {
                v0 = v0.add(v4).add(m0); v1 = v1.add(v5).add(m2); v2 = v2.add(v6).add(m4); v3 = v3.add(v7).add(m6);
                v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
                v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
                v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
                v0 = v0.add(v4).add(m1); v1 = v1.add(v5).add(m3); v2 = v2.add(v6).add(m5); v3 = v3.add(v7).add(m7);
                v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
                v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
                v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
                v0 = v0.add(v5).add(m8); v1 = v1.add(v6).add(m10); v2 = v2.add(v7).add(m12); v3 = v3.add(v4).add(m14);
                v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
                v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
                v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
                v0 = v0.add(v5).add(m9); v1 = v1.add(v6).add(m11); v2 = v2.add(v7).add(m13); v3 = v3.add(v4).add(m15);
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
        h0.intoArray(cvs, 0, slot8, 0);
        h1.intoArray(cvs, 1, slot8, 0);
        h2.intoArray(cvs, 2, slot8, 0);
        h3.intoArray(cvs, 3, slot8, 0);
        h4.intoArray(cvs, 4, slot8, 0);
        h5.intoArray(cvs, 5, slot8, 0);
        h6.intoArray(cvs, 6, slot8, 0);
        h7.intoArray(cvs, 7, slot8, 0);
    }

    /**
     * Compresses 16 whole chunks of exactly 1024 bytes: lane {@code c} is the chunk at {@code off[c]} of
     * {@code src} with chunk counter {@code ctr[c]}; its CV is scattered to {@code cvs[slot8[c]..slot8[c]+8)}.
     * {@code endFlags[c]} is added to the flags of the lane's last block. The common case of
     * {@link #chunks}, without its per-lane lengths: the seven rounds are unrolled, so the message words are
     * renamed, never moved, and every block's rows are loaded straight from {@code src} (see
     * {@link #transposeBlock}). {@code msg} is {@link #MSG_INTS} words of scratch.
     */
    static void fullChunks(MemorySegment src, long[] off, long[] ctr, int flags, int[] endFlags, int[] slot8,
            int[] key, int[] cvs, int[] scratch, int[] msg) {
        for (int c = 0; c < LANES; c++) {
            scratch[c] = (int) ctr[c];
            scratch[LANES + c] = (int) (ctr[c] >>> 32);
            scratch[2 * LANES + c] = CHUNK_END | endFlags[c];
        }
        IntVector h0 = IntVector.broadcast(INTS, key[0]);
        IntVector h1 = IntVector.broadcast(INTS, key[1]);
        IntVector h2 = IntVector.broadcast(INTS, key[2]);
        IntVector h3 = IntVector.broadcast(INTS, key[3]);
        IntVector h4 = IntVector.broadcast(INTS, key[4]);
        IntVector h5 = IntVector.broadcast(INTS, key[5]);
        IntVector h6 = IntVector.broadcast(INTS, key[6]);
        IntVector h7 = IntVector.broadcast(INTS, key[7]);
        for (int b = 0; b < CHUNK_BLOCKS; b++) {
            transposeBlock(src, off, (long) b * BLOCK_LEN, msg);
            IntVector m0 = IntVector.fromArray(INTS, msg, 0 * LANES);
            IntVector m1 = IntVector.fromArray(INTS, msg, 1 * LANES);
            IntVector m2 = IntVector.fromArray(INTS, msg, 2 * LANES);
            IntVector m3 = IntVector.fromArray(INTS, msg, 3 * LANES);
            IntVector m4 = IntVector.fromArray(INTS, msg, 4 * LANES);
            IntVector m5 = IntVector.fromArray(INTS, msg, 5 * LANES);
            IntVector m6 = IntVector.fromArray(INTS, msg, 6 * LANES);
            IntVector m7 = IntVector.fromArray(INTS, msg, 7 * LANES);
            IntVector m8 = IntVector.fromArray(INTS, msg, 8 * LANES);
            IntVector m9 = IntVector.fromArray(INTS, msg, 9 * LANES);
            IntVector m10 = IntVector.fromArray(INTS, msg, 10 * LANES);
            IntVector m11 = IntVector.fromArray(INTS, msg, 11 * LANES);
            IntVector m12 = IntVector.fromArray(INTS, msg, 12 * LANES);
            IntVector m13 = IntVector.fromArray(INTS, msg, 13 * LANES);
            IntVector m14 = IntVector.fromArray(INTS, msg, 14 * LANES);
            IntVector m15 = IntVector.fromArray(INTS, msg, 15 * LANES);
            int endMask = b == CHUNK_BLOCKS - 1 ? -1 : 0;
            int f = b == 0 ? flags | CHUNK_START : flags;
            IntVector v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            IntVector v8 = IntVector.broadcast(INTS, IV0), v9 = IntVector.broadcast(INTS, IV1);
            IntVector v10 = IntVector.broadcast(INTS, IV2), v11 = IntVector.broadcast(INTS, IV3);
            IntVector v12 = IntVector.fromArray(INTS, scratch, 0), v13 = IntVector.fromArray(INTS, scratch, LANES);
            IntVector v14 = IntVector.broadcast(INTS, BLOCK_LEN);
            IntVector v15 = IntVector.fromArray(INTS, scratch, 2 * LANES).and(endMask).or(f);
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
            v0 = v0.add(m2).add(v4); v1 = v1.add(m3).add(v5); v2 = v2.add(m7).add(v6); v3 = v3.add(m4).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(m6).add(v4); v1 = v1.add(m10).add(v5); v2 = v2.add(m0).add(v6); v3 = v3.add(m13).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(m1).add(v5); v1 = v1.add(m12).add(v6); v2 = v2.add(m9).add(v7); v3 = v3.add(m15).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(m11).add(v5); v1 = v1.add(m5).add(v6); v2 = v2.add(m14).add(v7); v3 = v3.add(m8).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(m3).add(v4); v1 = v1.add(m10).add(v5); v2 = v2.add(m13).add(v6); v3 = v3.add(m7).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(m4).add(v4); v1 = v1.add(m12).add(v5); v2 = v2.add(m2).add(v6); v3 = v3.add(m14).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(m6).add(v5); v1 = v1.add(m9).add(v6); v2 = v2.add(m11).add(v7); v3 = v3.add(m8).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(m5).add(v5); v1 = v1.add(m0).add(v6); v2 = v2.add(m15).add(v7); v3 = v3.add(m1).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(m10).add(v4); v1 = v1.add(m12).add(v5); v2 = v2.add(m14).add(v6); v3 = v3.add(m13).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(m7).add(v4); v1 = v1.add(m9).add(v5); v2 = v2.add(m3).add(v6); v3 = v3.add(m15).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(m4).add(v5); v1 = v1.add(m11).add(v6); v2 = v2.add(m5).add(v7); v3 = v3.add(m1).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(m0).add(v5); v1 = v1.add(m2).add(v6); v2 = v2.add(m8).add(v7); v3 = v3.add(m6).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(m12).add(v4); v1 = v1.add(m9).add(v5); v2 = v2.add(m15).add(v6); v3 = v3.add(m14).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(m13).add(v4); v1 = v1.add(m11).add(v5); v2 = v2.add(m10).add(v6); v3 = v3.add(m8).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(m7).add(v5); v1 = v1.add(m5).add(v6); v2 = v2.add(m0).add(v7); v3 = v3.add(m6).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(m2).add(v5); v1 = v1.add(m3).add(v6); v2 = v2.add(m1).add(v7); v3 = v3.add(m4).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(m9).add(v4); v1 = v1.add(m11).add(v5); v2 = v2.add(m8).add(v6); v3 = v3.add(m15).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(m14).add(v4); v1 = v1.add(m5).add(v5); v2 = v2.add(m12).add(v6); v3 = v3.add(m1).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(m13).add(v5); v1 = v1.add(m0).add(v6); v2 = v2.add(m2).add(v7); v3 = v3.add(m4).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(m3).add(v5); v1 = v1.add(m10).add(v6); v2 = v2.add(m6).add(v7); v3 = v3.add(m7).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(m11).add(v4); v1 = v1.add(m5).add(v5); v2 = v2.add(m1).add(v6); v3 = v3.add(m8).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(m15).add(v4); v1 = v1.add(m0).add(v5); v2 = v2.add(m9).add(v6); v3 = v3.add(m6).add(v7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(m14).add(v5); v1 = v1.add(m2).add(v6); v2 = v2.add(m3).add(v7); v3 = v3.add(m7).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(m10).add(v5); v1 = v1.add(m12).add(v6); v2 = v2.add(m4).add(v7); v3 = v3.add(m13).add(v4);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            h0 = v0.lanewise(XOR, v8);
            h1 = v1.lanewise(XOR, v9);
            h2 = v2.lanewise(XOR, v10);
            h3 = v3.lanewise(XOR, v11);
            h4 = v4.lanewise(XOR, v12);
            h5 = v5.lanewise(XOR, v13);
            h6 = v6.lanewise(XOR, v14);
            h7 = v7.lanewise(XOR, v15);
        }
        h0.intoArray(cvs, 0, slot8, 0);
        h1.intoArray(cvs, 1, slot8, 0);
        h2.intoArray(cvs, 2, slot8, 0);
        h3.intoArray(cvs, 3, slot8, 0);
        h4.intoArray(cvs, 4, slot8, 0);
        h5.intoArray(cvs, 5, slot8, 0);
        h6.intoArray(cvs, 6, slot8, 0);
        h7.intoArray(cvs, 7, slot8, 0);
    }

    /**
     * Loads the 64-byte block at {@code off[c] + at} of {@code src} for each lane {@code c} and stores it
     * transposed: word {@code i} of lane {@code c} goes to {@code msg[16 * i + c]}. A method of its own so
     * that the unrolled rounds stay below the JIT's limit on the size of the methods it compiles.
     */
    static void transposeBlock(MemorySegment src, long[] off, long at, int[] msg) {
        IntVector r0 = IntVector.fromMemorySegment(INTS, src, off[0] + at, LE);
        IntVector r1 = IntVector.fromMemorySegment(INTS, src, off[1] + at, LE);
        IntVector r2 = IntVector.fromMemorySegment(INTS, src, off[2] + at, LE);
        IntVector r3 = IntVector.fromMemorySegment(INTS, src, off[3] + at, LE);
        IntVector r4 = IntVector.fromMemorySegment(INTS, src, off[4] + at, LE);
        IntVector r5 = IntVector.fromMemorySegment(INTS, src, off[5] + at, LE);
        IntVector r6 = IntVector.fromMemorySegment(INTS, src, off[6] + at, LE);
        IntVector r7 = IntVector.fromMemorySegment(INTS, src, off[7] + at, LE);
        IntVector r8 = IntVector.fromMemorySegment(INTS, src, off[8] + at, LE);
        IntVector r9 = IntVector.fromMemorySegment(INTS, src, off[9] + at, LE);
        IntVector r10 = IntVector.fromMemorySegment(INTS, src, off[10] + at, LE);
        IntVector r11 = IntVector.fromMemorySegment(INTS, src, off[11] + at, LE);
        IntVector r12 = IntVector.fromMemorySegment(INTS, src, off[12] + at, LE);
        IntVector r13 = IntVector.fromMemorySegment(INTS, src, off[13] + at, LE);
        IntVector r14 = IntVector.fromMemorySegment(INTS, src, off[14] + at, LE);
        IntVector r15 = IntVector.fromMemorySegment(INTS, src, off[15] + at, LE);
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
        m0.intoArray(msg, 0 * LANES);
        m1.intoArray(msg, 1 * LANES);
        m2.intoArray(msg, 2 * LANES);
        m3.intoArray(msg, 3 * LANES);
        m4.intoArray(msg, 4 * LANES);
        m5.intoArray(msg, 5 * LANES);
        m6.intoArray(msg, 6 * LANES);
        m7.intoArray(msg, 7 * LANES);
        m8.intoArray(msg, 8 * LANES);
        m9.intoArray(msg, 9 * LANES);
        m10.intoArray(msg, 10 * LANES);
        m11.intoArray(msg, 11 * LANES);
        m12.intoArray(msg, 12 * LANES);
        m13.intoArray(msg, 13 * LANES);
        m14.intoArray(msg, 14 * LANES);
        m15.intoArray(msg, 15 * LANES);
    }


    /**
     * Compresses 16 parents: lane {@code c} is the parent of the two adjacent CVs at
     * {@code cvs[left8[c]..left8[c]+16)} (left then right) with flags {@code flags[c]} (which must include
     * {@code PARENT}); its CV (or, with {@code ROOT}, the first 32 bytes of the root output) is scattered
     * to {@code cvs[out8[c]..+8)}. All lanes read before any lane writes.
     */
    static void parents(int[] left8, int[] flags, int[] out8, int[] key, int[] cvs) {
        IntVector lo8 = IntVector.fromArray(INTS, LO8, 0);
        IntVector hi8 = IntVector.fromArray(INTS, HI8, 0);
        IntVector lo4 = IntVector.fromArray(INTS, LO4, 0);
        IntVector hi4 = IntVector.fromArray(INTS, HI4, 0);
        IntVector lo2 = IntVector.fromArray(INTS, LO2, 0);
        IntVector hi2 = IntVector.fromArray(INTS, HI2, 0);
        IntVector lo1 = IntVector.fromArray(INTS, LO1, 0);
        IntVector hi1 = IntVector.fromArray(INTS, HI1, 0);
        IntVector r0 = IntVector.fromArray(INTS, cvs, left8[0]);
        IntVector r1 = IntVector.fromArray(INTS, cvs, left8[1]);
        IntVector r2 = IntVector.fromArray(INTS, cvs, left8[2]);
        IntVector r3 = IntVector.fromArray(INTS, cvs, left8[3]);
        IntVector r4 = IntVector.fromArray(INTS, cvs, left8[4]);
        IntVector r5 = IntVector.fromArray(INTS, cvs, left8[5]);
        IntVector r6 = IntVector.fromArray(INTS, cvs, left8[6]);
        IntVector r7 = IntVector.fromArray(INTS, cvs, left8[7]);
        IntVector r8 = IntVector.fromArray(INTS, cvs, left8[8]);
        IntVector r9 = IntVector.fromArray(INTS, cvs, left8[9]);
        IntVector r10 = IntVector.fromArray(INTS, cvs, left8[10]);
        IntVector r11 = IntVector.fromArray(INTS, cvs, left8[11]);
        IntVector r12 = IntVector.fromArray(INTS, cvs, left8[12]);
        IntVector r13 = IntVector.fromArray(INTS, cvs, left8[13]);
        IntVector r14 = IntVector.fromArray(INTS, cvs, left8[14]);
        IntVector r15 = IntVector.fromArray(INTS, cvs, left8[15]);
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
        IntVector v0 = IntVector.broadcast(INTS, key[0]);
        IntVector v1 = IntVector.broadcast(INTS, key[1]);
        IntVector v2 = IntVector.broadcast(INTS, key[2]);
        IntVector v3 = IntVector.broadcast(INTS, key[3]);
        IntVector v4 = IntVector.broadcast(INTS, key[4]);
        IntVector v5 = IntVector.broadcast(INTS, key[5]);
        IntVector v6 = IntVector.broadcast(INTS, key[6]);
        IntVector v7 = IntVector.broadcast(INTS, key[7]);
        IntVector v8 = IntVector.broadcast(INTS, IV0), v9 = IntVector.broadcast(INTS, IV1);
        IntVector v10 = IntVector.broadcast(INTS, IV2), v11 = IntVector.broadcast(INTS, IV3);
        IntVector v12 = IntVector.zero(INTS), v13 = IntVector.zero(INTS);
        IntVector v14 = IntVector.broadcast(INTS, BLOCK_LEN), v15 = IntVector.fromArray(INTS, flags, 0);
        for (int r = 0; r < 7; r++) {
            v0 = v0.add(v4).add(m0); v1 = v1.add(v5).add(m2); v2 = v2.add(v6).add(m4); v3 = v3.add(v7).add(m6);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m1); v1 = v1.add(v5).add(m3); v2 = v2.add(v6).add(m5); v3 = v3.add(v7).add(m7);
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v8 = v8.add(v12); v9 = v9.add(v13); v10 = v10.add(v14); v11 = v11.add(v15);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m8); v1 = v1.add(v6).add(m10); v2 = v2.add(v7).add(m12); v3 = v3.add(v4).add(m14);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m9); v1 = v1.add(v6).add(m11); v2 = v2.add(v7).add(m13); v3 = v3.add(v4).add(m15);
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v10 = v10.add(v15); v11 = v11.add(v12); v8 = v8.add(v13); v9 = v9.add(v14);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            IntVector p0 = m2; IntVector p1 = m6; IntVector p2 = m3; IntVector p3 = m10; IntVector p4 = m7; IntVector p5 = m0; IntVector p6 = m4; IntVector p7 = m13;
            IntVector p8 = m1; IntVector p9 = m11; IntVector p10 = m12; IntVector p11 = m5; IntVector p12 = m9; IntVector p13 = m14; IntVector p14 = m15; IntVector p15 = m8;
            m0 = p0; m1 = p1; m2 = p2; m3 = p3; m4 = p4; m5 = p5; m6 = p6; m7 = p7; m8 = p8; m9 = p9; m10 = p10; m11 = p11; m12 = p12; m13 = p13; m14 = p14; m15 = p15;
        }
        v0.lanewise(XOR, v8).intoArray(cvs, 0, out8, 0);
        v1.lanewise(XOR, v9).intoArray(cvs, 1, out8, 0);
        v2.lanewise(XOR, v10).intoArray(cvs, 2, out8, 0);
        v3.lanewise(XOR, v11).intoArray(cvs, 3, out8, 0);
        v4.lanewise(XOR, v12).intoArray(cvs, 4, out8, 0);
        v5.lanewise(XOR, v13).intoArray(cvs, 5, out8, 0);
        v6.lanewise(XOR, v14).intoArray(cvs, 6, out8, 0);
        v7.lanewise(XOR, v15).intoArray(cvs, 7, out8, 0);
    }
}
