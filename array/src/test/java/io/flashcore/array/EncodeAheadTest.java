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

class EncodeAheadTest {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "encode-ahead-test");
        t.setDaemon(true);
        return t;
    });
    private static final DictionaryRegistry DICTIONARIES = new DictionaryRegistry();

    @AfterContainer
    static void shutdown() {
        POOL.shutdownNow();
    }

    /**
     * Whatever the number of workers and whichever chunks the putting thread skips (as it does for
     * deltas), every record it takes from the workers is byte-identical to the one it would have
     * encoded itself, and each window's workers are finished when {@code finish} returns.
     */
    @Property(tries = 40)
    void recordsEncodedAheadAreThoseThePuttingThreadWouldWrite(@ForAll @IntRange(min = 0, max = 3) int workers,
            @ForAll @IntRange(min = 0, max = 300) int chunks, @ForAll long seed) {
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
            EncodeAhead ahead = new EncodeAhead(arena.allocate(EncodeAhead.areaBytes(windowBytes, chunks + 1), 64), POOL,
                    workers, idle, () -> new RecordCodec(CompressionOptions.DEFAULT, DICTIONARIES));
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(16384), 64);
            MemorySegment expected = arena.allocate(RecordCodec.maxRecordLength(16384), 64);
            for (int round = 0; round < 2; round++) { // the same instance serves window after window
                ahead.start(window, offsets, lengths, indexes, n);
                long copied = 0;
                for (int u = 0; u < n; u++) {
                    boolean own = ahead.claim(u);
                    if (rnd.nextInt(4) == 0) {
                        continue; // a delta: the plain record is not needed
                    }
                    MemorySegment chunk = window.asSlice(offsets[u], lengths[u]);
                    int want = mine.encode(chunk, expected);
                    if (!own) {
                        int got = ahead.copy(u, out);
                        assertEquals(want, got, "record length of chunk " + u);
                        assertArrayEquals(expected.asSlice(0, want).toArray(ValueLayout.JAVA_BYTE),
                                out.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE), "record of chunk " + u);
                        copied++;
                    }
                }
                long before = ahead.encodedAhead();
                ahead.finish();
                long encoded = ahead.encodedAhead() - before;
                assertTrue(copied <= encoded, "copied " + copied + " records, workers encoded " + encoded);
                if (workers == 0) {
                    assertEquals(0, ahead.encodedAhead());
                }
            }
            for (RecordCodec c : idle) {
                c.close();
            }
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
