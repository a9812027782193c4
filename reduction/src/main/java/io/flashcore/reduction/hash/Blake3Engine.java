package io.flashcore.reduction.hash;

import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_LEN;
import static io.flashcore.reduction.hash.Blake3Compress.LE_INT;
import static io.flashcore.reduction.hash.Blake3Compress.PARENT;
import static io.flashcore.reduction.hash.Blake3Compress.ROOT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Hashes whole BLAKE3 trees of bounded size, many at a time: every chunk of every tree in a window is
 * queued as one lane job, sixteen lanes per {@link Blake3Lanes} call, then the trees are reduced level by
 * level with the parents of all trees pooled the same way. A tree is either a whole input (its root output
 * is the 32-byte digest) or an aligned subtree of an incremental hash (reduced to its two children).
 *
 * <p>Tree shape: pairing the nodes of each level from the left and carrying an odd last node up
 * unchanged builds exactly BLAKE3's tree (left subtrees complete, of a power of two chunks).
 *
 * <p>Not thread-safe: holds about 40 KiB of scratch; use one per thread. Allocates nothing per call.
 */
final class Blake3Engine {
    /** Chunks (1 KiB each) one window holds; larger inputs go through {@link Blake3Hasher} subtrees. */
    static final int MAX_CHUNKS = 1024;
    /** Fewer pending jobs than this run scalar: a nearly empty vector call costs more than a few scalar ones. */
    static final int MIN_VECTOR_JOBS = 3;
    /**
     * Whether the vector lanes can run here: false without 512-bit vectors and also when the JVM was
     * started without the {@code jdk.incubator.vector} module, so hashing still works, on the scalar code.
     */
    static final boolean LANES_AVAILABLE = lanesAvailable();
    private static final int DUMP_SLOT8 = MAX_CHUNKS * 8;

    /** Never use the vector lanes. */
    static final int SCALAR = 0;
    /** Use the vector lanes once the JIT has compiled them; the scalar code until then. */
    static final int ADAPTIVE = 1;
    /** Always use the vector lanes when available, even before they are compiled (for tests). */
    static final int LANES = 2;
    /**
     * Bytes the adaptive engines of this process hash on the scalar code before they start probing the
     * lanes ({@code -Dflashcore.blake3.probeAfterBytes}). Getting the lanes compiled costs a cold JVM
     * about 0.3 CPU-seconds (the probe calls run the Vector API interpreted, and the JIT then compiles its
     * fallback paths and the lanes) and saves ~0.5 ns per byte hashed (scalar ~1.5 GB/s, lanes ~7 GB/s),
     * so it pays back after ~600 MB: a short-lived process (a CLI put of a few hundred MB) never starts,
     * a long-lived one has the lanes within a few seconds of hashing 512 MiB.
     */
    static final long PROBE_AFTER_BYTES = Math.max(0, Long.getLong("flashcore.blake3.probeAfterBytes", 512L << 20));
    /** Bytes hashed by adaptive engines while the lanes were not hot (counted until they are). */
    private static final java.util.concurrent.atomic.LongAdder scalarBytes = new java.util.concurrent.atomic.LongAdder();
    /** A probe call on compiled lanes takes about a microsecond; interpreted or C1 code takes 50+. */
    private static final long HOT_PROBE_NANOS = 10_000;
    /** Set once a probe ran fast: the lanes are compiled for good. Racy by design: any thread may set it. */
    private static volatile boolean lanesHot;

    private final boolean vector;
    private final boolean adaptive;
    private final int[] cvs = new int[(MAX_CHUNKS + 2) * 8];
    private final int[] treeStart = new int[MAX_CHUNKS];
    private final int[] treeCount = new int[MAX_CHUNKS];
    private final int[] treeTarget = new int[MAX_CHUNKS];
    private final long[] treeOut = new long[MAX_CHUNKS];
    private int trees;
    private int slots;

    private MemorySegment src;
    private MemorySegment out;
    private final int[] key = new int[8];
    private int flags;

    private final long[] cOff = new long[Blake3Lanes.LANES];
    private final int[] cLen = new int[Blake3Lanes.LANES];
    private final long[] cCtr = new long[Blake3Lanes.LANES];
    private final int[] cEnd = new int[Blake3Lanes.LANES];
    private final int[] cSlot8 = new int[Blake3Lanes.LANES];
    private int cN;

    private final int[] pLeft8 = new int[Blake3Lanes.LANES];
    private final int[] pFlags = new int[Blake3Lanes.LANES];
    private final int[] pOut8 = new int[Blake3Lanes.LANES];
    private int pN;

    private final int[] m = new int[16];
    private final int[] scratch = new int[Blake3Lanes.SCRATCH_INTS];

    /** An engine in mode {@link #SCALAR}, {@link #ADAPTIVE} or {@link #LANES}; the lanes need hardware support. */
    Blake3Engine(int mode) {
        this.vector = mode != SCALAR && LANES_AVAILABLE;
        this.adaptive = mode == ADAPTIVE && vector;
        if (adaptive) {
            initProbe();
        }
    }

