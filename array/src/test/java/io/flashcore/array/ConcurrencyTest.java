package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryObjectAndReferenceCountUnderConcurrentPutsGetsAndDeletes() throws Exception {
        int threads = 4;
        int perThread = 6;
        try (FlashArray array = FlashArray.create(dir.resolve("a"), FlashArrayTest.config(dir, 8, 4, 2));
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // Shared seeds across threads make the threads deduplicate against each other.
                        byte[] data = FlashArrayTest.data(i % 3, 200_000 + 50_000 * thread, 2, 2);
                        String name = "t" + thread + "/o" + i;
                        array.put(name, new ByteArrayInputStream(data));
                        assertArrayEquals(data, array.getBytes(name));
                        if (i % 2 == 1) {
                            array.delete(name);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertEquals(threads * perThread / 2, array.list().size());
            for (ObjectInfo o : array.list()) {
                int thread = o.name().charAt(1) - '0';
                int i = Integer.parseInt(o.name().substring(o.name().indexOf('o') + 1));
                assertArrayEquals(FlashArrayTest.data(i % 3, 200_000 + 50_000 * thread, 2, 2), array.getBytes(o.name()));
            }
            assertTrue(array.scrub(ProgressListener.NONE).clean());
            for (ObjectInfo o : array.list()) {
                array.delete(o.name());
            }
            ArrayStats s = array.stats();
            assertEquals(0, s.chunks(), "reference counts leaked: " + s);
            assertEquals(0, s.physicalBytes(), "space leaked: " + s);
        }
    }

    @Test
    void concurrentPutsOfOneNameLeaveOneOfThemWholeAndLeakNoReference() throws Exception {
        int threads = 4;
        int perThread = 12;
        Path a = dir.resolve("a");
        List<byte[]> candidates = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            candidates.add(FlashArrayTest.data(100 + t, 90_000 + 7_000 * t, 2, 2));
        }
        long grouped;
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 8, 4, 2));
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // Every thread replaces "same" again and again, between puts of its own objects:
                        // puts queued together commit as one group, which must still replace in order.
                        array.put("same", new ByteArrayInputStream(candidates.get(thread)));
                        array.put("t" + thread + "/o" + i, new ByteArrayInputStream(
                                FlashArrayTest.data(i % 4, 60_000 + 1_000 * thread, 2, 2)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            grouped = array.metrics().putsGroupCommitted();
            byte[] same = array.getBytes("same");
            assertTrue(candidates.stream().anyMatch(c -> java.util.Arrays.equals(c, same)),
                    "'same' holds none of the bytes put under it (" + same.length + " bytes)");
            assertEquals(1 + threads * perThread, array.list().size());
        }
        try (FlashArray array = FlashArray.open(a)) {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    assertArrayEquals(FlashArrayTest.data(i % 4, 60_000 + 1_000 * t, 2, 2),
                            array.getBytes("t" + t + "/o" + i));
                }
            }
            assertTrue(array.scrub(ProgressListener.NONE).clean());
            for (ObjectInfo o : array.list()) {
                array.delete(o.name());
            }
            ArrayStats s = array.stats();
            assertEquals(0, s.chunks(), "reference counts leaked (" + grouped + " puts were group-committed): " + s);
            assertEquals(0, s.physicalBytes(), "space leaked: " + s);
        }
    }
}
