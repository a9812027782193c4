package io.flashcore.reduction.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSnapshotTest {
    @TempDir
    Path dir;

    private DedupIndex filled(int n, Fingerprints.Metadata meta) {
        DedupIndex index = DedupIndex.create(n / 4, 40);
        for (int i = 0; i < n; i++) {
            byte[] fp = Fingerprints.of(i);
            meta.put(i, fp);
            index.insert(fp, i, 1 + (i % 50));
        }
        return index;
    }

    @Test
    void snapshotRoundTripKeepsEveryEntryAndCount() throws IOException {
        int n = 20_000;
        Fingerprints.Metadata meta = new Fingerprints.Metadata();
        Path file = dir.resolve("index.snap");
        try (DedupIndex index = filled(n, meta)) {
            index.writeSnapshot(file);
        }
        try (DedupIndex loaded = DedupIndex.readSnapshot(file)) {
            assertEquals(n, loaded.size());
            assertEquals(40, loaded.locationBits());
            for (int i = 0; i < n; i++) {
                byte[] fp = Fingerprints.of(i);
                assertEquals(i, loaded.lookup(fp, meta));
                assertEquals(1 + (i % 50), loaded.refcount(fp, i));
            }
            assertEquals(DedupIndex.NOT_FOUND, loaded.lookup(Fingerprints.of(n), meta));
        }
    }

    @Test
    void shouldRoundTripAnEmptyIndex() throws IOException {
        Path file = dir.resolve("empty.snap");
        try (DedupIndex index = DedupIndex.create()) {
            index.writeSnapshot(file);
        }
        try (DedupIndex loaded = DedupIndex.readSnapshot(file)) {
            assertEquals(0, loaded.size());
        }
    }

    private Path written() throws IOException {
        Path file = dir.resolve("index.snap");
        try (DedupIndex index = filled(2000, new Fingerprints.Metadata())) {
            index.writeSnapshot(file);
        }
        return file;
    }

    @Test
    void shouldRejectAFlippedBodyByteAsCorrupt() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        for (int at : new int[] {IndexSnapshotV1.HEADER_BYTES + 3, bytes.length / 2, bytes.length - 20}) {
            byte[] bad = bytes.clone();
            bad[at] ^= 0x10;
            Files.write(file, bad);
            assertThrows(CorruptSnapshotException.class, () -> DedupIndex.readSnapshot(file), "flip at " + at);
        }
    }

    @Test
    void shouldRejectAFlippedHeaderByteAsCorrupt() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        bytes[IndexSnapshotV1.OFF_ENTRIES] ^= 1;
        Files.write(file, bytes);
        assertThrows(CorruptSnapshotException.class, () -> DedupIndex.readSnapshot(file));
        bytes[IndexSnapshotV1.OFF_ENTRIES] ^= 1;
        bytes[0] = 'X';
        Files.write(file, bytes);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> DedupIndex.readSnapshot(file));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void shouldRejectACutFileAsTruncated() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        for (int len : new int[] {bytes.length - 1, bytes.length - IndexSnapshotV1.FOOTER_BYTES, bytes.length / 2,
                IndexSnapshotV1.HEADER_BYTES, 20}) {
            Files.write(file, Arrays.copyOf(bytes, len));
            assertThrows(TruncatedSnapshotException.class, () -> DedupIndex.readSnapshot(file), "length " + len);
        }
    }

    @Test
    void shouldRejectTrailingBytesAsCorrupt() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length + 8));
        assertThrows(CorruptSnapshotException.class, () -> DedupIndex.readSnapshot(file));
    }

    @Test
    void shouldRejectANewerVersionAsTooNew() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(IndexSnapshotV1.OFF_VERSION, 2);
        Files.write(file, bytes);
        UnsupportedSnapshotVersionException e = assertThrows(UnsupportedSnapshotVersionException.class,
                () -> DedupIndex.readSnapshot(file));
        assertTrue(e.tooNew());
        assertEquals(2, e.version());
        assertTrue(e.getMessage().contains("too new"), e.getMessage());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(IndexSnapshotV1.OFF_VERSION, 0);
        Files.write(file, bytes);
        e = assertThrows(UnsupportedSnapshotVersionException.class, () -> DedupIndex.readSnapshot(file));
        assertEquals(false, e.tooNew());
    }
}
