package io.flashcore.reduction.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.RecordDescriptor;
import io.flashcore.reduction.compress.RecordHeader;
import io.flashcore.reduction.compress.RecordKind;
import io.flashcore.reduction.similar.ReferenceCache;
import io.flashcore.reduction.similar.SimilarityIndex;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReductionPipelineTest {

    static MemorySegment of(Arena arena, byte[] b) {
        MemorySegment s = arena.allocate(Math.max(1, b.length)).asSlice(0, b.length);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        return s;
    }

    /** Versions of a set of random "files": each version edits a few bytes of the last one. */
    static List<byte[]> versionedChunks(long seed, int files, int versions, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>();
        byte[][] current = new byte[files][];
        for (int f = 0; f < files; f++) {
            current[f] = new byte[length];
            r.nextBytes(current[f]);
        }
        for (int v = 0; v < versions; v++) {
            for (int f = 0; f < files; f++) {
                if (v > 0 && r.nextInt(4) != 0) {
                    current[f] = current[f].clone();
                    for (int k = 0; k < 5; k++) {
                        current[f][r.nextInt(length)] = (byte) r.nextInt();
                    }
                }
                out.add(current[f]);
            }
        }
        return out;
    }

    @Property(tries = 10)
    void decodeOfEveryDecisionIsIdentityAndDeltasAreOneDeep(@ForAll @IntRange(min = 1, max = 6) int files,
            @ForAll @IntRange(min = 1, max = 6) int versions, @ForAll long seed, @ForAll boolean measurePlain) {
        List<byte[]> chunks = versionedChunks(seed, files, versions, 8192);
        ReductionSettings settings = ReductionSettings.DEFAULT.withMeasurePlain(measurePlain);
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                ReferenceCache cache = new ReferenceCache(1 << 24);
                ReductionPipeline p = new ReductionPipeline(settings, new InMemoryDedupTable(), new SimilarityIndex(),
                        cache, dicts, null)) {
            Map<Long, byte[]> records = new HashMap<>();
            Set<Long> references = new HashSet<>();
            List<Long> ids = new ArrayList<>();
            long next = 0;
            for (byte[] c : chunks) {
                MemorySegment chunk = of(arena, c);
                MemorySegment out = arena.allocate(ReductionPipeline.maxRecordLength(c.length));
                Reduction r = p.reduce(chunk, next++, out);
                ids.add(r.chunkId());
                if (r.kind() == ReductionKind.DEDUP) {
                    assertEquals(0, r.storedBytes());
                    continue;
                }
                byte[] rec = out.asSlice(0, r.storedBytes()).toArray(ValueLayout.JAVA_BYTE);
                records.put(r.chunkId(), rec);
                RecordHeader h = RecordDescriptor.read(of(arena, rec));
                if (r.kind() == ReductionKind.DELTA) {
                    assertEquals(RecordKind.DELTA, h.kind());
                    assertTrue(references.contains(r.referenceId()), "a delta's reference is a registered plain chunk");
                    assertTrue(r.plainBytes() == -1 || r.storedBytes() < r.plainBytes());
                } else {
                    assertTrue(h.kind() != RecordKind.DELTA);
                }
                if (r.reference()) {
                    references.add(r.chunkId());
                    cache.put(r.chunkId(), chunk);
                }
            }
            for (int i = 0; i < chunks.size(); i++) {
                byte[] c = chunks.get(i);
                MemorySegment dst = arena.allocate(c.length);
                long id = ids.get(i);
                List<Long> asked = new ArrayList<>();
                int n = p.codec().decode(of(arena, records.get(id)), dst, ref -> {
                    asked.add(ref);
                    MemorySegment plainRef = cache.resolve(ref);
                    // The reference's own record never needs another reference.
                    RecordHeader rh = RecordDescriptor.read(of(arena, records.get(ref)));
                    assertTrue(rh.kind() != RecordKind.DELTA, "reference " + ref + " is itself a delta");
                    return plainRef;
                });
                assertEquals(c.length, n);
                assertArrayEquals(c, dst.toArray(ValueLayout.JAVA_BYTE), "chunk " + i);
                assertTrue(asked.size() <= 1, "a delta depends on at most one reference");
            }
        }
    }

    @Test
    void shouldDedupDeltaAndCompressAsExpected() {
        List<byte[]> chunks = versionedChunks(7, 4, 5, 16384);
        long[] withSimilarity = run(chunks, true);
        long[] without = run(chunks, false);
        assertEquals(without[0], withSimilarity[0], "dedup does not depend on similarity");
        assertTrue(withSimilarity[2] > 0, "some chunks become deltas");
        assertTrue(withSimilarity[1] * 3 < without[1], withSimilarity[1] + " vs " + without[1]);
    }

    @Test
    void shouldSketchOnlyEveryFourthChunkAfterABackoffOfMisses() {
        ReductionSettings settings = ReductionSettings.DEFAULT.withSketchBackoff(8);
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                ReferenceCache cache = new ReferenceCache(1 << 24);
                ReductionPipeline p = new ReductionPipeline(settings, new InMemoryDedupTable(), new SimilarityIndex(),
                        cache, dicts, null)) {
            SplittableRandom r = new SplittableRandom(11);
            MemorySegment out = arena.allocate(ReductionPipeline.maxRecordLength(8192));
            int references = 0;
            for (int i = 0; i < 48; i++) {
                byte[] b = new byte[8192];
                r.nextBytes(b);
                Reduction red = p.reduce(of(arena, b), i, out);
                if (red.reference()) {
                    references++;
                    cache.put(red.chunkId(), of(arena, b));
                }
            }
            // 8 sketched before backing off, then one in four of the remaining 40.
            assertEquals(8 + 40 / ReductionPipeline.BACKOFF_STRIDE, references);
        }
    }

    /** Returns {unique chunks, stored bytes, deltas}. */
    private static long[] run(List<byte[]> chunks, boolean similarity) {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                ReferenceCache cache = new ReferenceCache(1 << 24);
                ReductionPipeline p = new ReductionPipeline(ReductionSettings.DEFAULT.withSimilarity(similarity),
                        new InMemoryDedupTable(), new SimilarityIndex(), cache, dicts, null)) {
            long unique = 0;
            long stored = 0;
            long deltas = 0;
            long next = 0;
            MemorySegment out = arena.allocate(ReductionPipeline.maxRecordLength(16384));
            for (byte[] c : chunks) {
                MemorySegment chunk = of(arena, c);
                Reduction r = p.reduce(chunk, next++, out);
                if (r.kind() != ReductionKind.DEDUP) {
                    unique++;
                }
                if (r.kind() == ReductionKind.DELTA) {
                    deltas++;
                }
                stored += r.storedBytes();
                if (r.reference()) {
                    cache.put(r.chunkId(), chunk);
                }
            }
            return new long[] {unique, stored, deltas};
        }
    }
}
