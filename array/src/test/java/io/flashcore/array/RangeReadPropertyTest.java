package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Range reads ({@link FlashArray#get(String, long, long, java.io.OutputStream)}) against slices of the whole object. */
class RangeReadPropertyTest {
    /** Over two decode runs of 4 MiB, so a range can start in one run and end in another. */
    private static final int SIZE = 10 << 20;

    private static Path dir;
    private static FlashArray array;
    private static byte[] data;

    @BeforeContainer
    static void store() throws Exception {
        dir = Files.createTempDirectory("flashcore-range");
        // Small chunks (many per run; over 8 192, so the recipe has three segments or more) and similarity
        // on: delta chunks read their bases too.
        ArrayConfig cfg = ArrayConfig.builder().driveFiles(dir.resolve("drives"), 6).layout(4, 2)
                .shardBytes(64 * 1024).driveBytes(256L << 20).chunker("fastcdc2020", 128, 512, 2048).build();
        array = FlashArray.create(dir.resolve("a"), cfg);
        data = FlashArrayTest.data(41, SIZE, 1.5, 2.5);
        ObjectInfo info = array.put("obj", new java.io.ByteArrayInputStream(data));
        array.put("empty", new java.io.ByteArrayInputStream(new byte[0]));
        assertTrue(info.chunks() > 2 * io.flashcore.array.meta.ObjectRecord.SEGMENT_CHUNKS,
                info.chunks() + " chunks: the recipe should span three segments");
    }

    @AfterContainer
    static void remove() throws Exception {
        array.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] range(String name, long offset, long length) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = array.get(name, offset, length, out);
        assertEquals(out.size(), n, "bytes returned and written differ");
        return out.toByteArray();
    }

    /** Any range within the object, or running past its end, reads exactly that slice of the whole. */
    @Property(tries = 60)
    void aRangeReadIsTheSliceOfTheWholeObject(@ForAll @IntRange(min = 0, max = SIZE) int offset,
                                              @ForAll @IntRange(min = 0, max = SIZE + 4096) int length)
            throws Exception {
        int end = (int) Math.min((long) offset + length, SIZE);
        assertArrayEquals(Arrays.copyOfRange(data, offset, end), range("obj", offset, length),
                "range " + offset + " + " + length);
    }

    /** Short ranges around chunk and run boundaries: a byte, a few bytes, one block. */
    @Property(tries = 60)
    void aShortRangeReadIsTheSliceOfTheWholeObject(@ForAll @IntRange(min = 0, max = SIZE - 1) int offset,
                                                   @ForAll @IntRange(min = 1, max = 5000) int length)
            throws Exception {
        int end = Math.min(offset + length, SIZE);
        assertArrayEquals(Arrays.copyOfRange(data, offset, end), range("obj", offset, length));
    }

    @Example
    void theEdgesOfAnObjectReadAsSlices() throws Exception {
        assertArrayEquals(data, range("obj", 0, Long.MAX_VALUE));
        assertEquals(0, range("obj", SIZE, 100).length, "a range from the end reads nothing");
        assertEquals(0, range("obj", 1234, 0).length, "an empty range reads nothing");
        assertArrayEquals(Arrays.copyOfRange(data, SIZE - 1, SIZE), range("obj", SIZE - 1, 1));
        assertEquals(0, range("empty", 0, 10).length);
    }

    @Example
    void aRangeOutsideTheObjectIsRefusedNamingIt() {
        for (long[] bad : new long[][] {{-1, 10}, {0, -1}, {SIZE + 1L, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> array.get("obj", bad[0], bad[1], new ByteArrayOutputStream()));
            assertTrue(e.getMessage().contains("'obj'") && e.getMessage().contains(String.valueOf(SIZE)),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> array.get("empty", 1, 1, new ByteArrayOutputStream()));
        assertThrows(ObjectNotFoundException.class, () -> array.get("nothing", 0, 1, new ByteArrayOutputStream()));
    }

    /** With m drives failed, a range still reads its slice (served from parity). */
    @Example
    void aRangeReadOnADegradedArrayIsServedFromParity() throws Exception {
        Path d = Files.createTempDirectory("flashcore-range-degraded");
        try {
            ArrayConfig cfg = ArrayConfig.builder().driveFiles(d.resolve("drives"), 6).layout(4, 2)
                    .shardBytes(64 * 1024).driveBytes(128L << 20).build();
            byte[] bytes = FlashArrayTest.data(43, 3 << 20, 1.2, 2);
            try (FlashArray a = FlashArray.create(d.resolve("a"), cfg)) {
                a.put("x", new java.io.ByteArrayInputStream(bytes));
                a.failDrive(1);
                a.failDrive(4);
                java.util.Random r = new java.util.Random(7);
                for (int i = 0; i < 20; i++) {
                    int offset = r.nextInt(bytes.length);
                    int length = r.nextInt(300_000);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    a.get("x", offset, length, out);
                    assertArrayEquals(Arrays.copyOfRange(bytes, offset, Math.min(offset + length, bytes.length)),
                            out.toByteArray(), "range " + offset + " + " + length);
                }
            }
        } finally {
            try (var walk = Files.walk(d)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
