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
}
