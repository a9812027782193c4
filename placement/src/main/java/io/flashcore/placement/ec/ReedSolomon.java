package io.flashcore.placement.ec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A systematic Reed-Solomon code with k data and m parity shards over GF(2^8) ({@link CodeKind#RS_CAUCHY1_V1}):
 * parity is byte-identical to ISA-L's {@code gf_gen_cauchy1_matrix} code. Any k of the k+m shards
 * rebuild the others; k+m ≤ 256.
 *
 * <p>Shards of one stripe all have the same length in bytes; any length works, multiples of 64 are
 * the fast path. Methods take either {@code byte[]} shards with an offset and length, or
 * {@link MemorySegment}s (heap or off-heap) of equal size. Shard arrays are indexed 0..k−1 for data
 * and k..k+m−1 for parity.
 *
 * <p>Thread-safe: instances are immutable apart from a bounded, synchronized cache of decode
 * matrices ({@value #DECODE_CACHE_CAPACITY} erasure patterns, least recently used evicted). Callers
 * must not modify a stripe's shards from another thread during a call.
 */
public final class ReedSolomon implements ErasureCode {
    /** The widest stripe: GF(2^8) gives at most 256 distinct shard rows. */
    public static final int MAX_TOTAL_SHARDS = 256;
    /** How many decode matrices (erasure patterns) one code keeps ready. */
    public static final int DECODE_CACHE_CAPACITY = 64;

    private final int k;
    private final int m;
    private final EcBackend backend;
    /** (k+m)×k encoding matrix, identity on top. */
    private final byte[] matrix;
    private final CodingPlan encodePlan;
    private final Map<PatternKey, CodingPlan> decodeCache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<PatternKey, CodingPlan> eldest) {
            return size() > DECODE_CACHE_CAPACITY;
        }
    };

    private ReedSolomon(int k, int m, EcBackend backend) {
        this.k = k;
        this.m = m;
        this.backend = backend.resolve();
        this.matrix = GfMatrix.cauchy1(k, m);
        this.encodePlan = new CodingPlan(Arrays.copyOfRange(matrix, k * k, (k + m) * k), m, k);
    }

    /**
     * A k+m code on the {@link EcBackend#configured() configured} back-end; throws
     * {@link IllegalArgumentException} unless k ≥ 1, m ≥ 1 and k + m ≤ 256.
     */
    public static ReedSolomon create(int dataShards, int parityShards) {
        return create(dataShards, parityShards, EcBackend.configured());
    }

    /**
     * A k+m code on {@code backend} ({@link EcBackend#AUTO} picks ISA-L when it loads); throws
     * {@link IllegalArgumentException} for bad k, m and {@link IllegalStateException} when the
     * back-end is unavailable.
     */
    public static ReedSolomon create(int dataShards, int parityShards, EcBackend backend) {
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("k=" + dataShards + ", m=" + parityShards
                    + ": expected k >= 1, m >= 1 and k + m <= " + MAX_TOTAL_SHARDS);
        }
        return new ReedSolomon(dataShards, parityShards, Objects.requireNonNull(backend, "backend"));
    }

    /** k, the number of data shards. */
    @Override
    public int dataShards() {
        return k;
    }

    /** m, the number of parity shards (and of lost shards the code rebuilds). */
    public int parityShards() {
        return m;
    }

    /** k + m. */
    @Override
    public int totalShards() {
        return k + m;
    }

    /** m: any m lost shards are rebuilt. */
    @Override
    public int guaranteedTolerance() {
        return m;
    }

    /** The matrix identity, which persisted stripes record. */
    @Override
    public CodeKind kind() {
        return CodeKind.RS_CAUCHY1_V1;
    }

    /** The concrete back-end in use (never {@link EcBackend#AUTO}). */
    public EcBackend backend() {
        return backend;
    }

    /** A copy of the (k+m)×k encoding matrix, row-major, identity in the first k rows. */
    public byte[] encodingMatrix() {
        return matrix.clone();
    }

    // ---------------------------------------------------------------- encode

    /** Computes parity shards k..k+m−1 from data shards 0..k−1, over {@code length} bytes at {@code offset}. */
    @Override
    public void encode(byte[][] shards, int offset, int length) {
        encode(segments(shards, offset, length, null));
    }

    /** Computes the parity segments (k..k+m−1) from the data segments; all k+m have equal byte size. */
    @Override
    public void encode(MemorySegment[] shards) {
        long len = checkSegments(shards, null);
        encodePlan.apply(backend, Arrays.copyOfRange(shards, 0, k), Arrays.copyOfRange(shards, k, k + m), len);
    }

    /** Computes {@code parity} (m segments) from {@code data} (k segments), all of equal byte size. */
    public void encode(MemorySegment[] data, MemorySegment[] parity) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(parity, "parity");
        if (data.length != k || parity.length != m) {
            throw new IllegalArgumentException(data.length + " data and " + parity.length
                    + " parity segments given, expected " + k + " and " + m);
        }
        MemorySegment[] all = new MemorySegment[k + m];
        System.arraycopy(data, 0, all, 0, k);
        System.arraycopy(parity, 0, all, k, m);
        long len = checkSegments(all, null);
        encodePlan.apply(backend, data, parity, len);
    }

    // ---------------------------------------------------------------- verify

    /** True when the parity shards match the data shards over {@code length} bytes at {@code offset}. */
    public boolean verify(byte[][] shards, int offset, int length) {
        return verify(segments(shards, offset, length, null));
    }

    /** True when the parity segments match the data segments; all k+m have equal byte size. */
    @Override
    public boolean verify(MemorySegment[] shards) {
        long len = checkSegments(shards, null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] fresh = new MemorySegment[m];
            for (int i = 0; i < m; i++) {
                fresh[i] = arena.allocate(Math.max(1, len), 64).asSlice(0, len);
            }
            encodePlan.apply(backend, Arrays.copyOfRange(shards, 0, k), fresh, len);
            for (int i = 0; i < m; i++) {
                if (fresh[i].mismatch(shards[k + i]) != -1) {
                    return false;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- reconstruct

    /**
     * Rebuilds every shard whose {@code present} flag is false, over {@code length} bytes at
     * {@code offset}; missing shards must be allocated. Throws {@link TooManyErasuresException},
     * writing nothing, when more than m are missing.
     */
    @Override
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        reconstruct(segments(shards, offset, length, present), present);
    }

    /**
     * Rebuilds only the shards listed in {@code wanted} (indices into {@code shards}; ones present
     * are left alone), over {@code length} bytes at {@code offset}. Throws
     * {@link TooManyErasuresException}, writing nothing, when more than m are missing.
     */
    public void reconstruct(byte[][] shards, boolean[] present, int[] wanted, int offset, int length) {
        reconstruct(segments(shards, offset, length, present), present, wanted);
    }

    /** Rebuilds every segment whose {@code present} flag is false; all k+m have equal byte size. */
    @Override
    public void reconstruct(MemorySegment[] shards, boolean[] present) {
        checkPresent(present);
        int missing = 0;
        for (boolean p : present) {
            missing += p ? 0 : 1;
        }
        int[] wanted = new int[missing];
        for (int i = 0, w = 0; i < k + m; i++) {
            if (!present[i]) {
                wanted[w++] = i;
            }
        }
        reconstruct(shards, present, wanted);
    }

    /** Rebuilds only the segments listed in {@code wanted}; all k+m (present or wanted) have equal byte size. */
    public void reconstruct(MemorySegment[] shards, boolean[] present, int[] wanted) {
        checkPresent(present);
        Objects.requireNonNull(wanted, "wanted");
        int lost = 0;
        for (boolean p : present) {
            lost += p ? 0 : 1;
        }
        if (lost > m) {
            throw new TooManyErasuresException(lost, m, describeMissing(present));
        }
        boolean[] want = new boolean[k + m];
        int w = 0;
        for (int idx : wanted) {
            Objects.checkIndex(idx, k + m);
            if (!present[idx] && !want[idx]) {
                want[idx] = true;
                w++;
            }
        }
        if (w == 0) {
            return;
        }
        boolean[] needed = present.clone();
        for (int i = 0; i < k + m; i++) {
            needed[i] |= want[i];
        }
        long len = checkSegments(shards, needed);
        int[] survivors = new int[k];
        for (int i = 0, s = 0; s < k; i++) {
            if (present[i]) {
                survivors[s++] = i;
            }
        }
        int[] outputs = new int[w];
        for (int i = 0, o = 0; i < k + m; i++) {
            if (want[i]) {
                outputs[o++] = i;
            }
        }
        CodingPlan plan = decodePlan(survivors, outputs);
        MemorySegment[] in = new MemorySegment[k];
        for (int i = 0; i < k; i++) {
            in[i] = shards[survivors[i]];
        }
        MemorySegment[] out = new MemorySegment[w];
        for (int i = 0; i < w; i++) {
            out[i] = shards[outputs[i]];
        }
        plan.apply(backend, in, out, len);
    }

    /** The decode matrix for rebuilding {@code outputs} from {@code survivors} (k of them), cached. */
    CodingPlan decodePlan(int[] survivors, int[] outputs) {
        PatternKey key = PatternKey.of(survivors, outputs);
        synchronized (decodeCache) {
            CodingPlan p = decodeCache.get(key);
            if (p != null) {
                return p;
            }
        }
        byte[] sub = new byte[k * k];
        for (int r = 0; r < k; r++) {
            System.arraycopy(matrix, survivors[r] * k, sub, r * k, k);
        }
        byte[] inv = GfMatrix.invert(sub, k);
        if (inv == null) {
            throw new IllegalStateException("survivor matrix not invertible for rows " + Arrays.toString(survivors)
                    + " of " + kind().id() + " " + k + "+" + m);
        }
        byte[] coef = new byte[outputs.length * k];
        for (int o = 0; o < outputs.length; o++) {
            int row = outputs[o];
            if (row < k) {
                System.arraycopy(inv, row * k, coef, o * k, k);
            } else {
                byte[] prod = GfMatrix.multiply(Arrays.copyOfRange(matrix, row * k, row * k + k), 1, k, inv, k);
                System.arraycopy(prod, 0, coef, o * k, k);
            }
        }
        CodingPlan p = new CodingPlan(coef, outputs.length, k);
        synchronized (decodeCache) {
            decodeCache.put(key, p);
        }
        return p;
    }

    /** How many decode matrices are cached now (at most {@value #DECODE_CACHE_CAPACITY}). */
    int cachedDecodeMatrices() {
        synchronized (decodeCache) {
            return decodeCache.size();
        }
    }

    // ---------------------------------------------------------------- checks

    private void checkPresent(boolean[] present) {
        Objects.requireNonNull(present, "present");
        if (present.length != k + m) {
            throw new IllegalArgumentException("present has " + present.length + " flags, expected " + (k + m));
        }
    }

    private String describeMissing(boolean[] present) {
        StringBuilder sb = new StringBuilder("missing shards");
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                sb.append(' ').append(i);
            }
        }
        return sb.append(" of ").append(k).append('+').append(m).toString();
    }

    /** Checks the shards (those flagged in {@code used}, or all) are non-null and of one size; returns it. */
    private long checkSegments(MemorySegment[] shards, boolean[] used) {
        Objects.requireNonNull(shards, "shards");
        if (shards.length != k + m) {
            throw new IllegalArgumentException(shards.length + " shards given, expected k+m = " + (k + m));
        }
        long len = -1;
        for (int i = 0; i < shards.length; i++) {
            if (used != null && !used[i]) {
                continue;
            }
            MemorySegment s = shards[i];
            if (s == null) {
                throw new IllegalArgumentException("shard " + i + " is null");
            }
            if (len < 0) {
                len = s.byteSize();
            } else if (s.byteSize() != len) {
                throw new IllegalArgumentException("shard " + i + " is " + s.byteSize() + " bytes, expected " + len
                        + " like the others");
            }
        }
        return Math.max(len, 0);
    }

    private MemorySegment[] segments(byte[][] shards, int offset, int length, boolean[] present) {
        Objects.requireNonNull(shards, "shards");
        if (shards.length != k + m) {
            throw new IllegalArgumentException(shards.length + " shards given, expected k+m = " + (k + m));
        }
        MemorySegment[] segs = new MemorySegment[k + m];
        for (int i = 0; i < shards.length; i++) {
            byte[] s = shards[i];
            if (s == null) {
                if (present != null && !present[i]) {
                    continue;
                }
                throw new IllegalArgumentException("shard " + i + " is null");
            }
            Objects.checkFromIndexSize(offset, length, s.length);
            segs[i] = MemorySegment.ofArray(s).asSlice(offset, length);
        }
        return segs;
    }

    /** An erasure pattern: which k survivors feed which outputs, as 256-bit sets. */
    private record PatternKey(long s0, long s1, long s2, long s3, long o0, long o1, long o2, long o3) {
        static PatternKey of(int[] survivors, int[] outputs) {
            long[] s = new long[4];
            long[] o = new long[4];
            for (int i : survivors) {
                s[i >>> 6] |= 1L << i;
            }
            for (int i : outputs) {
                o[i >>> 6] |= 1L << i;
            }
            return new PatternKey(s[0], s[1], s[2], s[3], o[0], o[1], o[2], o[3]);
        }
    }
}
