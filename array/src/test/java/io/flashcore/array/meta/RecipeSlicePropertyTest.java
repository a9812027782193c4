package io.flashcore.array.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.flashcore.array.CorruptDataException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link ObjectHead#slice}: the chunks covering a byte range, read from as few recipe segments as it needs. */
class RecipeSlicePropertyTest {
    private static final int FP = 8;

    /** A recipe of {@code n} chunks of 1..{@code maxLen} bytes, each fingerprint its index. */
    private static ObjectRecord recipe(long seed, int n, int maxLen) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] lengths = new int[n];
        byte[] fps = new byte[n * FP];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + r.nextInt(maxLen);
            sum += lengths[i];
            java.nio.ByteBuffer.wrap(fps, i * FP, FP).putLong(i);
        }
        return new ObjectRecord("o", sum, 7, FP, fps, lengths);
    }

    /** The head and segment values as the store persists them; format-1 segments when {@code v1}. */
    private static List<byte[]> persist(ObjectRecord o, boolean v1, List<byte[]> segments) {
        RecordWriter w = new RecordWriter(64);
        long start = 0;
        for (int s = 0; s < o.segmentCount(); s++) {
            if (v1) {
                int from = s * ObjectRecord.SEGMENT_CHUNKS;
                int to = Math.min(o.chunkCount(), from + ObjectRecord.SEGMENT_CHUNKS);
                w.reset().u8(1).varLong(s).varLong(to - from);
                for (int i = from; i < to; i++) {
                    w.varLong(o.lengths()[i]);
                }
                w.raw(o.fingerprints(), from * FP, (to - from) * FP);
                segments.add(w.toByteArray());
            } else {
                segments.add(o.encodeSegment(s, start, w));
            }
            start += o.segmentBytes(s);
        }
        return segments;
    }

    /** The expected slice, counted on the whole recipe. */
    private static RecipeSlice expected(ObjectRecord o, long offset, long length) {
        long end = offset + Math.min(length, o.logicalBytes() - offset);
        if (end == offset) {
            return new RecipeSlice(o.chunks(0, 0), offset, o.logicalBytes());
        }
        int first = 0;
        long at = 0;
        while (at + o.lengths()[first] <= offset) {
            at += o.lengths()[first++];
        }
        int last = first;
        for (long pos = at; pos < end; last++) {
            pos += o.lengths()[last];
        }
        return new RecipeSlice(o.chunks(first, last), at, o.logicalBytes());
    }

    private static void assertSlice(RecipeSlice want, RecipeSlice got) {
        assertEquals(want.start(), got.start());
        assertEquals(want.objectBytes(), got.objectBytes());
        assertArrayEquals(want.chunks().lengths(), got.chunks().lengths());
        assertArrayEquals(want.chunks().fingerprints(), got.chunks().fingerprints());
        assertEquals(want.chunks().logicalBytes(), got.chunks().logicalBytes());
    }

    /**
     * Any range of an inline, one-segment or many-segment recipe, in segment format 2 or 1, slices to the
     * chunks counted on the whole recipe; format 2 reads at most the binary search's segments and those
     * the range spans.
     */
    @Property(tries = 200)
    void aSliceHoldsExactlyTheChunksCoveringItsRange(@ForAll @IntRange(min = 1, max = 5 * 4096 + 17) int chunks,
                                                     @ForAll @LongRange(min = 0, max = 1000) long seed,
                                                     @ForAll @IntRange(min = 0, max = 1_000_000) int offsetPerMillion,
                                                     @ForAll @IntRange(min = 0, max = 40_000) int length,
                                                     @ForAll boolean v1) throws Exception {
        ObjectRecord o = recipe(seed, chunks, 24);
        long offset = o.logicalBytes() * offsetPerMillion / 1_000_000;
        ObjectHead head = ObjectHead.decode("o", o.encode(new RecordWriter(64)));
        List<byte[]> segments = persist(o, v1, new ArrayList<>());
        int[] reads = new int[1];
        RecipeSlice got = head.slice(offset, length, s -> {
            reads[0]++;
            return segments.get(s);
        });
        assertSlice(expected(o, offset, length), got);
        if (!v1 && segments.size() > 1) {
            int search = 32 - Integer.numberOfLeadingZeros(segments.size());
            int spanned = (int) ((length + 24L * ObjectRecord.SEGMENT_CHUNKS) / ObjectRecord.SEGMENT_CHUNKS) + 2;
            assertTrue(reads[0] <= search + spanned, reads[0] + " segment reads for " + segments.size() + " segments");
        }
    }

    @Example
    void aRangeInTheLastSegmentReadsFewSegments() throws Exception {
        ObjectRecord o = recipe(3, 40 * 4096, 4);
        ObjectHead head = ObjectHead.decode("o", o.encode(new RecordWriter(64)));
        List<byte[]> segments = persist(o, false, new ArrayList<>());
        List<Integer> read = new ArrayList<>();
        RecipeSlice got = head.slice(o.logicalBytes() - 10, 5, s -> {
            read.add(s);
            return segments.get(s);
        });
        assertSlice(expected(o, o.logicalBytes() - 10, 5), got);
        assertTrue(read.size() <= 7 && read.contains(39), "read segments " + read + " of 40");
    }

    @Example
    void aSegmentWhoseStartDisagreesIsCorrupt() throws Exception {
        ObjectRecord o = recipe(5, 3 * 4096, 10);
        ObjectHead head = ObjectHead.decode("o", o.encode(new RecordWriter(64)));
        List<byte[]> segments = persist(o, false, new ArrayList<>());
        // Segment 2 claiming to start one byte later than segment 1 ends.
        segments.set(2, o.encodeSegment(2, o.segmentBytes(0) + o.segmentBytes(1) + 1, new RecordWriter(64)));
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> head.slice(o.logicalBytes() - 3, 2, segments::get));
        assertTrue(e.getMessage().contains("'o'") && e.getMessage().contains("segment 2"), e.getMessage());
        assertThrows(CorruptDataException.class, () -> head.withSegments(segments));
    }

    @Example
    void aRangeOutsideTheObjectIsRefused() throws Exception {
        ObjectRecord o = recipe(6, 10, 10);
        ObjectHead head = ObjectHead.decode("o", o.encode(new RecordWriter(64)));
        for (long[] bad : new long[][] {{-1, 1}, {0, -1}, {o.logicalBytes() + 1, 0}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> head.slice(bad[0], bad[1], s -> new byte[0]));
            assertTrue(e.getMessage().contains(String.valueOf(o.logicalBytes())), e.getMessage());
        }
        assertEquals(0, head.slice(o.logicalBytes(), 10, s -> new byte[0]).chunks().chunkCount());
        assertEquals(Arrays.stream(o.lengths()).sum(), head.slice(0, Long.MAX_VALUE, s -> new byte[0]).chunks().logicalBytes());
    }
}
