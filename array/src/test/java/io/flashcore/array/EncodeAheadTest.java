package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.RecordCodec;
import io.flashcore.reduction.pipeline.ReductionPipeline;
import io.flashcore.reduction.similar.SimilaritySketcher;

class EncodeAheadTest {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "encode-ahead-test");
        t.setDaemon(true);
        return t;
    });
    /** One thread: workers of a window wait in line behind each other and behind a busy neighbour. */
    private static final ExecutorService ONE_THREAD = Executors.newFixedThreadPool(1, r -> {
        Thread t = new Thread(r, "encode-ahead-test-1");
        t.setDaemon(true);
        return t;
    });
    private static final DictionaryRegistry DICTIONARIES = new DictionaryRegistry();

    @AfterContainer
    static void shutdown() {
        POOL.shutdownNow();
        ONE_THREAD.shutdownNow();
    }

    /**
     * Whatever the number of workers and whichever chunks the putting thread skips (as it does for
     * deltas), every record it takes from the workers is byte-identical to the one it would have
     * encoded itself, every sketch a worker computed ahead is the one it would have computed, a
     * chunk a worker left as a likely delta has no record to copy, and each window's workers are
     * finished when {@code finish} returns.
     */
    @Property(tries = 40)
    void recordsAndSketchesAheadAreThoseThePuttingThreadWouldWrite(@ForAll @IntRange(min = 0, max = 3) int workers,
            @ForAll @IntRange(min = 0, max = 300) int chunks, @ForAll boolean sketching, @ForAll boolean oneThread,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        int windowBytes = 1 << 20;
        try (Arena arena = Arena.ofShared(); // the workers read the window and write the records
             RecordCodec mine = new RecordCodec(CompressionOptions.DEFAULT, DICTIONARIES)) {
            int[] lengths = new int[Math.max(1, chunks)];
            long[] offsets = new long[lengths.length];
            int[] indexes = new int[lengths.length];
            long pos = 0;
            int n = 0;
            for (int i = 0; i < chunks && pos < windowBytes - 64; i++) {
                int len = 1 + rnd.nextInt((int) Math.min(16384, windowBytes - pos));
                offsets[n] = pos;
                lengths[n] = len;
                indexes[n] = i;
                n++;
                pos += len + rnd.nextInt(64); // chunks dedup skips leave gaps
            }
            MemorySegment window = arena.allocate(windowBytes, 64);
            fill(window, rnd);
            ConcurrentLinkedQueue<RecordCodec> idle = new ConcurrentLinkedQueue<>();
            // A sketch "has a similar reference" for about a third of the chunks.
            java.util.function.Predicate<long[]> likelyDelta = sk -> Long.remainderUnsigned(sk[0], 3) == 0;
            EncodeAhead ahead = new EncodeAhead(arena.allocate(EncodeAhead.areaBytes(windowBytes, chunks + 1), 64),
                    oneThread ? ONE_THREAD : POOL,
                    workers, idle, () -> new RecordCodec(CompressionOptions.DEFAULT, DICTIONARIES),
                    sketching ? SimilaritySketcher::new : null, likelyDelta);
            SimilaritySketcher mySketcher = new SimilaritySketcher();
            long[] wantSketch = new long[SimilaritySketcher.SUPER_FEATURES];
            long[] gotSketch = new long[SimilaritySketcher.SUPER_FEATURES];
            long leftAsDeltas = 0;
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(16384), 64);
            MemorySegment expected = arena.allocate(RecordCodec.maxRecordLength(16384), 64);
            for (int round = 0; round < 2; round++) { // the same instance serves window after window
                ahead.start(window, offsets, lengths, indexes, n);
                long copied = 0;
                for (int u = 0; u < n; u++) {
                    boolean own = ahead.claim(u);
                    MemorySegment chunk = window.asSlice(offsets[u], lengths[u]);
                    boolean sampled = mySketcher.sketch(chunk, wantSketch);
                    boolean skipped = false;
                    if (!own && rnd.nextBoolean()) {
                        int code = ahead.sketch(u, gotSketch);
                        if (!sketching) {
                            assertEquals(ReductionPipeline.SketchAhead.NOT_AHEAD, code, "chunk " + u);
                        } else {
                            assertEquals(sampled ? ReductionPipeline.SketchAhead.SKETCHED
                                    : ReductionPipeline.SketchAhead.NO_SAMPLES, code, "sketch of chunk " + u);
                            if (sampled) {
                                assertArrayEquals(wantSketch, gotSketch, "sketch of chunk " + u);
                            }
                            skipped = sampled && likelyDelta.test(wantSketch);
                        }
                    }
                    if (rnd.nextInt(4) == 0) {
                        continue; // a delta: the plain record is not needed
                    }
                    int want = mine.encode(chunk, expected);
                    if (!own) {
                        int got = ahead.copy(u, out);
                        if (skipped) {
                            assertEquals(-1, got, "chunk " + u + " was left as a likely delta: no record");
                            leftAsDeltas++;
                            continue;
                        }
                        if (got < 0 && sketching && sampled && likelyDelta.test(wantSketch)) {
                            continue; // left as a likely delta (its sketch was not asked for above)
                        }
                        assertEquals(want, got, "record length of chunk " + u);
                        assertArrayEquals(expected.asSlice(0, want).toArray(ValueLayout.JAVA_BYTE),
                                out.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE), "record of chunk " + u);
                        copied++;
                    }
                }
                long before = ahead.encodedAhead();
                long skippedBefore = ahead.skippedAhead();
                ahead.finish();
                long encoded = ahead.encodedAhead() - before;
                assertTrue(copied <= encoded, "copied " + copied + " records, workers encoded " + encoded);
                assertTrue(leftAsDeltas <= ahead.skippedAhead() - skippedBefore, "left " + leftAsDeltas);
                leftAsDeltas = 0;
                if (workers == 0) {
                    assertEquals(0, ahead.encodedAhead());
                }
                if (!sketching) {
                    assertEquals(0, ahead.skippedAhead());
                }
            }
            for (RecordCodec c : idle) {
                c.close();
            }
        }
    }

    /**
     * Workers still waiting for a thread when the putting thread finishes their window are not waited
     * for, and when they get a thread at last they leave that window (and the next) alone.
     */
    @org.junit.jupiter.api.Test
    void workersThatNeverStartedAreNotWaitedForAndStayOut() throws Exception {
        ExecutorService one = Executors.newFixedThreadPool(1);
        try (Arena arena = Arena.ofShared()) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            one.submit(() -> {
                release.await(); // another put's worker holding the only thread
                return null;
            });
            int n = 40;
            long[] offsets = new long[n];
            int[] lengths = new int[n];
            int[] indexes = new int[n];
            for (int u = 0; u < n; u++) {
                offsets[u] = u * 8192L;
                lengths[u] = 8192;
                indexes[u] = u;
            }
            MemorySegment window = arena.allocate(n * 8192L, 64);
            fill(window, new Random(1));
            ConcurrentLinkedQueue<RecordCodec> idle = new ConcurrentLinkedQueue<>();
            EncodeAhead ahead = new EncodeAhead(arena.allocate(EncodeAhead.areaBytes(n * 8192L, n + 1), 64), one, 2,
                    idle, () -> new RecordCodec(CompressionOptions.DEFAULT, DICTIONARIES), null, null);
            ahead.start(window, offsets, lengths, indexes, n);
            for (int u = 0; u < n; u++) {
                assertTrue(ahead.claim(u), "no worker ran, so every chunk is the putting thread's");
            }
            ahead.finish(); // returns although both workers are still queued behind the busy thread
            release.countDown();
            one.submit(() -> null).get(); // the queued workers have had their turn
            assertEquals(0, ahead.encodedAhead(), "a worker abandoned before it ran encoded nothing");
            // The next window on the same instance is encoded ahead as usual.
            ahead.start(window, offsets, lengths, indexes, n);
            Thread.sleep(50);
            try (RecordCodec mine = new RecordCodec(CompressionOptions.DEFAULT, DICTIONARIES)) {
                MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(8192), 64);
                MemorySegment expected = arena.allocate(RecordCodec.maxRecordLength(8192), 64);
                for (int u = 0; u < n; u++) {
                    boolean own = ahead.claim(u);
                    int want = mine.encode(window.asSlice(offsets[u], lengths[u]), expected);
                    if (!own) {
                        assertEquals(want, ahead.copy(u, out), "record length of chunk " + u);
                    }
                }
            }
            ahead.finish();
            assertTrue(ahead.encodedAhead() > 0, "the workers of the second window ran");
            for (RecordCodec c : idle) {
                c.close();
            }
        } finally {
            one.shutdownNow();
        }
    }

    private static void fill(MemorySegment window, Random rnd) {
        byte[] words = "flash array chunk record zstd delta parity stripe ".getBytes();
        for (long i = 0; i < window.byteSize(); i++) {
            // Half compressible text, half random bytes, in runs: both record kinds (zstd and raw) occur.
            boolean text = ((i >> 13) & 1) == 0;
            window.set(ValueLayout.JAVA_BYTE, i, text ? words[(int) (i % words.length)] : (byte) rnd.nextInt());
        }
    }
}
