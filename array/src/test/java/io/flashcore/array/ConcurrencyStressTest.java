package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.array.meta.ObjectRecord;
import io.flashcore.array.meta.RocksMetadataStore;

/**
 * Many threads putting, reading and deleting (with shared content, so they deduplicate against
 * each other, and near-copies of it, so they store deltas against each other's chunks) while one thread fails a drive, rebuilds, compacts and scrubs: no deadlock (a
 * watchdog dumps every thread's stack if the work stalls), every read returns the right bytes,
 * and a full recount of the metadata afterwards matches every chunk's stored reference count.
 */
class ConcurrencyStressTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepReferenceCountsExactWhileADriveFailsAndRebuilds() throws Exception {
        stress(4, 8, 1);
    }

    @Test
    @Tag("soak")
    void shouldKeepReferenceCountsExactUnderALongStress() throws Exception {
        stress(6, Integer.getInteger("flashcore.stress.rounds", 60), 2);
    }

    private void stress(int threads, int perThread, int failures) throws Exception {
        Path a = dir.resolve("a");
        Map<String, byte[]> live = new ConcurrentHashMap<>();
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 10, 4, 2));
             ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        byte[] data = FlashArrayTest.data(i % 4, 120_000 + 40_000 * (thread % 3), 1.5, 2);
                        if (thread % 2 == 1) {
                            // Near-copies of what the other threads put: deltas against their chunks.
                            data = SimilarityAcrossReopenTest.edited(data, 3000, 100L * thread + i);
                        }
                        String name = "t" + thread + "/o" + i;
                        array.put(name, new ByteArrayInputStream(data));
                        live.put(name, data);
                        String other = "t" + thread + "/o" + (i / 2);
                        byte[] want = live.get(other);
                        if (want != null) {
                            assertArrayEquals(want, array.getBytes(other), other);
                        }
                        if (i % 3 == 2) {
                            array.delete(name);
                            live.remove(name);
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                for (int f = 0; f < failures; f++) {
                    Thread.sleep(200);
                    array.failDrive(3 + 4 * f);
                    array.rebuild(ProgressListener.NONE);
                    array.compact(ProgressListener.NONE);
                    ScrubReport s = array.scrub(ProgressListener.NONE);
                    assertTrue(s.unrepairableStripes().isEmpty(), s.toString());
                }
                return null;
            }));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    StringBuilder dump = new StringBuilder();
                    for (var e2 : Thread.getAllStackTraces().entrySet()) {
                        dump.append(e2.getKey().getName()).append('\n');
                        for (StackTraceElement s : e2.getValue()) {
                            dump.append("    ").append(s).append('\n');
                        }
                    }
                    pool.shutdownNow();
                    fail("no progress for 3 minutes (deadlock?):\n" + dump);
                }
            }
            for (Map.Entry<String, byte[]> o : live.entrySet()) {
                assertArrayEquals(o.getValue(), array.getBytes(o.getKey()), o.getKey());
            }
            assertEquals(live.size(), array.list().size());
            assertTrue(array.metrics().chunksDelta() > 0, "no delta: the stress would not cover delta bases");
            assertTrue(array.scrub(ProgressListener.NONE).clean());
        }
        recount(a);
        try (FlashArray array = FlashArray.open(a)) {
            for (ObjectInfo o : array.list()) {
                array.delete(o.name());
            }
            ArrayStats s = array.stats();
            assertEquals(0, s.chunks(), "reference counts leaked: " + s);
            assertEquals(0, s.physicalBytes(), "space leaked: " + s);
        }
    }

    /** Recounts every reference from the recipes and delta bases and compares with each chunk record. */
    private static void recount(Path a) throws Exception {
        Map<String, Long> counted = new HashMap<>();
        Map<String, Long> stored = new HashMap<>();
        HexFormat hex = HexFormat.of();
        try (RocksMetadataStore store = RocksMetadataStore.open(a.resolve(FlashArray.META_DIR), false)) {
            List<String> names = new ArrayList<>();
            store.forEachObject("", h -> names.add(h.name()));
            for (String name : names) {
                ObjectRecord o = store.object(name).orElseThrow();
                for (int i = 0; i < o.chunkCount(); i++) {
                    counted.merge(hex.formatHex(o.fingerprint(i)), 1L, Long::sum);
                }
            }
            store.forEachChunk(c -> {
                stored.put(hex.formatHex(c.fingerprint()), c.refCount());
                if (c.base() != null) {
                    counted.merge(hex.formatHex(c.base()), 1L, Long::sum);
                }
            });
        }
        for (Map.Entry<String, Long> e : counted.entrySet()) {
            assertTrue(stored.containsKey(e.getKey()), "referenced chunk " + e.getKey() + " has no record");
        }
        for (Map.Entry<String, Long> e : stored.entrySet()) {
            assertEquals(counted.getOrDefault(e.getKey(), 0L), e.getValue(), "reference count of chunk " + e.getKey());
        }
    }
}
