package io.flashcore.reduction.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DedupIndexTest {

    @Test
    void shouldFindInsertedEntryOnlyWhenVerified() {
        try (DedupIndex index = DedupIndex.create(1000)) {
            Fingerprints.Metadata meta = new Fingerprints.Metadata();
            byte[] fp = Fingerprints.of(1);
            meta.put(7, fp);
            index.insert(fp, 7);
            assertEquals(7, index.lookup(fp, meta));
            assertEquals(DedupIndex.NOT_FOUND, index.lookup(fp, (loc, f) -> false));
            assertEquals(DedupIndex.NOT_FOUND, index.lookup(Fingerprints.of(2), meta));
            assertEquals(1, index.refcount(fp, 7));
            assertEquals(1, index.size());
        }
    }

    @Test
    void growthKeepsEveryEntry() {
        int n = 200_000;
        try (DedupIndex index = DedupIndex.create(100)) {
            Fingerprints.Metadata meta = new Fingerprints.Metadata();
            for (int i = 0; i < n; i++) {
                byte[] fp = Fingerprints.of(i);
                meta.put(i, fp);
                index.insert(fp, i);
            }
            assertEquals(n, index.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, index.lookup(Fingerprints.of(i), meta), "entry " + i);
            }
            for (int i = n; i < n + 10_000; i++) {
                assertEquals(DedupIndex.NOT_FOUND, index.lookup(Fingerprints.of(i), meta));
            }
        }
    }

    @Test
    void shouldStayWithinSixteenBytesPerEntryWhenGrown() {
        int n = 300_000;
        try (DedupIndex index = DedupIndex.create(n / 10)) {
            for (int i = 0; i < n; i++) {
                index.insert(Fingerprints.of(i), i);
            }
            double perEntry = (double) index.allocatedBytes() / n;
            assertTrue(perEntry <= 16, "bytes per entry " + perEntry);
        }
    }

    @Test
    void tagCollisionsNeverMergeDifferentFingerprints() {
        // 16-bit tags, 16 segments: ~100 000 entries share tags heavily.
        int n = 100_000;
        try (DedupIndex index = DedupIndex.create(16, DedupIndex.MAX_LOCATION_BITS, 16)) {
            Fingerprints.Metadata meta = new Fingerprints.Metadata();
            for (int i = 0; i < n; i++) {
                byte[] fp = Fingerprints.of(i);
                meta.put(i, fp);
                index.insert(fp, i);
            }
            long[] out = new long[64];
            int collided = 0;
            for (int i = 0; i < n; i++) {
                byte[] fp = Fingerprints.of(i);
                assertEquals(i, index.lookup(fp, meta));
                if (index.candidates(java.lang.foreign.MemorySegment.ofArray(fp), out) > 1) {
                    collided++;
                }
            }
            assertTrue(collided > 100, "the test needs tag collisions, saw " + collided);
            for (int i = n; i < 2 * n; i++) {
                byte[] fp = Fingerprints.of(i);
                assertEquals(DedupIndex.NOT_FOUND, index.lookup(fp, meta));
                long loc = index.acquireOrInsert(fp, i, meta);
                assertEquals(i, loc, "a new fingerprint must get its own location despite tag collisions");
                meta.put(i, fp);
            }
            for (int i = 0; i < 2 * n; i++) {
                assertEquals(1, index.refcount(Fingerprints.of(i), i));
            }
        }
    }

    @Test
    void shouldCountReferencesPastTheSlotField() {
        try (DedupIndex index = DedupIndex.create()) {
            byte[] fp = Fingerprints.of(3);
            index.insert(fp, 42);
            for (int i = 2; i <= 1000; i++) {
                assertEquals(i, index.increment(fp, 42));
            }
            assertEquals(1000, index.refcount(fp, 42));
            for (int i = 999; i >= 1; i--) {
                assertEquals(i, index.decrement(fp, 42));
            }
            assertEquals(0, index.decrement(fp, 42));
            assertEquals(DedupIndex.NOT_FOUND, index.refcount(fp, 42));
            assertEquals(DedupIndex.NOT_FOUND, index.decrement(fp, 42));
            assertEquals(0, index.size());
        }
    }

    @Test
    void shouldAcquireExistingOrInsertNew() {
        try (DedupIndex index = DedupIndex.create()) {
            Fingerprints.Metadata meta = new Fingerprints.Metadata();
            byte[] fp = Fingerprints.of(9);
            assertEquals(DedupIndex.NOT_FOUND, index.acquire(fp, meta));
            assertEquals(5, index.acquireOrInsert(fp, 5, meta));
            meta.put(5, fp);
            assertEquals(5, index.acquireOrInsert(fp, 6, meta));
            assertEquals(5, index.acquire(fp, meta));
            assertEquals(3, index.refcount(fp, 5));
            assertTrue(index.remove(fp, 5));
            assertFalse(index.remove(fp, 5));
        }
    }

    @Test
    void shouldRejectBadInput() {
        try (DedupIndex index = DedupIndex.create(1000, 36)) {
            assertThrows(IllegalArgumentException.class, () -> index.insert(new byte[31], 1));
            assertThrows(IllegalArgumentException.class, () -> index.insert(Fingerprints.of(1), -1));
            assertThrows(IllegalArgumentException.class, () -> index.insert(Fingerprints.of(1), 1L << 36));
            assertThrows(IllegalArgumentException.class, () -> index.insert(Fingerprints.of(1), 1, 0));
            index.insert(Fingerprints.of(1), 1);
            assertThrows(IllegalStateException.class, () -> index.insert(Fingerprints.of(1), 1));
        }
        assertThrows(IllegalArgumentException.class, () -> DedupIndex.create(10, 20));
        assertThrows(IllegalArgumentException.class, () -> DedupIndex.create(10, 36, 100));
    }

    @Test
    void shouldRebuildFromRecords() {
        List<IndexRecord> records = new ArrayList<>();
        Fingerprints.Metadata meta = new Fingerprints.Metadata();
        for (int i = 0; i < 5000; i++) {
            records.add(new IndexRecord(Fingerprints.of(i), i, 1 + i % 40));
            meta.put(i, Fingerprints.of(i));
        }
        try (DedupIndex index = DedupIndex.rebuild(records.iterator(), 5000, 36)) {
            assertEquals(5000, index.size());
            for (IndexRecord r : records) {
                assertEquals(r.location(), index.lookup(r.fingerprint(), meta));
                assertEquals(r.refcount(), index.refcount(r.fingerprint(), r.location()));
            }
        }
    }

    @Test
    void shouldLookUpABatch() {
        int n = 1000;
        try (DedupIndex index = DedupIndex.create(n)) {
            Fingerprints.Metadata meta = new Fingerprints.Metadata();
            java.lang.foreign.MemorySegment batch = java.lang.foreign.MemorySegment.ofArray(new byte[2 * n * 32]);
            for (int i = 0; i < 2 * n; i++) {
                byte[] fp = Fingerprints.of(i);
                java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(fp), 0, batch, 32L * i, 32);
                if (i % 2 == 0) {
                    meta.put(i, fp);
                    index.insert(fp, i);
                }
            }
            long[] out = new long[2 * n];
            index.lookup(batch, 0, 2 * n, meta, out);
            for (int i = 0; i < 2 * n; i++) {
                assertEquals(i % 2 == 0 ? i : DedupIndex.NOT_FOUND, out[i], "fingerprint " + i);
            }
        }
    }
}
