package io.flashcore.array.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.array.FlashArrayException;

class RocksMetadataStoreTest {
    @TempDir
    Path dir;

    private static byte[] fp(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @Test
    void shouldCommitBatchesAtomicallyAndReadThemBackAfterReopen() throws Exception {
        ObjectRecord obj = new ObjectRecord("a/b", 300, 42, 32, concat(fp(1), fp(2)), new int[] {100, 200});
        ChunkRecord c1 = new ChunkRecord(fp(1), 7, 0, 50, 100, ChunkEncoding.ZSTD, null, 1);
        ChunkRecord c2 = new ChunkRecord(fp(2), 7, 50, 70, 200, ChunkEncoding.DELTA, fp(1), 1);
        StripeRecord s = new StripeRecord(7, 1, 3, 2, 1, 120, 120, new int[] {0, 1, 2},
                new long[] {5, StripeRecord.ZERO_SLOT, 9}, new int[] {11, 0, 13});
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, true); MetadataBatch b = store.batch()) {
            b.putObject(obj);
            b.putChunk(c1);
            b.putChunk(c2);
            b.putStripe(s);
            b.putDrive(new DriveRecord(2, DriveState.FAILED, 3, 100));
            b.putTopology(1, new byte[] {1, 2, 3});
            b.putTotals(new Totals(1, 300, 2, 300, 120, 8));
            b.putValue("config", new byte[] {9});
            store.commit(b, true);
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, false)) {
            assertEquals(obj, store.object("a/b").orElseThrow());
            assertEquals(c1, store.chunk(fp(1)).orElseThrow());
            assertEquals(c2, store.chunk(fp(2)).orElseThrow());
            assertEquals(s, store.stripe(7).orElseThrow());
            assertEquals(List.of(new DriveRecord(2, DriveState.FAILED, 3, 100)), store.drives());
            assertArrayEquals(new byte[] {1, 2, 3}, store.topology(1).orElseThrow());
            assertEquals(1L, store.latestEpoch().orElseThrow());
            assertEquals(new Totals(1, 300, 2, 300, 120, 8), store.totals());
            assertArrayEquals(new byte[] {9}, store.value("config").orElseThrow());
            List<ChunkRecord> chunks = new ArrayList<>();
            store.forEachChunk(chunks::add);
            assertEquals(2, chunks.size());
            List<String> names = new ArrayList<>();
            store.forEachObject("a/", o -> names.add(o.name()));
            assertEquals(List.of("a/b"), names);
            assertTrue(store.sizeBytes() > 0);
        }
    }

    @Test
    void shouldIterateStripesInIdOrder() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, true); MetadataBatch b = store.batch()) {
            for (long id : new long[] {300, 2, 70000}) {
                b.putStripe(new StripeRecord(id, 0, 0, 1, 0, 0, 0, new int[] {0}, new long[] {id}, new int[] {0}));
            }
            store.commit(b, false);
            List<Long> ids = new ArrayList<>();
            store.forEachStripe(r -> ids.add(r.id()));
            assertEquals(List.of(2L, 300L, 70000L), ids);
        }
    }

    @Test
    void shouldRefuseToOpenAMissingStoreWithoutCreate() {
        FlashArrayException e = assertThrows(FlashArrayException.class,
                () -> RocksMetadataStore.open(dir.resolve("nothing"), false));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A record of {@code n} chunks with fingerprints derived from {@code seed}. */
    private static ObjectRecord record(String name, int n, int seed) {
        byte[] fps = new byte[32 * n];
        int[] lengths = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(fp(seed + i), 0, fps, 32 * i, 32);
            lengths[i] = 1000 + (i * 7919 + seed) % 60_000;
            sum += lengths[i];
        }
        return new ObjectRecord(name, sum, 1_700_000_000_000L + seed, 32, fps, lengths);
    }

    /** Keys of the store's recipe segments, counted with RocksDB itself (the store closed). */
    private int segmentKeys() throws Exception {
        return RecipeSegmentKeys.count(dir);
    }

    @Test
    void largeRecipesAreKeptInSegmentsAndReadBackWhole() throws Exception {
        int n = 2 * ObjectRecord.SEGMENT_CHUNKS + 5;
        ObjectRecord big = record("big", n, 1);
        ObjectRecord small = record("big/not-a-segment", ObjectRecord.INLINE_CHUNKS, 2);
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, true); MetadataBatch b = store.batch()) {
            b.putObject(big);
            b.putObject(small);
            store.commit(b, true);
        }
        assertEquals(3, segmentKeys());
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, false)) {
            assertEquals(big, store.object("big").orElseThrow());
            assertEquals(small, store.object("big/not-a-segment").orElseThrow());
            ObjectHead head = store.objectHead("big").orElseThrow();
            assertEquals(n, head.chunkCount());
            assertEquals(3, head.segmentCount());
            assertEquals(big.logicalBytes(), head.logicalBytes());
            assertEquals(null, head.inline());
            assertEquals(small, store.objectHead("big/not-a-segment").orElseThrow().inline());
            List<String> names = new ArrayList<>();
            store.forEachObject("big", h -> names.add(h.name() + ":" + h.chunkCount()));
            assertEquals(List.of("big:" + n, "big/not-a-segment:" + ObjectRecord.INLINE_CHUNKS), names);
        }
    }

    @Test
    void replacingOrDeletingAnObjectLeavesNoSegmentOfItsOldRecipe() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, true)) {
            try (MetadataBatch b = store.batch()) {
                b.putObject(record("x", 3 * ObjectRecord.SEGMENT_CHUNKS, 1));
                store.commit(b, true);
            }
            try (MetadataBatch b = store.batch()) {
                // Two puts of the name in one batch (a group commit): the later one wins, whole.
                b.putObject(record("x", 2 * ObjectRecord.SEGMENT_CHUNKS + 1, 2));
                b.putObject(record("x", ObjectRecord.SEGMENT_CHUNKS + 1, 3));
                store.commit(b, true);
            }
            assertEquals(record("x", ObjectRecord.SEGMENT_CHUNKS + 1, 3), store.object("x").orElseThrow());
        }
        assertEquals(2, segmentKeys());
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, false)) {
            try (MetadataBatch b = store.batch()) {
                b.putObject(record("x", 10, 4));
                store.commit(b, true);
            }
            assertEquals(record("x", 10, 4), store.object("x").orElseThrow());
        }
        assertEquals(0, segmentKeys());
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, false)) {
            try (MetadataBatch b = store.batch()) {
                b.putObject(record("x", ObjectRecord.SEGMENT_CHUNKS + 1, 5));
                b.putObject(record("x2", ObjectRecord.SEGMENT_CHUNKS + 1, 6));
                store.commit(b, true);
            }
            try (MetadataBatch b = store.batch()) {
                b.deleteObject("x");
                store.commit(b, true);
            }
            assertTrue(store.object("x").isEmpty());
            assertEquals(record("x2", ObjectRecord.SEGMENT_CHUNKS + 1, 6), store.object("x2").orElseThrow());
        }
        assertEquals(2, segmentKeys());
    }

    @Test
    void aMissingRecipeSegmentIsCorruptionNamingTheObject() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, true); MetadataBatch b = store.batch()) {
            b.putObject(record("lost", 2 * ObjectRecord.SEGMENT_CHUNKS, 1));
            store.commit(b, true);
        }
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.toString())) {
            db.delete(new byte[] {'R', 'l', 'o', 's', 't', 0, 0, 0, 0, 1});
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, false)) {
            var e = assertThrows(io.flashcore.array.CorruptDataException.class, () -> store.object("lost"));
            assertTrue(e.getMessage().contains("'lost'") && e.getMessage().contains("segment 1 of 2"), e.getMessage());
            assertEquals(2 * ObjectRecord.SEGMENT_CHUNKS, store.objectHead("lost").orElseThrow().chunkCount());
        }
    }

    @Test
    void formatOneObjectRecordsAreStillRead() throws Exception {
        ObjectRecord o = record("old", 3 * ObjectRecord.INLINE_CHUNKS, 9);
        RecordWriter w = new RecordWriter(64).reset().u8(1).varLong(o.logicalBytes()).varLong(o.createdMillis())
                .varLong(32).varLong(o.chunkCount());
        for (int len : o.lengths()) {
            w.varLong(len);
        }
        byte[] v1 = w.raw(o.fingerprints()).toByteArray();
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, true); MetadataBatch b = store.batch()) {
            b.putValue("unused", new byte[] {1});
            store.commit(b, true);
        }
        try (org.rocksdb.Options opts = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(opts, dir.toString())) {
            db.put(new byte[] {'O', 'o', 'l', 'd'}, v1);
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(dir, false)) {
            assertEquals(o, store.object("old").orElseThrow());
            assertEquals(o, store.objectHead("old").orElseThrow().inline());
            try (MetadataBatch b = store.batch()) {
                b.putObject(record("old", ObjectRecord.SEGMENT_CHUNKS + 2, 10)); // rewritten as format 2
                store.commit(b, true);
            }
            assertEquals(record("old", ObjectRecord.SEGMENT_CHUNKS + 2, 10), store.object("old").orElseThrow());
        }
    }
}
