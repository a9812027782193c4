package io.flashcore.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.index.DedupIndex;
import io.flashcore.reduction.index.FingerprintVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dedup index at 10 M and 100 M entries: single lookups of held fingerprints (hits), misses,
 * batched lookups of 256, and an insert paired with its removal (so the size stays put). The
 * verifier recomputes the synthetic fingerprint of a location, standing in for metadata in cache.
 * The setup prints the RAM per entry the index holds. 100 M entries need about 1.1 GiB off-heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.NATIVE, JvmFlags.VECTOR, JvmFlags.OPENS, JvmFlags.UNSAFE})
public class DedupIndexBenchmark {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int POOL = 1 << 16;
    private static final int BATCH = 256;

    @Param({"10000000", "100000000"})
    long entries;

    private Arena arena;
    private DedupIndex index;
    private MemorySegment hits;
    private MemorySegment misses;
    private long[] locations;
    private int next;
    private long fresh;
    private final FingerprintVerifier verifier = (location, fp) -> fp.get(WORD, 0) == word(location, 0)
            && fp.get(WORD, 8) == word(location, 1) && fp.get(WORD, 16) == word(location, 2)
            && fp.get(WORD, 24) == word(location, 3);

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        index = DedupIndex.create(entries);
        MemorySegment fp = arena.allocate(DedupIndex.FINGERPRINT_BYTES);
        for (long i = 0; i < entries; i++) {
            fingerprint(fp, 0, i);
            index.insert(fp, i);
        }
        SplittableRandom random = new SplittableRandom(1);
        hits = arena.allocate((long) POOL * DedupIndex.FINGERPRINT_BYTES, 64);
        misses = arena.allocate((long) POOL * DedupIndex.FINGERPRINT_BYTES, 64);
        for (int k = 0; k < POOL; k++) {
            fingerprint(hits, (long) k * DedupIndex.FINGERPRINT_BYTES, random.nextLong(entries));
            fingerprint(misses, (long) k * DedupIndex.FINGERPRINT_BYTES, entries + random.nextLong(1L << 34));
        }
        locations = new long[BATCH];
        fresh = entries + (1L << 35);
        System.out.printf("%n[dedup index] %,d entries, %.2f bytes/entry (%,d off-heap + %,d heap)%n", entries,
                (double) index.allocatedBytes() / entries, index.offHeapBytes(), index.heapBytes());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
        arena.close();
    }

    @Benchmark
    public long lookupHit() {
        int k = next++ & (POOL - 1);
        return index.lookup(hits.asSlice((long) k * DedupIndex.FINGERPRINT_BYTES, DedupIndex.FINGERPRINT_BYTES), verifier);
    }

    @Benchmark
    public long lookupMiss() {
        int k = next++ & (POOL - 1);
        return index.lookup(misses.asSlice((long) k * DedupIndex.FINGERPRINT_BYTES, DedupIndex.FINGERPRINT_BYTES), verifier);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long[] lookupBatch() {
        int k = (next += BATCH) & (POOL - 1) & -BATCH;
        index.lookup(hits, (long) k * DedupIndex.FINGERPRINT_BYTES, BATCH, verifier, locations);
        return locations;
    }

    @Benchmark
    public boolean insertRemove() {
        long i = fresh++;
        MemorySegment fp = misses.asSlice(0, DedupIndex.FINGERPRINT_BYTES);
        fingerprint(fp, 0, i);
        index.insert(fp, i & index.maxLocation());
        return index.remove(fp, i & index.maxLocation());
    }

    private static void fingerprint(MemorySegment to, long offset, long i) {
        for (int w = 0; w < 4; w++) {
            to.set(WORD, offset + 8L * w, word(i, w));
        }
    }

    private static long word(long i, int w) {
        long z = (4 * i + w + 1) * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
