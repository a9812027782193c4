package io.flashcore.reduction.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants every chunker keeps, over generated data of several entropies. */
class ChunkerPropertiesTest {

    /** Data of a given kind: random, small alphabet, long runs, or text-like. */
    static byte[] data(long seed, int length, int kind) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[length];
        switch (kind) {
            case 0 -> r.nextBytes(b);
            case 1 -> {
                for (int i = 0; i < length; i++) {
                    b[i] = (byte) (0x61 + r.nextInt(4));
                }
            }
            case 2 -> {
                int i = 0;
                while (i < length) {
                    int run = 1 + r.nextInt(3000);
                    byte v = (byte) r.nextInt(256);
                    for (int k = 0; k < run && i < length; k++) {
                        b[i++] = v;
                    }
                }
            }
            default -> {
                for (int i = 0; i < length; i++) {
                    b[i] = (byte) (r.nextInt(10) == 0 ? ' ' : 0x41 + r.nextInt(58));
                }
            }
        }
        return b;
    }

    @Provide
    Arbitrary<ChunkerSpec> specs() {
        Arbitrary<Integer> avgs = Arbitraries.of(512, 1024, 2048, 3000, 4096);
        return Combinators.combine(Arbitraries.of(ChunkerAlgorithm.values()), avgs, Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 1000)).as((a, avg, level, seed) -> switch (a) {
                    case FIXED -> ChunkerSpec.fixed(4096 << (level % 2));
                    case FASTCDC2020, FASTCDC2016 -> new ChunkerSpec(a, Math.max(64, avg / 4), avg, avg * 4, level,
                            seed % 2 == 0 ? 0 : seed);
                    case RONOMON -> ChunkerSpec.ronomon(Math.max(64, avg / 4), avg, avg * 4);
                    case VECTOR -> ChunkerSpec.vector(Math.max(64, avg / 4), avg, avg * 4);
                    case VECTOR_AE -> ChunkerSpec.vectorAe(Math.max(64, avg / 4), avg, avg * 4);
                });
    }

    @Property(tries = 60)
    void cutsIgnoreBufferSplits(@ForAll("specs") ChunkerSpec spec, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 0, max = 60_000) int length) {
        byte[] bytes = data(seed, length, kind);
        MemorySegment whole = MemorySegment.ofArray(bytes);
        long[] expected = spec.newChunker().lengths(whole);
        Chunker c = spec.newChunker();
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        ChunkLengths out = new ChunkLengths();
        long off = 0;
        while (off < length) {
            int piece = (int) Math.min(length - off, r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(9000));
            c.update(whole.asSlice(off, piece), out);
            off += piece;
        }
        c.finish(out);
        assertArrayEquals(expected, out.toArray(), spec.identity());
        assertEquals(length, sum(expected));
    }

    @Property(tries = 30)
    void streamsAndBuffersGiveSegmentCuts(@ForAll("specs") ChunkerSpec spec, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 0, max = 300_000) int length)
            throws IOException {
        byte[] bytes = data(seed, length, kind);
        long[] expected = spec.newChunker().lengths(MemorySegment.ofArray(bytes));
        assertArrayEquals(expected, spec.newChunker().lengths(new ByteArrayInputStream(bytes)));
        ByteBuffer direct = ByteBuffer.allocateDirect(length).put(bytes).flip();
        Chunker c = spec.newChunker();
        ChunkLengths out = new ChunkLengths();
        c.update(direct, out);
        c.finish(out);
        assertArrayEquals(expected, out.toArray());
        List<Chunk> chunks = spec.newChunker().chunks(MemorySegment.ofArray(bytes));
        long at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(at, chunks.get(i).offset());
            assertEquals(expected[i], chunks.get(i).length());
            at = chunks.get(i).end();
        }
    }

    @Property(tries = 60)
    void sizesStayWithinMinAndMaxButForTheLast(@ForAll("specs") ChunkerSpec spec, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 1, max = 200_000) int length) {
        long[] lengths = spec.newChunker().lengths(MemorySegment.ofArray(data(seed, length, kind)));
        for (int i = 0; i < lengths.length; i++) {
            assertTrue(lengths[i] <= spec.maxBytes(), () -> spec + " chunk above max");
            if (i < lengths.length - 1) {
                // FastCDC 2020 hashes from 2*floor(min/2), so an odd min may give min - 1 (as in fastcdc-rs)
                long lowest = spec.algorithm() == ChunkerAlgorithm.FASTCDC2020 ? 2L * (spec.minBytes() / 2)
                        : spec.minBytes();
                assertTrue(lengths[i] >= lowest, spec + " chunk " + i + " of " + lengths[i] + " below min");
            }
            assertTrue(lengths[i] >= 1);
        }
        assertEquals(length, sum(lengths));
    }

    @Property(tries = 40)
    void insertionChangesOnlyNearbyCuts(@ForAll("specs") ChunkerSpec spec, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 1, max = 64) int inserted,
            @ForAll @IntRange(min = 0, max = 1000) int permille) {
        if (spec.algorithm() == ChunkerAlgorithm.FIXED || kind == 2) {
            // fixed blocks are not content-defined; and inside a run of one byte value longer than
            // a chunk every content-defined chunker cuts periodically, phase-locked to where the run
            // was entered, so such data need not resynchronise
            return;
        }
        if (spec.algorithm() == ChunkerAlgorithm.VECTOR && kind != 0) {
            // RAM cuts at the first byte reaching the window's maximum; in low-entropy data that
            // value recurs every few dozen bytes, so two chunkings out of phase can stay out of
            // phase for many chunks (its weaker dedup, measured on the corpora)
            return;
        }
        if (spec.algorithm() == ChunkerAlgorithm.VECTOR_AE && kind == 1) {
            // over a 4-letter alphabet the 16-bit maximum ("dd") recurs every 16 bytes or so, and AE
            // degenerates the same way as RAM
            return;
        }
        int length = 64 * spec.maxBytes();
        byte[] before = data(seed, length, kind);
        // leave room after the insertion for the cuts to meet again
        int at = (int) ((long) (length - 16 * spec.maxBytes()) * permille / 1000);
        byte[] after = new byte[length + inserted];
        System.arraycopy(before, 0, after, 0, at);
        new SplittableRandom(seed + 1).nextBytes(java.util.Arrays.copyOfRange(after, at, at + inserted));
        for (int i = 0; i < inserted; i++) {
            after[at + i] = (byte) (i * 37 + 11);
        }
        System.arraycopy(before, at, after, at + inserted, length - at);
        long[] a = ends(spec.newChunker().lengths(MemorySegment.ofArray(before)));
        long[] b = ends(spec.newChunker().lengths(MemorySegment.ofArray(after)));
        // a cut depends only on the bytes of its own chunk (and, for FastCDC, the byte after it)
        for (int i = 0; i < a.length && a[i] < at; i++) {
            assertEquals(a[i], b[i], spec + ": cut before the insertion moved");
        }
        // after the insertion both streams meet at a common cut, and from there every cut is shared
        Set<Long> shifted = new HashSet<>();
        for (long e : a) {
            if (e > at) {
                shifted.add(e + inserted);
            }
        }
        long firstCommon = -1;
        for (long e : b) {
            if (e > at + inserted && shifted.contains(e)) {
                firstCommon = e;
                break;
            }
        }
        long meet = firstCommon;
        assertTrue(meet > 0 && meet - at <= 16L * spec.maxBytes(),
                () -> spec + ": cuts never resynchronised after an insertion at " + at + " (meet " + meet + ")");
        List<Long> tailA = new ArrayList<>();
        List<Long> tailB = new ArrayList<>();
        for (long e : a) {
            if (e + inserted >= meet) {
                tailA.add(e + inserted);
            }
        }
        for (long e : b) {
            if (e >= meet) {
                tailB.add(e);
            }
        }
        assertEquals(tailA, tailB, spec.identity());
    }

    @Property(tries = 200)
    void vectorPathEqualsScalarPath(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 0, max = 120_000) int length, @ForAll @IntRange(min = 64, max = 3000) int min,
            @ForAll @IntRange(min = 0, max = 6000) int avgExtra, @ForAll @IntRange(min = 1, max = 9000) int maxExtra,
            @ForAll @IntRange(min = 1, max = 70_000) int piece) {
        int avg = Math.max(ChunkerSpec.VECTOR_AVG_MIN, min + avgExtra);
        int max = Math.max(ChunkerSpec.MAX_MIN, Math.max(avg, min) + maxExtra);
        byte[] bytes = data(seed, length, kind);
        MemorySegment whole = MemorySegment.ofArray(bytes);
        long[] scalar = Chunkers.vectorScalar(min, avg, max).lengths(whole);
        assertArrayEquals(scalar, Chunkers.vector(min, avg, max).lengths(whole));
        MemorySegment off = MemorySegment.ofArray(new byte[length + 7]).asSlice(7, length);
        MemorySegment.copy(whole, 0, off, 0, length);
        assertArrayEquals(scalar, FastCdcReferenceTest.feedInPieces(Chunkers.vector(min, avg, max), off, piece));
    }

    @Property(tries = 200)
    void vectorAePathEqualsScalarPath(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 0, max = 120_000) int length, @ForAll @IntRange(min = 64, max = 3000) int min,
            @ForAll @IntRange(min = 2, max = 6000) int avgExtra, @ForAll @IntRange(min = 1, max = 9000) int maxExtra,
            @ForAll @IntRange(min = 1, max = 70_000) int piece) {
        int avg = Math.max(ChunkerSpec.VECTOR_AVG_MIN, min + avgExtra);
        int max = Math.max(ChunkerSpec.MAX_MIN, avg + maxExtra);
        byte[] bytes = data(seed, length, kind);
        MemorySegment whole = MemorySegment.ofArray(bytes);
        long[] scalar = Chunkers.vectorAeScalar(min, avg, max).lengths(whole);
        assertArrayEquals(reference(bytes, min, (int) AeVectorChunker.spread(min, avg), max), scalar);
        assertArrayEquals(scalar, Chunkers.vectorAe(min, avg, max).lengths(whole));
        MemorySegment off = MemorySegment.ofArray(new byte[length + 7]).asSlice(7, length);
        MemorySegment.copy(whole, 0, off, 0, length);
        assertArrayEquals(scalar, FastCdcReferenceTest.feedInPieces(Chunkers.vectorAe(min, avg, max), off, piece));
        assertArrayEquals(scalar, FastCdcReferenceTest.feedInPieces(Chunkers.vectorAeScalar(min, avg, max), off, piece));
    }

    /** Asymmetric Extremum over 16-bit values, written straight from its definition. */
    static long[] reference(byte[] b, int min, int w, int max) {
        List<Long> out = new ArrayList<>();
        int s = 0;
        while (s < b.length) {
            int lim = Math.min(b.length - s, max);
            int len = lim;
            int best = -1;
            int m = 0;
            for (int r = min; r < lim; r++) {
                int v = ((b[s + r - 1] & 0xff) << 8) | (b[s + r] & 0xff);
                if (v > best) {
                    best = v;
                    m = r;
                } else if (r == m + w) {
                    len = r + 1;
                    break;
                }
            }
            out.add((long) len);
            s += len;
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Property(tries = 100)
    void vectorCutFollowsItsDefinition(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 1, max = 50_000) int length) {
        int min = 256;
        int avg = 2048;
        int max = 8192;
        byte[] b = data(seed, length, kind);
        long[] lengths = Chunkers.vector(min, avg, max).lengths(MemorySegment.ofArray(b));
        int window = Math.max(min, avg - ChunkerSpec.VECTOR_TAIL);
        int start = 0;
        for (int i = 0; i < lengths.length - 1; i++) {
            int end = start + (int) lengths[i];
            int m = 0;
            for (int k = start; k < start + window; k++) {
                m = Math.max(m, b[k] & 0xff);
            }
            for (int k = start + window; k < end - 1; k++) {
                assertTrue((b[k] & 0xff) < m, "an earlier byte reached the window maximum");
            }
            assertTrue(end - start == max || (b[end - 1] & 0xff) >= m, "cut byte below the window maximum");
            start = end;
        }
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) {
            s += x;
        }
        return s;
    }

    private static long[] ends(long[] lengths) {
        long[] e = new long[lengths.length];
        long at = 0;
        for (int i = 0; i < lengths.length; i++) {
            at += lengths[i];
            e[i] = at;
        }
        return e;
    }
}
