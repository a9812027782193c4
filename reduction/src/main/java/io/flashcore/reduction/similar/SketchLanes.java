package io.flashcore.reduction.similar;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Version 2 similarity sketches on 512-bit vector lanes: the anchor test of eight positions per
 * instruction, and the twelve features of an anchor updated by one multiply, add and max in two
 * vectors. Only {@link SimilaritySketcher} uses it, and only when {@link #SUPPORTED}: the class needs
 * the {@code jdk.incubator.vector} module, which a JVM may run without (the sketcher then stays on its
 * scalar code).
 */
final class SketchLanes {
    /**
     * Whether the lanes are worth it here: 64-bit lane multiplies are single instructions only with
     * 512-bit vectors (AVX-512DQ); narrower vectors emulate them and lose to the scalar code.
     */
    static final boolean SUPPORTED = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    /** 64 bytes: eight words, one per lane of {@link #LONGS_8}. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_512;
    private static final VectorSpecies<Long> LONGS_8 = LongVector.SPECIES_512;
    private static final VectorSpecies<Long> LONGS_4 = LongVector.SPECIES_256;
    private static final int LANES = 8;
    /** Positions one block tests: eight vectors of eight words, vector r at p + r, p + r + 8, ... */
    static final int SPAN = 8 * LANES;
    private static final LongVector MUL_LO = LongVector.fromArray(LONGS_8, SimilaritySketcher.MUL, 0);
    private static final LongVector MUL_HI = LongVector.fromArray(LONGS_4, SimilaritySketcher.MUL, 8);
    private static final LongVector ADD_LO = LongVector.fromArray(LONGS_8, SimilaritySketcher.ADD, 0);
    private static final LongVector ADD_HI = LongVector.fromArray(LONGS_4, SimilaritySketcher.ADD, 8);

    private SketchLanes() {
    }

    /**
     * Takes the anchors (test value AND {@code mask} zero) in positions {@code [0, end)} of {@code d}
     * ({@code end} a multiple of {@link #SPAN}, with 7 more bytes readable) up to {@code last} into the
     * features {@code f}; returns how many it took.
     */
    static int anchors(byte[] d, int end, int last, long mask, long[] f) {
        LongVector lo = LongVector.fromArray(LONGS_8, f, 0);
        LongVector hi = LongVector.fromArray(LONGS_4, f, 8);
        int samples = 0;
        for (int p = 0; p < end; p += SPAN) {
            // Bit r * LANES + t: the word at p + r + 8 * t is an anchor. One branch per block.
            long bits = 0;
            for (int r = 0; r < 8; r++) {
                bits |= ByteVector.fromArray(BYTES, d, p + r).reinterpretAsLongs()
                        .lanewise(VectorOperators.XOR, SimilaritySketcher.ANCHOR_SALT)
                        .mul(SimilaritySketcher.ANCHOR_MUL).and(mask)
                        .compare(VectorOperators.EQ, 0L).toLong() << (r * LANES);
            }
            for (; bits != 0; bits &= bits - 1) {
                int b = Long.numberOfTrailingZeros(bits);
                int at = p + b / LANES + 8 * (b % LANES);
                if (at <= last) {
                    long x = SimilaritySketcher.window(d, at);
                    lo = lo.max(MUL_LO.mul(x).add(ADD_LO));
                    hi = hi.max(MUL_HI.mul(x).add(ADD_HI));
                    samples++;
                }
            }
        }
        lo.intoArray(f, 0);
        hi.intoArray(f, 8);
        return samples;
    }
}
