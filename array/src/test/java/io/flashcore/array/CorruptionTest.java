package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flashcore.array.meta.RocksMetadataStore;
import io.flashcore.array.meta.StripeRecord;
import io.flashcore.array.shard.ShardHeader;

/**
 * Corruption on the media: bit flips and overwritten 4 KiB sectors in data shards, parity shards
 * and shard headers, at most m per stripe. Scrub must find every corrupted shard (100 %), repair
 * it from parity and leave the array clean; reads before the scrub return the right bytes; beyond
 * m corrupt shards a read fails with a typed error naming the object and the drives. Corruption
 * of the metadata store's files is reported as a typed error, never ignored.
 */
class CorruptionTest {
    private static final int K = 4;
    private static final int M = 2;

    @TempDir
    Path dir;

    private final Map<String, byte[]> objects = new LinkedHashMap<>();

    private Path fill() throws Exception {
        Path a = dir.resolve("a");
        try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 8, K, M))) {
            for (int i = 0; i < 4; i++) {
                byte[] data = FlashArrayTest.data(10 + i, 600_000 + 250_000 * i, 1.2, 2);
                array.put("o" + i, new ByteArrayInputStream(data));
                objects.put("o" + i, data);
            }
        }
        return a;
    }

    private static List<StripeRecord> stripes(Path a) throws Exception {
        List<StripeRecord> out = new ArrayList<>();
        try (RocksMetadataStore store = RocksMetadataStore.open(a.resolve(FlashArray.META_DIR), false)) {
            store.forEachStripe(out::add);
        }
        return out;
    }

    /** Corrupts shard {@code i} of {@code s} on its drive in one of four ways chosen by {@code r}; returns how. */
    private String corrupt(ArrayConfig c, StripeRecord s, int i, SplittableRandom r) throws Exception {
        Path drive = c.drives().get(s.drives()[i]);
        long slot = ArrayConfig.FIRST_SLOT_OFFSET + s.slots()[i] * c.shardBytes();
        try (RandomAccessFile f = new RandomAccessFile(drive.toFile(), "rw")) {
            int how = r.nextInt(4);
            switch (how) {
                case 0 -> flip(f, slot + r.nextInt(ShardHeader.BYTES), r);
                case 1 -> flip(f, slot + ShardHeader.BYTES + r.nextInt(c.shardPayloadBytes()), r);
                case 2 -> {
                    byte[] sector = new byte[4096];
                    for (int b = 0; b < sector.length; b++) {
                        sector[b] = (byte) r.nextInt(256);
                    }
                    f.seek(slot + 4096L * r.nextInt(c.shardBytes() / 4096));
                    f.write(sector);
                }
                default -> {
                    // A sector that is not zero already (the unused tail of a partly filled shard is),
                    // so the corruption is real; the first sector holds the header, so one exists.
                    int sectors = c.shardBytes() / 4096;
                    int start = r.nextInt(sectors);
                    byte[] old = new byte[4096];
                    for (int n = 0; n < sectors; n++) {
                        long at = slot + 4096L * ((start + n) % sectors);
                        f.seek(at);
                        f.readFully(old);
                        if (!java.util.Arrays.equals(old, new byte[4096])) {
                            f.seek(at);
                            f.write(new byte[4096]);
                            break;
                        }
                    }
                }
            }
            f.getFD().sync();
            return new String[] {"header bit flip", "payload bit flip", "random sector", "zeroed sector"}[how];
        }
    }

    private static void flip(RandomAccessFile f, long at, SplittableRandom r) throws Exception {
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ (1 << r.nextInt(8)));
    }

    /** Corrupts 1 to m written shards of every stripe; returns how many. */
    private int corruptUpToM(Path a, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        ArrayConfig c = ArrayConfig.load(a.resolve(FlashArray.CONFIG_FILE));
        int corrupted = 0;
        int parity = 0;
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (StripeRecord s : stripes(a)) {
            List<Integer> written = new ArrayList<>();
            for (int i = 0; i < s.width(); i++) {
                if (s.slots()[i] != StripeRecord.ZERO_SLOT) {
                    written.add(i);
                }
            }
            java.util.Collections.shuffle(written, new java.util.Random(r.nextLong()));
            int n = 1 + r.nextInt(M);
            for (int j = 0; j < n && j < written.size(); j++) {
                kinds.merge(corrupt(c, s, written.get(j), r), 1, Integer::sum);
                corrupted++;
                parity += written.get(j) >= K ? 1 : 0;
            }
        }
        System.out.println("corruption test: " + corrupted + " shards corrupted (" + parity + " parity) " + kinds
                + ", seed " + seed + " (rerun with -Dflashcore.corruption.seed=" + seed + ")");
        return corrupted;
    }

    @Test
    void shouldReadTheRightBytesFromUpToMCorruptShardsPerStripe() throws Exception {
        long seed = Long.getLong("flashcore.corruption.seed", System.nanoTime());
        Path a = fill();
        corruptUpToM(a, seed);
        try (FlashArray array = FlashArray.open(a)) {
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                assertArrayEquals(o.getValue(), array.getBytes(o.getKey()), o.getKey() + ", seed " + seed);
            }
            assertTrue(array.scrub(ProgressListener.NONE).unrepairableStripes().isEmpty());
            assertTrue(array.scrub(ProgressListener.NONE).clean(), "seed " + seed);
        }
    }

    @Test
    void shouldFindAndRepairEveryCorruptShardUpToMPerStripe() throws Exception {
        long seed = Long.getLong("flashcore.corruption.seed", System.nanoTime());
        Path a = fill();
        int corrupted = corruptUpToM(a, seed);
        try (FlashArray array = FlashArray.open(a)) {
            ScrubReport first = array.scrub(ProgressListener.NONE);
            assertEquals(corrupted, first.corruptShards(), "scrub must find every corrupt shard: " + first + ", seed "
                    + seed);
            assertEquals(corrupted, first.repairedShards(), first + ", seed " + seed);
            ScrubReport second = array.scrub(ProgressListener.NONE);
            assertTrue(second.clean(), second + ", seed " + seed);
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                assertArrayEquals(o.getValue(), array.getBytes(o.getKey()), o.getKey() + ", seed " + seed);
            }
        }
    }

    @Test
    void shouldFailWithATypedErrorNamingTheObjectAndDrivesBeyondM() throws Exception {
        Path a = fill();
        ArrayConfig c = ArrayConfig.load(a.resolve(FlashArray.CONFIG_FILE));
        StripeRecord s = stripes(a).getFirst();
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < s.width() && bad.size() <= M; i++) {
            if (s.slots()[i] != StripeRecord.ZERO_SLOT) {
                try (RandomAccessFile f = new RandomAccessFile(c.drives().get(s.drives()[i]).toFile(), "rw")) {
                    f.seek(ArrayConfig.FIRST_SLOT_OFFSET + s.slots()[i] * c.shardBytes() + ShardHeader.BYTES + 100);
                    f.write(new byte[4096]);
                }
                bad.add(s.drives()[i]);
            }
        }
        try (FlashArray array = FlashArray.open(a)) {
            FlashArrayException e = assertThrows(FlashArrayException.class, () -> array.getBytes("o0"));
            assertTrue(e.getMessage().contains("o0"), e.getMessage());
            for (int d : bad) {
                assertTrue(e.getMessage().contains(Integer.toString(d)), "names drive " + d + ": " + e.getMessage());
            }
            ScrubReport scrub = array.scrub(ProgressListener.NONE);
            assertTrue(scrub.unrepairableStripes().contains(s.id()), scrub.toString());
        }
    }

    @Test
    void shouldReportACorruptMetadataTableInsteadOfIgnoringIt() throws Exception {
        Path a = fill();
        try (FlashArray array = FlashArray.open(a)) {
            array.flushMetadata();
        }
        List<Path> tables;
        try (Stream<Path> s = Files.list(a.resolve(FlashArray.META_DIR))) {
            tables = s.filter(p -> p.toString().endsWith(".sst")).toList();
        }
        assertTrue(!tables.isEmpty(), "the metadata flush wrote no table");
        for (Path t : tables) {
            try (RandomAccessFile f = new RandomAccessFile(t.toFile(), "rw")) {
                // The first data block: past any header, well before the index and footer.
                for (long at = 64; at < Math.min(f.length() / 2, 4096); at += 512) {
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0xFF);
                }
            }
        }
        checkReportedOrIntact(a);
    }

    @Test
    void shouldReportACorruptMetadataLogInsteadOfDroppingCommits() throws Exception {
        Path a = fill();
        List<Path> logs;
        try (Stream<Path> s = Files.list(a.resolve(FlashArray.META_DIR))) {
            logs = s.filter(p -> p.getFileName().toString().matches("[0-9]+\\.log")).toList();
        }
        assertTrue(!logs.isEmpty(), "no write-ahead log in " + a.resolve(FlashArray.META_DIR));
        for (Path l : logs) {
            try (RandomAccessFile f = new RandomAccessFile(l.toFile(), "rw")) {
                if (f.length() > 64) {
                    long at = f.length() / 3;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0xFF);
                }
            }
        }
        checkReportedOrIntact(a);
    }

    /** Opening reports the corruption with a typed error, or every object is listed and reads back exactly or fails typed. */
    private void checkReportedOrIntact(Path a) throws Exception {
        FlashArray array;
        try {
            array = FlashArray.open(a);
        } catch (FlashArrayException e) {
            return;
        }
        try (array) {
            List<String> names;
            try {
                names = array.list().stream().map(ObjectInfo::name).toList();
            } catch (FlashArrayException e) {
                return;
            }
            assertEquals(List.copyOf(objects.keySet()), names, "objects silently lost from the metadata");
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                try {
                    assertArrayEquals(o.getValue(), array.getBytes(o.getKey()), o.getKey());
                } catch (FlashArrayException e) {
                    // Reported: the contract.
                }
            }
        }
    }
}