    private static boolean lanesAvailable() {
        try {
            return Blake3Lanes.SUPPORTED;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether this engine runs the vector lanes. */
    boolean isVector() {
        return vector;
    }

    /** Number of 1 KiB chunks of an input of {@code len} bytes (an empty input is one empty chunk). */
    static long chunksOf(long len) {
        return len <= CHUNK_LEN ? 1 : (len + CHUNK_LEN - 1) / CHUNK_LEN;
    }

    /** Starts a window of whole-input trees over {@code src} whose digests go to {@code out}. */
    void begin(MemorySegment src, int[] key, int flags, MemorySegment out) {
        this.src = src;
        this.out = out;
        System.arraycopy(key, 0, this.key, 0, 8);
        this.flags = flags;
        trees = 0;
        slots = 0;
        cN = 0;
        pN = 0;
    }

    /** Whether an input of {@code len} bytes fits in this window next to what was added. */
    boolean fits(long len) {
        return slots + chunksOf(len) <= MAX_CHUNKS;
    }

    /** Whether an input of {@code len} bytes fits in an empty window. */
    static boolean fitsAlone(long len) {
        return chunksOf(len) <= MAX_CHUNKS;
    }

    /** Adds the whole input of {@code len} bytes at {@code off}; its 32-byte digest goes to {@code out} at {@code outOff}. */
    void addInput(long off, long len, long outOff) {
        int n = (int) chunksOf(len);
        int t = trees++;
        treeStart[t] = slots;
        treeCount[t] = n;
        treeTarget[t] = 1;
        treeOut[t] = outOff;
        int endFlags = n == 1 ? ROOT : 0;
        for (int k = 0; k < n; k++) {
            long start = (long) k * CHUNK_LEN;
            queueChunk(off + start, (int) Math.min(CHUNK_LEN, len - start), k, endFlags, slots + k);
        }
        slots += n;
    }

    /** Hashes every input added since {@link #begin} and writes their digests. */
    void finish() {
        reduce();
        for (int t = 0; t < trees; t++) {
            int base = treeStart[t] * 8;
            long o = treeOut[t];
            for (int j = 0; j < 8; j++) {
                out.set(LE_INT, o + 4L * j, cvs[base + j]);
            }
        }
        trees = 0;
        slots = 0;
    }

    /**
     * Reduces the aligned subtree of {@code chunks} (a power of two, 2..{@link #MAX_CHUNKS}) full chunks at
     * {@code off} whose first chunk counter is {@code counter} to its two children's CVs: the left in
     * {@code pair[0..8)}, the right in {@code pair[8..16)}.
     */
    void subtree(MemorySegment src, long off, int chunks, long counter, int[] key, int flags, int[] pair) {
        begin(src, key, flags, null);
        treeStart[0] = 0;
        treeCount[0] = chunks;
        treeTarget[0] = 2;
        trees = 1;
        for (int k = 0; k < chunks; k++) {
            queueChunk(off + (long) k * CHUNK_LEN, CHUNK_LEN, counter + k, 0, k);
        }
        slots = chunks;
        reduce();
        System.arraycopy(cvs, 0, pair, 0, 16);
        trees = 0;
        slots = 0;
    }

    private void reduce() {
        runChunks();
        while (true) {
            boolean any = false;
            for (int t = 0; t < trees; t++) {
                int c = treeCount[t];
                if (c > treeTarget[t]) {
                    any = true;
                    int s = treeStart[t];
                    int f = flags | PARENT | (treeTarget[t] == 1 && c == 2 ? ROOT : 0);
                    for (int i = 0, pairs = c >>> 1; i < pairs; i++) {
                        queueParent(s + 2 * i, s + i, f);
                    }
                }
            }
            if (!any) {
                return;
            }
            runParents();
            // The odd node moves only after the level's parents have read their children.
            for (int t = 0; t < trees; t++) {
                int c = treeCount[t];
                if (c > treeTarget[t]) {
                    if ((c & 1) != 0) {
                        int s = treeStart[t];
                        System.arraycopy(cvs, (s + c - 1) * 8, cvs, (s + (c >>> 1)) * 8, 8);
                    }
                    treeCount[t] = (c + 1) >>> 1;
                }
            }
        }
    }

    private void queueChunk(long off, int len, long ctr, int endFlags, int slot) {
        int i = cN++;
        cOff[i] = off;
        cLen[i] = len;
        cCtr[i] = ctr;
        cEnd[i] = endFlags;
        cSlot8[i] = slot * 8;
        if (cN == Blake3Lanes.LANES) {
            runChunks();
        }
    }

    private void runChunks() {
        int n = cN;
        if (n == 0) {
            return;
        }
        cN = 0;
        if (vector && n >= MIN_VECTOR_JOBS && lanesReady()) {
            for (int i = n; i < Blake3Lanes.LANES; i++) {
                cOff[i] = 0;
                cLen[i] = 0;
                cCtr[i] = 0;
                cEnd[i] = 0;
                cSlot8[i] = DUMP_SLOT8;
            }
            Blake3Lanes.chunks(src, cOff, cLen, cCtr, flags, cEnd, cSlot8, key, cvs, scratch);
        } else {
            for (int i = 0; i < n; i++) {
                Blake3Compress.chunk(src, cOff[i], cLen[i], key, cCtr[i], flags, cEnd[i], m, cvs, cSlot8[i]);
            }
            if (adaptive && !probing) {
                scalarBytes.add((long) n * CHUNK_LEN);
            }
        }
    }

    /** Queues the parent of the adjacent slots {@code left} and {@code left + 1}. */
    private void queueParent(int left, int outSlot, int f) {
        int i = pN++;
        pLeft8[i] = left * 8;
        pOut8[i] = outSlot * 8;
        pFlags[i] = f;
        if (pN == Blake3Lanes.LANES) {
            runParents();
        }
    }

    private void runParents() {
        int n = pN;
        if (n == 0) {
            return;
        }
        pN = 0;
        if (vector && n >= MIN_VECTOR_JOBS && lanesReady()) {
            for (int i = n; i < Blake3Lanes.LANES; i++) {
                pLeft8[i] = DUMP_SLOT8;
                pOut8[i] = DUMP_SLOT8;
                pFlags[i] = PARENT;
            }
            Blake3Lanes.parents(pLeft8, pFlags, pOut8, key, cvs, scratch);
        } else {
            for (int i = 0; i < n; i++) {
                Blake3Compress.parent(cvs, pLeft8[i], pLeft8[i] + 8, key, pFlags[i], m, cvs, pOut8[i]);
            }
        }
    }

    /**
     * Whether to run the vector lanes now. Until the JIT has compiled them they are 10-100x slower than the
     * scalar code (every vector is an object), and getting them compiled takes hundreds of calls and
     * seconds: so while they are cold the scalar code hashes, and between scalar batches one probe call
     * of each kernel pushes the JIT along and times the lanes, probing at most a fifth of the time (a
     * half made a one-shot 240 MB put 7 % slower: the lanes are seldom compiled within such a run, so
     * the probes are mostly overhead there; fewer probes delay the switch in long runs). The probes
     * hash representative rows (a group of whole chunks, and one of whole, partial and empty blocks, several
     * blocks per lane) so the compiled code's profile fits real input and does not trap on it.
     */
    private boolean lanesReady() {
        if (!adaptive || lanesHot) {
            return true;
        }
        if (!probing) {
            if (scalarBytes.sum() < PROBE_AFTER_BYTES) {
                return false;
            }
            probing = true;
        }
        long start = System.nanoTime();
        if (start - nextProbe < 0) {
            return false;
        }
        Blake3Lanes.chunks(probe, probeOff, probeLen, probeCtr, 0, probeEnd, probeSlot8, key, cvs, scratch);
        Blake3Lanes.chunks(probe, probeOff, probeFullLen, probeCtr, 0, probeEnd, probeSlot8, key, cvs, scratch);
        Blake3Lanes.parents(probeSlot8, probeFlags, probeSlot8, key, cvs, scratch);
        long end = System.nanoTime();
        if (end - start < HOT_PROBE_NANOS) {
            lanesHot = true;
        }
        nextProbe = end + 4 * (end - start);
        return lanesHot;
    }

    private long nextProbe = System.nanoTime();
    /** Set once this process has hashed {@link #PROBE_AFTER_BYTES} on the scalar code. */
    private static volatile boolean probing;

    /** Whether a probe has found the lanes compiled. */
    static boolean lanesHot() {
        return lanesHot;
    }
    private MemorySegment probe;
    private long[] probeOff;
    private int[] probeLen;
    private int[] probeFullLen;
    private long[] probeCtr;
    private int[] probeEnd;
    private int[] probeSlot8;
    private int[] probeFlags;

    private void initProbe() {
        int lanes = Blake3Lanes.LANES;
        probe = Arena.ofAuto().allocate((long) lanes * CHUNK_LEN, 64);
        probeOff = new long[lanes];
        probeLen = new int[lanes];
        probeFullLen = new int[lanes];
        probeCtr = new long[lanes];
        probeEnd = new int[lanes];
        probeSlot8 = new int[lanes];
        probeFlags = new int[lanes];
        for (int c = 0; c < lanes; c++) {
            probeOff[c] = (long) c * CHUNK_LEN;
            probeLen[c] = c < 10 ? 4 * Blake3Compress.BLOCK_LEN : c < 13 ? 3 * Blake3Compress.BLOCK_LEN + 37 : 0;
            probeFullLen[c] = CHUNK_LEN;
            probeEnd[c] = (c & 1) == 0 ? ROOT : 0;
            probeSlot8[c] = DUMP_SLOT8;
            probeFlags[c] = PARENT | probeEnd[c];
        }
    }
}
