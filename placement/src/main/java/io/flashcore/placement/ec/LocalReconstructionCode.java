package io.flashcore.placement.ec;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A local reconstruction code LRC(k, l, g) ({@link CodeKind#LRC_XOR_CAUCHY1_V1}): k data shards in l
 * groups of near-equal size, one XOR parity per group, and g global parities whose rows are the first
 * g parity rows of the k+g {@link ReedSolomon} code. One lost shard of a group is rebuilt from the
 * rest of its group alone (about k/l reads instead of k); larger losses fall back to decoding
 * against any k independent surviving rows. Every pattern of up to g+1 losses is recoverable, and
 * many larger ones; a pattern that is not gets {@link TooManyErasuresException}.
 *
 * <p>Shard order: data 0..k−1, local parities k..k+l−1 (group order), global parities
 * k+l..k+l+g−1. Shards of a stripe have equal length in bytes.
 *
 * <p>Thread-safe: immutable apart from a synchronized cache of decode plans.
 */
public final class LocalReconstructionCode implements ErasureCode {
    private final int k;
    private final int l;
    private final int g;
    private final EcBackend backend;
    /** n×k generator matrix: identity, then l XOR rows, then g Cauchy rows. */
    private final byte[] generator;
    /** groupStart[i]..groupStart[i+1]−1 are the data shards of group i. */
    private final int[] groupStart;
    private final CodingPlan encodePlan;
    private final java.util.Map<String, CodingPlan> plans = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, CodingPlan> e) {
            return size() > ReedSolomon.DECODE_CACHE_CAPACITY;
        }
    };

    private LocalReconstructionCode(int k, int l, int g, EcBackend backend) {
        this.k = k;
        this.l = l;
        this.g = g;
        this.backend = backend.resolve();
        int n = k + l + g;
        groupStart = new int[l + 1];
        for (int i = 0; i <= l; i++) {
            groupStart[i] = (int) ((long) i * k / l);
        }
        generator = new byte[n * k];
        for (int i = 0; i < k; i++) {
            generator[i * k + i] = 1;
        }
        for (int grp = 0; grp < l; grp++) {
            for (int j = groupStart[grp]; j < groupStart[grp + 1]; j++) {
                generator[(k + grp) * k + j] = 1;
            }
        }
        byte[] cauchy = GfMatrix.cauchy1(k, g);
        System.arraycopy(cauchy, k * k, generator, (k + l) * k, g * k);
        encodePlan = new CodingPlan(Arrays.copyOfRange(generator, k * k, n * k), l + g, k);
    }

    /**
     * LRC(k, l, g) on {@code backend}; throws {@link IllegalArgumentException} unless k ≥ 1,
     * 1 ≤ l ≤ k, g ≥ 0 and k + l + g ≤ 256.
     */
    public static LocalReconstructionCode create(int dataShards, int localGroups, int globalParities,
            EcBackend backend) {
        if (dataShards < 1 || localGroups < 1 || localGroups > dataShards || globalParities < 0
                || dataShards + localGroups + globalParities > ReedSolomon.MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("k=" + dataShards + ", l=" + localGroups + ", g=" + globalParities
                    + ": expected k >= 1, 1 <= l <= k, g >= 0, k + l + g <= " + ReedSolomon.MAX_TOTAL_SHARDS);
        }
        return new LocalReconstructionCode(dataShards, localGroups, globalParities, Objects.requireNonNull(backend));
    }

    /** k. */
    @Override
    public int dataShards() {
        return k;
    }

    /** l, the number of local groups (and local XOR parities). */
    public int localGroups() {
        return l;
    }

    /** g, the number of global parities. */
    public int globalParities() {
        return g;
    }

    /** k + l + g. */
    @Override
    public int totalShards() {
        return k + l + g;
    }

    /** g + 1: any g + 1 lost shards are rebuilt (and many larger patterns). */
    @Override
    public int guaranteedTolerance() {
        return g + 1;
    }

    /** True when the local and global parity segments match the data segments. */
    @Override
    public boolean verify(MemorySegment[] shards) {
        long len = check(shards, null);
        int p = l + g;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment[] fresh = new MemorySegment[p];
            for (int i = 0; i < p; i++) {
                fresh[i] = arena.allocate(Math.max(1, len), 64).asSlice(0, len);
            }
            encodePlan.apply(backend, Arrays.copyOfRange(shards, 0, k), fresh, len);
            for (int i = 0; i < p; i++) {
                if (fresh[i].mismatch(shards[k + i]) != -1) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The matrix identity, which persisted stripes record. */
    @Override
    public CodeKind kind() {
        return CodeKind.LRC_XOR_CAUCHY1_V1;
    }

    /** Stored bytes per data byte: (k + l + g) / k. */
    public double storageOverhead() {
        return (double) (k + l + g) / k;
    }

    /** The local group of shard {@code i} (a data shard or local parity), or −1 for a global parity. */
    public int groupOf(int shard) {
        Objects.checkIndex(shard, k + l + g);
        if (shard < k) {
            int grp = 0;
            while (shard >= groupStart[grp + 1]) {
                grp++;
            }
            return grp;
        }
        return shard < k + l ? shard - k : -1;
    }

    /**
     * The shards read to rebuild shard {@code i} alone when every other shard is present: the rest of
     * its group with the group parity, or the k data shards for a global parity.
     */
    public int[] repairSources(int shard) {
        int grp = groupOf(shard);
        List<Integer> src = new ArrayList<>();
        if (grp < 0) {
            for (int j = 0; j < k; j++) {
                src.add(j);
            }
        } else {
            for (int j = groupStart[grp]; j < groupStart[grp + 1]; j++) {
                if (j != shard) {
                    src.add(j);
                }
            }
            if (shard != k + grp) {
                src.add(k + grp);
            }
        }
        return src.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Shards read per shard rebuilt, averaged over a single loss of each data shard: about k/l, against
     * k for a Reed-Solomon code of the same k.
     */
    public double dataRepairReadAmplification() {
        long reads = 0;
        for (int i = 0; i < k; i++) {
            reads += repairSources(i).length;
        }
        return (double) reads / k;
    }

    /** Shards read per shard rebuilt, averaged over a single loss of every shard (data and parity). */
    public double repairReadAmplification() {
        long reads = 0;
        for (int i = 0; i < k + l + g; i++) {
            reads += repairSources(i).length;
        }
        return (double) reads / (k + l + g);
    }

    /** Computes local and global parities from the data shards, over {@code length} bytes at {@code offset}. */
    @Override
    public void encode(byte[][] shards, int offset, int length) {
        encode(segments(shards, offset, length));
    }

    /** Computes local and global parity segments from the data segments; all have equal byte size. */
    @Override
    public void encode(MemorySegment[] shards) {
        long len = check(shards, null);
        encodePlan.apply(backend, Arrays.copyOfRange(shards, 0, k), Arrays.copyOfRange(shards, k, k + l + g), len);
    }

    /**
     * Rebuilds every shard whose {@code present} flag is false, over {@code length} bytes at
     * {@code offset}, reading only a group where that suffices. Throws
     * {@link TooManyErasuresException}, writing nothing, when the pattern is not recoverable.
     */
    @Override
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        reconstruct(segments(shards, offset, length), present);
    }

    /** Rebuilds every segment whose {@code present} flag is false; see {@link #reconstruct(byte[][], boolean[], int, int)}. */
    @Override
    public void reconstruct(MemorySegment[] shards, boolean[] present) {
        int n = k + l + g;
        Objects.requireNonNull(present, "present");
        if (present.length != n) {
            throw new IllegalArgumentException("present has " + present.length + " flags, expected " + n);
        }
        long len = check(shards, null);
        boolean[] have = present.clone();
        List<int[]> localRepairs = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int grp = 0; grp < l; grp++) {
                int lost = -1;
                int count = 0;
                for (int j = groupStart[grp]; j < groupStart[grp + 1]; j++) {
                    if (!have[j]) {
                        lost = j;
                        count++;
                    }
                }
                if (!have[k + grp]) {
                    lost = k + grp;
                    count++;
                }
                if (count == 1) {
                    int[] src = repairSources(lost);
                    int[] step = Arrays.copyOf(src, src.length + 1);
                    step[src.length] = lost;
                    localRepairs.add(step);
                    have[lost] = true;
                    progress = true;
                }
            }
        }
        int[] rest = missing(have);
        int[] survivors = null;
        if (rest.length > 0) {
            survivors = GfMatrix.independentRows(generator, n, k, have);
            if (survivors == null) {
                int lostNow = missing(present).length;
                throw new TooManyErasuresException(lostNow, g + 1, "pattern of missing shards "
                        + Arrays.toString(missing(present)) + " is not recoverable by LRC(" + k + "," + l + "," + g
                        + ")");
            }
        }
        for (int[] step : localRepairs) {
            repairLocally(shards, Arrays.copyOf(step, step.length - 1), step[step.length - 1], len);
        }
        if (survivors != null) {
            decode(shards, survivors, rest, len);
        }
    }

    /**
     * Rebuilds only the shards listed in {@code wanted} (indices; ones present are left alone), over
     * {@code length} bytes at {@code offset}; shards neither present nor wanted may be null. Each
     * wanted shard whose group has no other loss is rebuilt from its group alone; the rest are decoded
     * in one pass from k independent present shards. Throws {@link TooManyErasuresException}, writing
     * nothing, when the present shards do not determine the ones decoded.
     */
    public void reconstruct(byte[][] shards, boolean[] present, int[] wanted, int offset, int length) {
        boolean[] used = usedBy(present, wanted);
        reconstruct(segments(shards, offset, length, used), present, wanted);
    }

    /**
     * Rebuilds only the segments listed in {@code wanted}; present and wanted segments have equal byte
     * size, others may be null. See {@link #reconstruct(byte[][], boolean[], int[], int, int)}.
     */
    public void reconstruct(MemorySegment[] shards, boolean[] present, int[] wanted) {
        int n = k + l + g;
        boolean[] used = usedBy(present, wanted);
        long len = check(shards, used);
        List<Integer> local = new ArrayList<>();
        List<Integer> global = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (used[i] && !present[i]) {
                (groupIntactBut(i, present) ? local : global).add(i);
            }
        }
        int[] rest = global.stream().mapToInt(Integer::intValue).toArray();
        int[] survivors = null;
        if (rest.length > 0) {
            // Rows rebuilt locally are XORs of present rows, so the present rows alone span everything
            // the whole-stripe repair could use.
            survivors = GfMatrix.independentRows(generator, n, k, present);
            if (survivors == null) {
                throw new TooManyErasuresException(missing(present).length, g + 1, "pattern of missing shards "
                        + Arrays.toString(missing(present)) + " leaves shards " + Arrays.toString(rest)
                        + " undetermined in LRC(" + k + "," + l + "," + g + ")");
            }
        }
        for (int lost : local) {
            repairLocally(shards, repairSources(lost), lost, len);
        }
        if (survivors != null) {
            decode(shards, survivors, rest, len);
        }
    }

    /** Present flags plus the wanted indices, checked. */
    private boolean[] usedBy(boolean[] present, int[] wanted) {
        int n = k + l + g;
        Objects.requireNonNull(present, "present");
        Objects.requireNonNull(wanted, "wanted");
        if (present.length != n) {
            throw new IllegalArgumentException("present has " + present.length + " flags, expected " + n);
        }
        boolean[] used = present.clone();
        for (int w : wanted) {
            used[Objects.checkIndex(w, n)] = true;
        }
        return used;
    }

    /** True when {@code shard} is in a local group (data or local parity) whose other members are all present. */
    private boolean groupIntactBut(int shard, boolean[] present) {
        if (groupOf(shard) < 0) {
            return false;
        }
        for (int src : repairSources(shard)) {
            if (!present[src]) {
                return false;
            }
        }
        return true;
    }

    private void repairLocally(MemorySegment[] shards, int[] sources, int lost, long len) {
        MemorySegment[] in = new MemorySegment[sources.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = shards[sources[i]];
        }
        plan("x" + in.length, () -> {
            byte[] ones = new byte[in.length];
            Arrays.fill(ones, (byte) 1);
            return new CodingPlan(ones, 1, in.length);
        }).apply(backend, in, new MemorySegment[] {shards[lost]}, len);
    }

    private void decode(MemorySegment[] shards, int[] survivors, int[] outputs, long len) {
        CodingPlan p = plan(Arrays.toString(survivors) + "->" + Arrays.toString(outputs),
                () -> decodePlan(survivors, outputs));
        MemorySegment[] in = new MemorySegment[k];
        for (int i = 0; i < k; i++) {
            in[i] = shards[survivors[i]];
        }
        MemorySegment[] out = new MemorySegment[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            out[i] = shards[outputs[i]];
        }
        p.apply(backend, in, out, len);
    }

    private CodingPlan decodePlan(int[] survivors, int[] outputs) {
        byte[] sub = new byte[k * k];
        for (int r = 0; r < k; r++) {
            System.arraycopy(generator, survivors[r] * k, sub, r * k, k);
        }
        byte[] inv = GfMatrix.invert(sub, k);
        byte[] coef = new byte[outputs.length * k];
        for (int o = 0; o < outputs.length; o++) {
            byte[] row = Arrays.copyOfRange(generator, outputs[o] * k, outputs[o] * k + k);
            System.arraycopy(GfMatrix.multiply(row, 1, k, inv, k), 0, coef, o * k, k);
        }
        return new CodingPlan(coef, outputs.length, k);
    }

    private CodingPlan plan(String key, java.util.function.Supplier<CodingPlan> make) {
        synchronized (plans) {
            CodingPlan p = plans.get(key);
            if (p == null) {
                p = make.get();
                plans.put(key, p);
            }
            return p;
        }
    }

    private static int[] missing(boolean[] have) {
        int c = 0;
        for (boolean h : have) {
            c += h ? 0 : 1;
        }
        int[] m = new int[c];
        for (int i = 0, w = 0; i < have.length; i++) {
            if (!have[i]) {
                m[w++] = i;
            }
        }
        return m;
    }

    private long check(MemorySegment[] shards, boolean[] used) {
        Objects.requireNonNull(shards, "shards");
        int n = k + l + g;
        if (shards.length != n) {
            throw new IllegalArgumentException(shards.length + " shards given, expected k+l+g = " + n);
        }
        long len = -1;
        for (int i = 0; i < n; i++) {
            if (used != null && !used[i]) {
                continue;
            }
            if (shards[i] == null) {
                throw new IllegalArgumentException("shard " + i + " is null");
            }
            if (len < 0) {
                len = shards[i].byteSize();
            } else if (shards[i].byteSize() != len) {
                throw new IllegalArgumentException("shard " + i + " is " + shards[i].byteSize() + " bytes, expected "
                        + len + " like the others");
            }
        }
        return Math.max(len, 0);
    }

    private MemorySegment[] segments(byte[][] shards, int offset, int length) {
        return segments(shards, offset, length, null);
    }

    /** Slices of the shards flagged in {@code used} (all when null); the others may be null. */
    private MemorySegment[] segments(byte[][] shards, int offset, int length, boolean[] used) {
        Objects.requireNonNull(shards, "shards");
        int n = k + l + g;
        if (shards.length != n) {
            throw new IllegalArgumentException(shards.length + " shards given, expected k+l+g = " + n);
        }
        MemorySegment[] segs = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            if (shards[i] == null) {
                if (used != null && !used[i]) {
                    continue;
                }
                throw new IllegalArgumentException("shard " + i + " is null");
            }
            Objects.checkFromIndexSize(offset, length, shards[i].length);
            segs[i] = MemorySegment.ofArray(shards[i]).asSlice(offset, length);
        }
        return segs;
    }
}
