package io.flashcore.reduction.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.luben.zstd.ZstdInputStream;
import io.flashcore.testdata.Corpora;
import org.junit.jupiter.api.Test;

/**
 * zstd's own golden files behave as upstream's tests expect: valid frames decode, error frames
 * fail with a typed error (never garbage), golden inputs round-trip at every level, and the golden
 * dictionary compresses and decodes its input.
 */
class ZstdGoldenFilesTest {
    /** Decoded lengths of upstream's golden-decompression frames (some carry no content size). */
    private static final Map<String, Integer> DECODED_LENGTHS = Map.of(
            "block-128k.zst", 131_068,
            "empty-block.zst", 0,
            "rle-first-block.zst", 1_048_576,
            "zeroSeq_2B.zst", 13);

    @Test
    void shouldDecodeEveryValidGoldenFrame() throws IOException {
        Path dir = Corpora.requireFixture("zstd-golden/golden-decompression");
        List<Path> files = Corpora.files(dir);
        assertFalse(files.isEmpty());
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false)) {
            for (Path f : files) {
                byte[] frame = Files.readAllBytes(f);
                Integer expected = DECODED_LENGTHS.get(f.getFileName().toString());
                assertNotNull(expected, "no known decoded length for " + f);
                byte[] streamed = streamDecode(frame);
                assertEquals(expected.intValue(), streamed.length, f.toString());
                MemorySegment dst = arena.allocate(Math.max(1, expected)).asSlice(0, expected);
                codec.decompress(Segments.of(arena, frame), dst);
                assertArrayEquals(streamed, Segments.bytes(dst), f.toString());
            }
        }
    }

    private static byte[] streamDecode(byte[] frame) throws IOException {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldRejectEveryGoldenErrorFrame() throws IOException {
        Path dir = Corpora.requireFixture("zstd-golden/golden-decompression-errors");
        List<Path> files = Corpora.files(dir).stream().filter(p -> p.toString().endsWith(".zst")).toList();
        assertFalse(files.isEmpty());
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false)) {
            for (Path f : files) {
                MemorySegment frame = Segments.of(arena, Files.readAllBytes(f));
                // A destination far larger than any plausible output: the failure must be zstd's
                // own corruption verdict, not a length mismatch.
                MemorySegment dst = arena.allocate(1 << 20);
                CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> codec.decompress(frame, dst),
                        f.toString());
                assertNotNull(e.getCause(), f + ": " + e.getMessage());
            }
        }
    }

    @Test
    void shouldRoundTripEveryGoldenCompressionInputAtEveryLevel() throws IOException {
        Path dir = Corpora.requireFixture("zstd-golden/golden-compression");
        int[] levels = {-5, -1, 1, 3, 9, 19};
        try (Arena arena = Arena.ofConfined()) {
            for (Path f : Corpora.files(dir)) {
                byte[] data = Files.readAllBytes(f);
                for (int level : levels) {
                    try (ZstdCodec codec = new ZstdCodec(level, true)) {
                        MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
                        int n = codec.compress(Segments.of(arena, data), frame);
                        MemorySegment dst = arena.allocate(Math.max(1, data.length)).asSlice(0, data.length);
                        codec.decompress(frame.asSlice(0, n), dst);
                        assertArrayEquals(data, Segments.bytes(dst), f + " at level " + level);
                    }
                }
            }
        }
    }

    @Test
    void shouldCompressWithTheGoldenDictionary() throws IOException {
        byte[] dictBytes = Files.readAllBytes(Corpora.requireFixture("zstd-golden/golden-dictionaries/http-dict-missing-symbols"));
        byte[] data = Files.readAllBytes(Corpora.requireFixture("zstd-golden/golden-compression/http"));
        try (Arena arena = Arena.ofConfined(); CompressionDictionary dict = CompressionDictionary.of(dictBytes, 3)) {
            for (int level : new int[] {1, 3, 19}) {
                try (ZstdCodec codec = new ZstdCodec(level, false)) {
                    MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
                    int n = codec.compress(Segments.of(arena, data), frame, dict);
                    MemorySegment dst = arena.allocate(data.length);
                    codec.decompress(frame.asSlice(0, n), dst, dict);
                    assertArrayEquals(data, Segments.bytes(dst));
                }
            }
        }
    }
}
