package io.flashcore.reduction.similar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Computes a chunk's similarity sketch: {@value #SUPER_FEATURES} super-features, each a hash of
 * {@value #FEATURES_PER_SUPER_FEATURE} features, where feature {@code i} is the maximum over
 * sampled positions of a random linear transform {@code M[i]·h + A[i]} of the Gear rolling hash
 * {@code h} of the preceding 64 bytes (super-features as in Shilane et al., FAST '12; content-
 * sampled positions as in Odess). Two chunks that share most of their content share each feature
 * with high probability, and a super-feature when all of its features agree; chunks sharing any
 * super-feature are candidates for delta encoding against each other.
 *
 * <p>Positions are sampled where {@code log2(sampling)} bits of the Gear hash (bits 48 and up,
 * which depend on the last ~50 bytes) are zero, so the sample set depends only on content and
 * survives insertions and deletions elsewhere in the chunk.
 *
 * <p>The sketch's definition is persisted implicitly (a similarity index built by one version is
 * queried by the next), so its parameters are fixed by {@link #VERSION}: version 1 uses the seeds
 * and constants below and never changes.
 *
 * <p>Not thread-safe (it reuses a feature buffer and a copy of the chunk): one per thread.
 * Allocates nothing per call once its copy buffer has grown to the largest chunk.
 */
public final class SimilaritySketcher {
    /** The sketch definition's version. */
    public static final int VERSION = 1;
    /** Super-features per sketch. */
    public static final int SUPER_FEATURES = 3;
    /** Features combined into one super-feature. */
    public static final int FEATURES_PER_SUPER_FEATURE = 4;
    /** Features per sketch. */
    public static final int FEATURES = SUPER_FEATURES * FEATURES_PER_SUPER_FEATURE;
    /** Default sampling: one position in 64 (by content). */
    public static final int DEFAULT_SAMPLING = 64;
    /** Chunks shorter than this get no sketch: too little content to sample. */
    public static final int MIN_CHUNK_BYTES = 256;

    static final long[] GEAR = new long[256];
    static final long[] MUL = new long[FEATURES];
    static final long[] ADD = new long[FEATURES];

    static {
        SplittableRandom r = new SplittableRandom(0x5EED_F1A5_C0DEL);
        for (int i = 0; i < 256; i++) {
            GEAR[i] = r.nextLong();
        }
        for (int i = 0; i < FEATURES; i++) {
            MUL[i] = r.nextLong() | 1;
            ADD[i] = r.nextLong();
        }
    }

    /** Below this many bytes one hash chain runs; above, four (see {@link #sketch}). */
    private static final int CHAINS_FROM = 1024;
    /** Bytes of history the Gear hash depends on: a chain started this many bytes early is exact. */
    private static final int GEAR_WINDOW = 64;

    private final long sampleMask;
    private final long[] features = new long[FEATURES];
    /** The chunk's bytes on the heap (grown as needed): array loads the JIT keeps cheap in four chains. */
    private byte[] bytes = new byte[0];

    /** A sketcher sampling about one position in {@code sampling} (a power of two, 1..4096). */
    public SimilaritySketcher(int sampling) {
        if (sampling < 1 || sampling > 4096 || Integer.bitCount(sampling) != 1) {
            throw new IllegalArgumentException("sampling " + sampling + " must be a power of two in 1..4096");
        }
        this.sampleMask = (long) sampling - 1 << 48;
    }

    /** A sketcher with {@link #DEFAULT_SAMPLING}. */
    public SimilaritySketcher() {
        this(DEFAULT_SAMPLING);
    }

    /**
     * Writes {@code chunk}'s {@value #SUPER_FEATURES} super-features into {@code out[0..2]}.
     *
     * @return whether the chunk has a sketch; {@code false} (and {@code out} untouched) for chunks
     *     shorter than {@value #MIN_CHUNK_BYTES} bytes or without any sampled position
     */
    public boolean sketch(MemorySegment chunk, long[] out) {
        if (out.length < SUPER_FEATURES) {
            throw new IllegalArgumentException("sketch array of " + out.length + " longs is shorter than "
                    + SUPER_FEATURES);
        }
        long n = chunk.byteSize();
        if (n < MIN_CHUNK_BYTES) {
            return false;
        }
        long[] f = features;
        java.util.Arrays.fill(f, Long.MIN_VALUE);
        int samples = n < CHAINS_FROM || n > Integer.MAX_VALUE - 8 ? oneChain(chunk, n, f) : fourChains(chunk, (int) n, f);
        if (samples == 0) {
            return false;
        }
        for (int s = 0; s < SUPER_FEATURES; s++) {
            long x = 0x9E37_79B9_7F4A_7C15L * (s + 1);
            for (int k = 0; k < FEATURES_PER_SUPER_FEATURE; k++) {
                x = mix(x ^ f[s * FEATURES_PER_SUPER_FEATURE + k]);
            }
            out[s] = x;
        }
        return true;
    }

    /** The definition: one Gear hash chain over the chunk, sampling where the masked bits are zero. */
    private int oneChain(MemorySegment chunk, long n, long[] f) {
        long mask = sampleMask;
        long h = 0;
        int samples = 0;
        for (long i = 0; i < n; i++) {
            h = (h << 1) + GEAR[chunk.get(ValueLayout.JAVA_BYTE, i) & 0xFF];
            if ((h & mask) == 0) {
                samples += take(f, h);
            }
        }
        return samples;
    }

    /**
     * The same samples as {@link #oneChain}, from four independent chains over the four quarters
     * of the chunk (the single chain is bound by the latency of its shift-and-add, about 1.3 GB/s;
     * four chains overlap it, ~1.6 GB/s). The Gear hash of a position depends only on the 64 bytes
     * ending there (older bytes are shifted out of the 64-bit value), so a chain started 64 bytes
     * before its quarter, without sampling, holds exactly the one chain's hash when the quarter
     * begins; features are maxima, so the order in which samples are taken does not matter.
     */
    private int fourChains(MemorySegment chunk, int n, long[] f) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 8, 2 * bytes.length))];
        }
        byte[] d = bytes;
        MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, d, 0, n);
        long mask = sampleMask;
        int q = n / 4;
        int s1 = q;
        int s2 = 2 * q;
        int s3 = 3 * q;
        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        long h3 = 0;
        for (int i = -GEAR_WINDOW; i < 0; i++) {
            h1 = (h1 << 1) + GEAR[d[s1 + i] & 0xFF];
            h2 = (h2 << 1) + GEAR[d[s2 + i] & 0xFF];
            h3 = (h3 << 1) + GEAR[d[s3 + i] & 0xFF];
        }
        int samples = 0;
        for (int i = 0; i < q; i++) {
            h0 = (h0 << 1) + GEAR[d[i] & 0xFF];
            h1 = (h1 << 1) + GEAR[d[s1 + i] & 0xFF];
            h2 = (h2 << 1) + GEAR[d[s2 + i] & 0xFF];
            h3 = (h3 << 1) + GEAR[d[s3 + i] & 0xFF];
            if ((h0 & mask) == 0) {
                samples += take(f, h0);
            }
            if ((h1 & mask) == 0) {
                samples += take(f, h1);
            }
            if ((h2 & mask) == 0) {
                samples += take(f, h2);
            }
            if ((h3 & mask) == 0) {
                samples += take(f, h3);
            }
        }
        // The last chain runs on over the bytes the quarters left (n mod 4).
        for (int i = 4 * q; i < n; i++) {
            h3 = (h3 << 1) + GEAR[d[i] & 0xFF];
            if ((h3 & mask) == 0) {
                samples += take(f, h3);
            }
        }
        return samples;
    }

    private static int take(long[] f, long h) {
        for (int i = 0; i < FEATURES; i++) {
            long v = MUL[i] * h + ADD[i];
            if (v > f[i]) {
                f[i] = v;
            }
        }
        return 1;
    }

    /** A 64-bit finaliser (the one of SplitMix64 / MurmurHash3). */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return z ^ (z >>> 33);
    }
}
