package io.flashcore.reduction.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class DedupIndexConcurrencyTest {

    /**
     * Threads insert their own fingerprints (forcing many segment growths), add and drop references to
     * shared ones, remove some of their own, and look everything up meanwhile. Afterwards every entry
     * that should exist exists with its exact count, and nothing else does.
     */
    @Property(tries = 6)
    void neverLosesAnEntryUnderConcurrentUse(@ForAll @IntRange(min = 2, max = 6) int threads,
            @ForAll @IntRange(min = 2_000, max = 12_000) int perThread, @ForAll @LongRange(min = 0, max = 1_000_000) long seed)
            throws Exception {
        int shared = 64;
        Fingerprints.Metadata meta = new Fingerprints.Metadata();
        try (DedupIndex index = DedupIndex.create(64, 36, 16)) {
            long sharedBase = 1L << 40;
            for (int s = 0; s < shared; s++) {
                byte[] fp = Fingerprints.of(sharedBase + s);
                meta.put(s, fp);
                index.insert(fp, s);
            }
            AtomicLongArray sharedCounts = new AtomicLongArray(shared);
            for (int s = 0; s < shared; s++) {
                sharedCounts.set(s, 1);
            }
            AtomicLong lookupFailures = new AtomicLong();
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    futures.add(pool.submit(() -> {
                        SplittableRandom r = new SplittableRandom(seed * 31 + id);
                        start.await();
                        long base = 1000L + (long) id * perThread;
                        for (int i = 0; i < perThread; i++) {
                            long loc = base + i;
                            byte[] fp = Fingerprints.of(loc);
                            meta.put(loc, fp);
                            index.insert(fp, loc);
                            int s = r.nextInt(shared);
                            byte[] sfp = Fingerprints.of(sharedBase + s);
                            if (index.acquire(sfp, meta) != s) {
                                lookupFailures.incrementAndGet();
                            } else {
                                sharedCounts.incrementAndGet(s);
                            }
                            if (r.nextInt(4) == 0) {
                                index.decrement(sfp, s);
                                sharedCounts.decrementAndGet(s);
                            }
                            if (i % 64 == 63) {
                                // Batched lookups of this thread's earlier entries, while others grow segments.
                                int k = 16;
                                java.lang.foreign.MemorySegment batch = java.lang.foreign.MemorySegment.ofArray(new byte[k * 32]);
                                long[] want = new long[k];
                                for (int j = 0; j < k; j++) {
                                    want[j] = base + r.nextInt(i + 1);
                                    java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(
                                            Fingerprints.of(want[j])), 0, batch, 32L * j, 32);
                                }
                                long[] got = new long[k];
                                index.lookup(batch, 0, k, meta, got);
                                for (int j = 0; j < k; j++) {
                                    if (got[j] != want[j]) {
                                        lookupFailures.incrementAndGet();
                                    }
                                }
                            }
                            long back = base + r.nextInt(i + 1);
                            if (back % 7 != 0 && index.lookup(Fingerprints.of(back), meta) != back) {
                                lookupFailures.incrementAndGet();
                            }
                        }
                        for (int i = 0; i < perThread; i += 7) {
                            index.remove(Fingerprints.of(base + i), base + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(0, lookupFailures.get(), "lookups missed entries that existed");
            long expectedSize = shared;
            for (int t = 0; t < threads; t++) {
                long base = 1000L + (long) t * perThread;
                for (int i = 0; i < perThread; i++) {
                    long loc = base + i;
                    long want = i % 7 == 0 ? DedupIndex.NOT_FOUND : loc;
                    assertEquals(want, index.lookup(Fingerprints.of(loc), meta), "location " + loc);
                    if (i % 7 != 0) {
                        expectedSize++;
                    }
                }
            }
            for (int s = 0; s < shared; s++) {
                assertEquals(sharedCounts.get(s), index.refcount(Fingerprints.of(sharedBase + s), s), "shared " + s);
            }
            assertEquals(expectedSize, index.size());
        }
    }

    /** Threads race to store the same chunks: each fingerprint is inserted once, every other call adds a reference. */
    @Property(tries = 4)
    void acquireOrInsertInsertsEachFingerprintOnce(@ForAll @IntRange(min = 2, max = 6) int threads,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) throws Exception {
        int chunks = 3000;
        Fingerprints.Metadata meta = new Fingerprints.Metadata();
        AtomicLong nextLocation = new AtomicLong();
        try (DedupIndex index = DedupIndex.create(100, 36, 16)) {
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int c = 0; c < chunks; c++) {
                            byte[] fp = Fingerprints.of(seed + c);
                            long fresh = nextLocation.getAndIncrement();
                            // The array records the fingerprint before publishing the location.
                            meta.put(fresh, fp);
                            index.acquireOrInsert(fp, fresh, meta);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(chunks, index.size());
            for (int c = 0; c < chunks; c++) {
                byte[] fp = Fingerprints.of(seed + c);
                long loc = index.lookup(fp, meta);
                assertEquals(threads, index.refcount(fp, loc), "chunk " + c);
            }
        }
    }

    /**
     * Threads insert enough entries that segments outgrow their words of the lookup directory (so it is
     * copied with a longer stride while others read it), and each looks up its own earlier entries, one
     * at a time and in batches, all along: every lookup finds its entry.
     */
    @Property(tries = 3)
    void lookupsFindEveryEntryWhileTheDirectoryGrows(@ForAll @IntRange(min = 2, max = 4) int threads,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) throws Exception {
        int perThread = 240_000 / threads;
        Fingerprints.Metadata meta = new Fingerprints.Metadata();
        try (DedupIndex index = DedupIndex.create(16, 36, 16)) {
            int strideBefore = index.directoryStride();
            AtomicLong lookupFailures = new AtomicLong();
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    futures.add(pool.submit(() -> {
                        SplittableRandom r = new SplittableRandom(seed * 31 + id);
                        start.await();
                        long base = (long) id * perThread;
                        for (int i = 0; i < perThread; i++) {
                            byte[] fp = Fingerprints.of(base + i);
                            meta.put(base + i, fp);
                            index.insert(fp, base + i);
                            long back = base + r.nextInt(i + 1);
                            if (index.lookup(Fingerprints.of(back), meta) != back) {
                                lookupFailures.incrementAndGet();
                            }
                            if (i % 256 == 255) {
                                int k = 16;
                                java.lang.foreign.MemorySegment batch = java.lang.foreign.MemorySegment.ofArray(new byte[k * 32]);
                                long[] want = new long[k];
                                for (int j = 0; j < k; j++) {
                                    want[j] = base + r.nextInt(i + 1);
                                    java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(
                                            Fingerprints.of(want[j])), 0, batch, 32L * j, 32);
                                }
                                long[] got = new long[k];
                                index.lookup(batch, 0, k, meta, got);
                                for (int j = 0; j < k; j++) {
                                    if (got[j] != want[j]) {
                                        lookupFailures.incrementAndGet();
                                    }
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(0, lookupFailures.get(), "lookups missed entries that existed");
            assertEquals((long) perThread * threads, index.size());
            assertTrue(index.directoryStride() > strideBefore, "segments outgrew the directory's first stride");
        }
    }
}
