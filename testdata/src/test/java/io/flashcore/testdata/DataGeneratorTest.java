package io.flashcore.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.Deflater;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DataGeneratorTest {

    @Property(tries = 40)
    void blockDedupRatioIsExact(@ForAll long seed,
                                @ForAll @DoubleRange(min = 1.0, max = 8.0) double dedup,
                                @ForAll @IntRange(min = 1, max = 400) int blocks) throws Exception {
        DataGenerator g = DataGenerator.of(seed, dedup, 2.0, 4096);
        byte[] block = new byte[4096];
        Set<ByteBuffer> distinct = new HashSet<>();
        for (int i = 0; i < blocks; i++) {
            g.block(i, block, 0);
            distinct.add(ByteBuffer.wrap(sha256(block)));
        }
        assertEquals(g.distinctBlocks(blocks), distinct.size());
        long expected = (long) Math.ceil(blocks / dedup - 1e-9);
        assertTrue(Math.abs(distinct.size() - expected) <= 1,
                () -> "distinct " + distinct.size() + " vs ~" + expected);
    }

    @Property(tries = 10)
    void compressionRatioIsNearTarget(@ForAll long seed, @ForAll @DoubleRange(min = 1.0, max = 6.0) double ratio) {
        DataGenerator g = DataGenerator.of(seed, 1.0, ratio, 64 * 1024);
        byte[] data = g.bytes(1 << 20);
        Deflater d = new Deflater(6);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[data.length + 1024];
        long total = 0;
        while (!d.finished()) {
            total += d.deflate(out);
        }
        d.end();
        double measured = (double) data.length / total;
        // Deflate pays a few bytes per segment for the run; allow 8 % under, 3 % over.
        assertTrue(measured > ratio * 0.92 && measured < ratio * 1.03,
                () -> "target " + ratio + " measured " + measured);
    }

    @Property(tries = 20)
    void streamEqualsBytesForAnyReadSize(@ForAll long seed, @ForAll @IntRange(min = 0, max = 200_000) int length,
                                         @ForAll @IntRange(min = 1, max = 9000) int readSize) throws IOException {
        DataGenerator g = DataGenerator.of(seed, 3.0, 2.5, 8192);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = g.stream(length)) {
            byte[] buf = new byte[readSize];
            for (int n; (n = in.read(buf, 0, readSize)) >= 0; ) {
                out.write(buf, 0, n);
            }
        }
        assertArrayEquals(g.bytes(length), out.toByteArray());
    }

    @Test
    void shouldBeDeterministicPerSeed() {
        byte[] a = DataGenerator.of(42, 2, 2, 4096).bytes(100_000);
        byte[] b = DataGenerator.of(42, 2, 2, 4096).bytes(100_000);
        byte[] c = DataGenerator.of(43, 2, 2, 4096).bytes(100_000);
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c));
    }

    @Test
    void shouldRejectImpossibleParameters() {
        assertThrows(IllegalArgumentException.class, () -> DataGenerator.of(1, 0.5, 2, 4096));
        assertThrows(IllegalArgumentException.class, () -> DataGenerator.of(1, 2, 0.9, 4096));
        assertThrows(IllegalArgumentException.class, () -> DataGenerator.of(1, 2, 2, 1000));
        assertThrows(IllegalArgumentException.class, () -> DataGenerator.of(1, Double.NaN, 2, 4096));
    }

    private static byte[] sha256(byte[] b) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
