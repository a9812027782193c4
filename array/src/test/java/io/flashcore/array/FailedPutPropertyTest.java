package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Puts whose source fails part-way (an I/O error or an unchecked exception from the stream, in any
 * window of a multi-window object) are interleaved with good puts on one array: a put's memory and
 * stage-one cutter serve the next put, so a failed put must leave them clean for it.
 */
class FailedPutPropertyTest {
    /** One put of a plan: its size, and after how many bytes its source fails (-1: never). */
    record Step(int bytes, int failAfter, boolean unchecked) {
    }

    @Provide
    Arbitrary<List<Step>> plans() {
        // Up to ~9.5 MB: two and three windows of the put path (4 MiB each) as well as one.
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(1, 9_500_000),
                Arbitraries.doubles().between(0, 1), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((bytes, where, fails, unchecked) -> new Step(bytes, fails ? (int) (where * bytes) : -1, unchecked));
        return step.list().ofMinSize(2).ofMaxSize(6);
    }

    @Property(tries = 6)
    void failedPutsLeaveNoObjectNorStoredBytesAndLaterPutsStoreExactBytes(@ForAll("plans") List<Step> plan,
            @ForAll long seed) throws Exception {
        Path dir = Files.createTempDirectory("flashcore-failed-put");
        try {
            Path a = dir.resolve("a");
            Map<String, byte[]> acked = new LinkedHashMap<>();
            try (FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 8, 4, 2))) {
                for (int i = 0; i < plan.size(); i++) {
                    Step s = plan.get(i);
                    String name = "o" + i;
                    // Dedup with earlier objects too: a failed put's chunks must not count as stored.
                    byte[] data = FlashArrayTest.data(seed + i % 3, s.bytes(), 2, 2);
                    if (s.failAfter() < 0) {
                        array.put(name, new ByteArrayInputStream(data));
                        acked.put(name, data);
                    } else {
                        InputStream in = new FailingStream(data, s.failAfter(), s.unchecked());
                        Exception e = assertThrows(Exception.class, () -> array.put(name, in), "put of " + s);
                        if (s.unchecked()) {
                            assertEquals(FlashArrayException.class, e.getClass(), "an unchecked source failure "
                                    + "becomes a typed error: " + e);
                        } else {
                            assertEquals(IOException.class, e.getClass(), "the source's own error: " + e);
                        }
                        assertFalse(array.exists(name), name + " after its put failed");
                    }
                }
                check(array, acked);
            }
            try (FlashArray array = FlashArray.open(a)) {
                check(array, acked);
                for (String name : acked.keySet()) {
                    array.delete(name);
                }
                ArrayStats s = array.stats();
                assertEquals(0, s.chunks(), "chunks left after deleting every acknowledged object: " + s);
                assertEquals(0, s.storedBytes(), "stored bytes left: " + s);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(FlashArray array, Map<String, byte[]> acked) throws IOException {
        assertEquals(List.copyOf(acked.keySet()).stream().sorted().toList(),
                array.list().stream().map(ObjectInfo::name).toList());
        for (Map.Entry<String, byte[]> e : acked.entrySet()) {
            assertArrayEquals(e.getValue(), array.getBytes(e.getKey()), e.getKey());
        }
    }

    /** Serves {@code data} and fails once {@code failAfter} bytes have been read. */
    private static final class FailingStream extends InputStream {
        private final byte[] data;
        private final int failAfter;
        private final boolean unchecked;
        private int pos;

        FailingStream(byte[] data, int failAfter, boolean unchecked) {
            this.data = data;
            this.failAfter = failAfter;
            this.unchecked = unchecked;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= failAfter) {
                if (unchecked) {
                    throw new IllegalStateException("source broke after " + pos + " bytes");
                }
                throw new IOException("source failed after " + pos + " bytes");
            }
            int n = Math.min(len, Math.min(failAfter, data.length) - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
