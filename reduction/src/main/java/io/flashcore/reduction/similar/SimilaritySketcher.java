package io.flashcore.reduction.similar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Computes a chunk's similarity sketch: {@value #SUPER_FEATURES} super-features, each a hash of
 * {@value #FEATURES_PER_SUPER_FEATURE} features, where feature {@code i} is the maximum over
 * content-sampled positions {@code p} of a random linear transform {@code M[i]·x(p) + A[i]} of a hash
 * {@code x(p)} of the bytes at {@code p} (super-features as in Shilane et al., FAST '12; content-
 * sampled positions as in Odess). Two chunks that share most of their content share each feature
 * with high probability, and a super-feature when all of its features agree; chunks sharing any
 * super-feature are candidates for delta encoding against each other. Positions are chosen by
 * content alone, so the sample set survives insertions and deletions elsewhere in the chunk.
 *
 * <p>Two definitions, each fixed forever by its version (sketches are persisted with the chunks
 * they describe and an array keeps the version it was created with):
 * <ul>
 *   <li>{@link #GEAR_SAMPLED} (version 1): {@code x(p)} is the Gear rolling hash {@code h} of the 64 bytes
 *       ending at {@code p}, and {@code p} is sampled where {@code log2(sampling)} bits of {@code h}
 *       (bits 48 and up) are zero. Every byte costs a step of a sequential hash chain (~1.3 GB/s per
 *       chain; four chains over the chunk's quarters, ~1.6 GB/s).
 *   <li>{@link #ANCHORED} (version 2, {@link #VERSION}): {@code p} is an anchor where the top
 *       {@code log2(sampling)} bits of {@code (w(p) XOR S)·K} are zero, {@code w(p)} being the
 *       little-endian 64-bit word at {@code p}, for {@code 0 <= p <= n - 32}; {@code x(p)} is a hash
 *       of the 32 bytes at {@code p}. The anchor test of one position needs no other position's, so
 *       512-bit vector lanes test eight positions per instruction, and only the anchors (one in
 *       {@code sampling}) pay for hashing a window and updating the features. 16 KiB blocks of the
 *       shared corpora: 3.6–3.8 GB/s on the lanes, 1.3 GB/s on the scalar code (version 1: 1.3–1.5
 *       GB/s). Stored as an array's sketches, it also finds more similar pairs there than version 1
 *       (1 603 deltas against 1 554; 0.6 % fewer stored bytes).
 * </ul>
 *
 * <p>Not thread-safe (it reuses a feature buffer and a copy of the chunk): one per thread.
 * Allocates nothing per call once its copy buffer has grown to the largest chunk.
 */
public final class SimilaritySketcher {
    /** Version 1: Gear-hash samples (see the class comment). */
    public static final int GEAR_SAMPLED = 1;
    /** Version 2: anchored 32-byte windows (see the class comment). */
    public static final int ANCHORED = 2;
    /** The version new arrays and estimates sketch with. */
    public static final int VERSION = ANCHORED;
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

    /** Version 2: the word an anchor's test mixes in before multiplying. */
    static final long ANCHOR_SALT = 0x6A09_E667_F3BC_C908L;
    /** Version 2: the odd multiplier of an anchor's test. */
    static final long ANCHOR_MUL = 0x9FB2_1C65_1E98_DF25L;
    /** Version 2: the multipliers of the four words of an anchor's window. */
    static final long[] WINDOW_MUL = {0xD6E8_FEB8_6659_FD93L, 0xA076_1D64_78BD_642FL, 0xE703_7ED1_A0B4_28DBL,
        0x8EBC_6AF0_9C88_C6E3L};
    /** Version 2: bytes hashed at an anchor. */
    static final int WINDOW = 32;

    /** Version 2 tests anchors on the scalar code only. */
    static final int SCALAR = 0;
    /** Version 2 tests anchors on the vector lanes once the process has sketched {@link #VECTOR_AFTER_BYTES}. */
    static final int ADAPTIVE = 1;
    /** Version 2 tests anchors on the vector lanes whenever they are available (for tests). */
    static final int LANES = 2;
    /**
     * Whether the vector lanes ({@link SketchLanes}) can run here: false without 512-bit vectors and also
     * when the JVM was started without the {@code jdk.incubator.vector} module, so sketching still works,
     * on the scalar code.
     */
    static final boolean LANES_AVAILABLE = lanesUsable();
    /**
     * Bytes this process sketches with version 2 on the scalar code before switching to the lanes
     * ({@code -Dflashcore.sketch.vectorAfterBytes}, 512 MiB by default). The first calls on the lanes
     * run the Vector API interpreted until the JIT has compiled them, which cost a cold one-shot put of
     * 240 MB ~0.35 s; the lanes save ~0.4 ns per byte sketched, so they pay back after ~900 MB.
     */
    static final long VECTOR_AFTER_BYTES = Math.max(0, Long.getLong("flashcore.sketch.vectorAfterBytes", 512L << 20));
    /** Bytes adaptive sketchers have sketched on the scalar code (counted until {@link #lanesOn} is set). */
    private static final LongAdder scalarBytes = new LongAdder();
    /** A sketcher adds its bytes to {@link #scalarBytes} in steps of this many (summing it per chunk showed in cold puts). */
    private static final long REPORT_BYTES = 1 << 20;
    /** Set once adaptive sketchers have sketched {@link #VECTOR_AFTER_BYTES}; racy by design. */
    private static volatile boolean lanesOn;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Below this many bytes one hash chain runs; above, four (see {@link #sketch}). */
    private static final int CHAINS_FROM = 1024;
    /** Bytes of history the Gear hash depends on: a chain started this many bytes early is exact. */
    private static final int GEAR_WINDOW = 64;

    private final int version;
    private final int mode;
    private final long sampleMask;
    /** Version 2: the top log2(sampling) bits, which are zero in an anchor's test value. */
    private final long anchorMask;
    private final long[] features = new long[FEATURES];
    /** Bytes this sketcher sketched on the scalar code and has not yet added to {@link #scalarBytes}. */
    private long unreported;
    /** The chunk's bytes on the heap (grown as needed): array loads the JIT keeps cheap in four chains. */
    private byte[] bytes = new byte[0];

    /**
     * A sketcher of definition {@code version} ({@link #GEAR_SAMPLED} or {@link #ANCHORED}) sampling about one
     * position in {@code sampling} (a power of two, 1..4096).
     */
    public SimilaritySketcher(int version, int sampling) {
        this(version, sampling, ADAPTIVE);
    }

    SimilaritySketcher(int version, int sampling, int mode) {
        checkVersion(version);
        if (sampling < 1 || sampling > 4096 || Integer.bitCount(sampling) != 1) {
            throw new IllegalArgumentException("sampling " + sampling + " must be a power of two in 1..4096");
        }
        this.version = version;
        this.mode = mode;
        this.sampleMask = (long) sampling - 1 << 48;
        this.anchorMask = ~(-1L >>> Integer.numberOfTrailingZeros(sampling));
    }

    /** A sketcher of the current {@link #VERSION} sampling about one position in {@code sampling}. */
    public SimilaritySketcher(int sampling) {
        this(VERSION, sampling);
    }

    /** A sketcher of the current {@link #VERSION} with {@link #DEFAULT_SAMPLING}. */
    public SimilaritySketcher() {
        this(DEFAULT_SAMPLING);
    }

    /**
     * Checks that {@code version} names a sketch definition.
     *
     * @throws IllegalArgumentException naming the version and the known ones
     */
    public static void checkVersion(int version) {
        if (version != GEAR_SAMPLED && version != ANCHORED) {
            throw new IllegalArgumentException("similarity sketch version " + version + " is unknown (known: "
                    + GEAR_SAMPLED + " and " + ANCHORED + ")");
        }
    }

    /** The definition this sketcher computes. */
    public int version() {
        return version;
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
        int samples;
        if (version == ANCHORED) {
            samples = anchors(chunk, n, f);
        } else {
            samples = n < CHAINS_FROM || n > Integer.MAX_VALUE - 8 ? oneChain(chunk, n, f) : fourChains(chunk, (int) n, f);
        }
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
        byte[] d = heapCopy(chunk, n);
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

    /** The chunk's bytes in {@link #bytes} (grown as needed). */
    private byte[] heapCopy(MemorySegment chunk, int n) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 8, 2 * bytes.length))];
        }
        MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
        return bytes;
    }

    /**
     * Version 2. Chunks past 2 GiB (far beyond any chunker's maximum) are sketched over their first
     * 2 GiB less a few bytes: a definition of their own, never compared with ordinary chunks.
     */
    private int anchors(MemorySegment chunk, long length, long[] f) {
        int n = (int) Math.min(length, Integer.MAX_VALUE - 8);
        byte[] d = heapCopy(chunk, n);
        int last = n - WINDOW;
        int samples = 0;
        int p = 0;
        if (lanesNow(n)) {
            // Blocks of SketchLanes.SPAN positions, each reading 7 bytes past its last position.
            int span = SketchLanes.SPAN;
            int end = n < span + 7 ? 0 : (n - span - 7) / span * span + span;
            samples = SketchLanes.anchors(d, end, last, anchorMask, f);
            p = end;
        }
        long mask = anchorMask;
        for (; p <= last; p++) {
            if (((word(d, p) ^ ANCHOR_SALT) * ANCHOR_MUL & mask) == 0) {
                samples += take(f, window(d, p));
            }
        }
        return samples;
    }

    /** Whether this call tests anchors on the lanes; counts the bytes of adaptive calls until they do. */
    private boolean lanesNow(int n) {
        if (mode == SCALAR || !LANES_AVAILABLE) {
            return false;
        }
        if (mode == LANES || lanesOn) {
            return true;
        }
        unreported += n;
        if (unreported >= REPORT_BYTES) {
            scalarBytes.add(unreported);
            unreported = 0;
            if (scalarBytes.sum() >= VECTOR_AFTER_BYTES) {
                lanesOn = true;
            }
        }
        return false;
    }

    private static boolean lanesUsable() {
        try {
            return SketchLanes.SUPPORTED;
        } catch (LinkageError e) {
            return false; // no jdk.incubator.vector module in this JVM
        }
    }

    /** Whether version 2 sketches can test anchors on vector lanes here (512-bit vectors). */
    public static boolean lanesAvailable() {
        return LANES_AVAILABLE;
    }

    /** Whether adaptive sketchers of this process have switched to the vector lanes. */
    public static boolean lanesOn() {
        return LANES_AVAILABLE && lanesOn;
    }

    /** The little-endian word at {@code p}. */
    static long word(byte[] d, int p) {
        return (long) WORD.get(d, p);
    }

    /** Version 2's hash of the {@value #WINDOW} bytes at {@code p}. */
    static long window(byte[] d, int p) {
        return mix(word(d, p) * WINDOW_MUL[0] + word(d, p + 8) * WINDOW_MUL[1] + word(d, p + 16) * WINDOW_MUL[2]
                + word(d, p + 24) * WINDOW_MUL[3]);
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
