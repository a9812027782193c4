package io.flashcore.reduction.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashcore.testdata.Corpora;
import org.junit.jupiter.api.Test;

/**
 * Cut points against fastcdc-rs's own expected cuts over its test image (shared test data; skips
 * when absent). Every case in each fixture file is checked, whole and fed in odd-sized buffers.
 */
class FastCdcReferenceTest {
    private static final Pattern CASE = Pattern.compile(
            "\"min(\\d+)_avg(\\d+)_max(\\d+)(?:_Level(\\d))?(?:_seed(\\d+))?\"\\s*:\\s*\\[(.*?)\\]\\s*\\]", Pattern.DOTALL);
    private static final Pattern PAIR = Pattern.compile("\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]");

    @Test
    void shouldMatchFastCdc2020ReferenceCuts() throws IOException {
        assertEveryCase("expected_v2020_cut.json", ChunkerAlgorithm.FASTCDC2020);
    }

    @Test
    void shouldMatchFastCdc2016ReferenceCuts() throws IOException {
        assertEveryCase("expected_v2016_cut.json", ChunkerAlgorithm.FASTCDC2016);
    }

    @Test
    void shouldMatchRonomonReferenceCuts() throws IOException {
        assertEveryCase("expected_ronomon_cut.json", ChunkerAlgorithm.RONOMON);
    }

    private static void assertEveryCase(String fixture, ChunkerAlgorithm algorithm) throws IOException {
        Path image = Corpora.requireFixture("fastcdc-rs/SekienAkashita.jpg");
        String json = Files.readString(Corpora.requireFixture("fastcdc-rs/" + fixture));
        MemorySegment data = MemorySegment.ofArray(Files.readAllBytes(image));
        Matcher m = CASE.matcher(json);
        int cases = 0;
        while (m.find()) {
            int min = Integer.parseInt(m.group(1));
            int avg = Integer.parseInt(m.group(2));
            int max = Integer.parseInt(m.group(3));
            int level = m.group(4) != null ? Integer.parseInt(m.group(4)) : 1;
            long seed = m.group(5) != null ? Long.parseLong(m.group(5)) : 0;
            List<Long> expected = new ArrayList<>();
            Matcher p = PAIR.matcher(m.group(6) + "]");
            while (p.find()) {
                expected.add(Long.parseLong(p.group(2)));
            }
            ChunkerSpec spec = algorithm == ChunkerAlgorithm.RONOMON ? ChunkerSpec.ronomon(min, avg, max)
                    : new ChunkerSpec(algorithm, min, avg, max, level, seed);
            long[] want = expected.stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(want, spec.newChunker().lengths(data), spec.identity());
            assertArrayEquals(want, feedInPieces(spec.newChunker(), data, 4093), spec.identity() + " in pieces");
            assertArrayEquals(want, feedInPieces(spec.newChunker(), data, 1), spec.identity() + " byte by byte");
            cases++;
        }
        assertFalse(cases == 0, "no cases parsed from " + fixture);
    }

    static long[] feedInPieces(Chunker chunker, MemorySegment data, int piece) {
        ChunkLengths out = new ChunkLengths();
        for (long off = 0; off < data.byteSize(); off += piece) {
            chunker.update(data.asSlice(off, Math.min(piece, data.byteSize() - off)), out);
        }
        chunker.finish(out);
        return out.toArray();
    }

    @Test
    void shouldCutAllZerosAtMaximumLikeRonomonReference() {
        // fastcdc-rs ronomon test_all_zeros: 10240 zero bytes, 64/256/1024 -> ten chunks of 1024
        long[] lengths = Chunkers.ronomon(64, 256, 1024).lengths(MemorySegment.ofArray(new byte[10240]));
        assertEquals(10, lengths.length);
        for (long l : lengths) {
            assertEquals(1024, l);
        }
    }
}
