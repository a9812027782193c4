package io.flashcore.reduction.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

class ChunkerSpecTest {
    @Test
    void shouldNameBadValuesAndRanges() {
        var e = assertThrows(InvalidChunkerSpecException.class, () -> ChunkerSpec.fastCdc2020(32, 16384, 65536));
        assertTrue(e.getMessage().contains("min") && e.getMessage().contains("32"), e.getMessage());
        e = assertThrows(InvalidChunkerSpecException.class, () -> ChunkerSpec.fastCdc2020(4096, 16384, 65536, 4, 0));
        assertTrue(e.getMessage().contains("level"), e.getMessage());
        e = assertThrows(InvalidChunkerSpecException.class, () -> ChunkerSpec.fastCdc2016(8192, 4096, 65536));
        assertTrue(e.getMessage().contains("min <= avg <= max"), e.getMessage());
        e = assertThrows(InvalidChunkerSpecException.class, () -> ChunkerSpec.fixed(1000));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        e = assertThrows(InvalidChunkerSpecException.class, () -> ChunkerSpec.vector(16384, 16384, 16384));
        assertTrue(e.getMessage().contains("vector"), e.getMessage());
        assertThrows(InvalidChunkerSpecException.class, () -> ChunkerAlgorithm.fromName("rabin"));
        assertThrows(InvalidChunkerSpecException.class,
                () -> new ChunkerSpec(ChunkerAlgorithm.RONOMON, 4096, 16384, 65536, 1, 0));
    }

    @Test
    void shouldFillDefaultsAroundSixteenKiB() {
        ChunkerSpec s = ChunkerSpec.withDefaults(ChunkerAlgorithm.FASTCDC2020, null, null, null, null, null);
        assertEquals("fastcdc2020.v1(min=4096,avg=16384,max=65536,level=1,seed=0)", s.identity());
        assertEquals(ChunkerSpec.fixed(16384), ChunkerSpec.withDefaults(ChunkerAlgorithm.FIXED, null, null, null, null, null));
        assertEquals("vector.v1(min=4096,avg=16384,max=65536,level=0,seed=0)",
                ChunkerSpec.withDefaults(ChunkerAlgorithm.VECTOR, null, null, null, null, null).identity());
    }

    @Test
    void shouldCutFixedBlocksWithShortLastBlock() {
        long[] l = Chunkers.fixed(4096).lengths(MemorySegment.ofArray(new byte[4096 * 3 + 5]));
        assertEquals(4, l.length);
        assertEquals(4096, l[0]);
        assertEquals(5, l[3]);
    }

    @Test
    void shouldGiveNoChunksForEmptyStream() {
        for (ChunkerAlgorithm a : ChunkerAlgorithm.values()) {
            ChunkerSpec spec = ChunkerSpec.withDefaults(a, null, null, null, null, null);
            assertEquals(0, spec.newChunker().lengths(MemorySegment.ofArray(new byte[0])).length, a.cliName());
        }
    }

    @Test
    void shouldReuseChunkLengthsWithoutGrowingAfterClear() {
        ChunkLengths out = new ChunkLengths(2);
        out.chunk(0, 10);
        out.chunk(10, 20);
        out.chunk(30, 5);
        assertEquals(35, out.totalBytes());
        out.clear();
        assertEquals(0, out.size());
        assertEquals(-1, out.firstOffset());
    }
}
