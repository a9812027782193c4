package io.flashcore.reduction.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.flashcore.testdata.ByteMutator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Structure-aware fuzzing of {@link DedupIndex#readSnapshot}: mutations of valid snapshots (half
 * with the header checksum re-sealed, so the body and its per-segment counts are reached) must
 * load or fail with an {@link IndexSnapshotException}, nothing else.
 *
 * <p>Re-sealing keeps the original sizing fields (segment count, expected entries): they size the
 * index before the body is read, and a header that names 2^40 entries under a valid checksum
 * makes the reader reserve that much memory, which is the writer's promise, not a parse error.
 */
class SnapshotFuzzTest {
    private static final int SIZING_FROM = IndexSnapshotV1.OFF_SEGMENTS;
    private static final int SIZING_TO = IndexSnapshotV1.OFF_EXPECTED;

    static byte[] valid(SplittableRandom r, Path dir) throws IOException {
        int n = r.nextInt(300);
        Path file = dir.resolve("valid.snap");
        try (DedupIndex index = DedupIndex.create(Math.max(1, n), 28 + r.nextInt(17))) {
            for (int i = 0; i < n; i++) {
                index.insert(Fingerprints.of(r.nextInt(1 << 20) + 1_000_000L * i), i,
                        r.nextInt(8) == 0 ? 20 + r.nextInt(1000) : 1 + r.nextInt(3));
            }
            index.writeSnapshot(file);
        }
        return Files.readAllBytes(file);
    }

    static byte[] reseal(byte[] original, byte[] b) {
        if (b.length >= IndexSnapshotV1.HEADER_BYTES) {
            System.arraycopy(original, SIZING_FROM, b, SIZING_FROM, SIZING_TO - SIZING_FROM);
            CRC32C c = new CRC32C();
            c.update(b, 0, IndexSnapshotV1.OFF_HEADER_CRC);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(IndexSnapshotV1.OFF_HEADER_CRC, (int) c.getValue());
        }
        return b;
    }

    static void fuzz(long seed, Path dir) throws IOException {
        byte[] original = valid(new SplittableRandom(seed), dir);
        byte[] in = ByteMutator.mutate(original, seed, b -> reseal(original, b));
        Path file = dir.resolve("fuzzed.snap");
        Files.write(file, in);
        ByteMutator.expectTypedOutcome("DedupIndex.readSnapshot", seed, in, () -> {
            DedupIndex.readSnapshot(file).close();
        }, IndexSnapshotException.class);
    }

    @Property(tries = 300)
    void snapshotLoadsOrFailsWithATypedError(@ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("snapfuzz");
        try {
            fuzz(seed, dir);
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    @Tag("soak")
    void soakSnapshotLoading(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        int n = Integer.getInteger("flashcore.fuzz.iterations", 20_000);
        long base = Long.getLong("flashcore.fuzz.seed", System.nanoTime());
        System.out.println("snapshot fuzzing: " + n + " inputs, seed " + base + " (rerun with -Dflashcore.fuzz.seed="
                + base + ")");
        for (int i = 0; i < n; i++) {
            fuzz(base + i, dir);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldNotReserveMemoryForAnExpectedSizeTheBodyDoesNotJustify(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        byte[] original = valid(new SplittableRandom(7), dir);
        byte[] b = original.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(IndexSnapshotV1.OFF_EXPECTED, 1L << 40);
        CRC32C c = new CRC32C();
        c.update(b, 0, IndexSnapshotV1.OFF_HEADER_CRC);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(IndexSnapshotV1.OFF_HEADER_CRC, (int) c.getValue());
        Path file = dir.resolve("huge-hint.snap");
        Files.write(file, b);
        try (DedupIndex loaded = DedupIndex.readSnapshot(file);
             DedupIndex reference = DedupIndex.readSnapshot(writeBack(dir, original))) {
            org.junit.jupiter.api.Assertions.assertEquals(reference.size(), loaded.size());
            org.junit.jupiter.api.Assertions.assertTrue(loaded.allocatedBytes() < 64L << 20,
                    () -> "reserved " + loaded.allocatedBytes() + " bytes for " + loaded.size() + " entries");
        }
    }

    private static Path writeBack(Path dir, byte[] bytes) throws IOException {
        Path f = dir.resolve("original.snap");
        Files.write(f, bytes);
        return f;
    }
}
