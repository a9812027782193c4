package io.flashcore.reduction.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ZstdCodecTest {

    @Provide
    Arbitrary<byte[]> chunks() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(70_000),
                Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 140_000)
                        .map(n -> Segments.text(seed, n))),
                Arbitraries.integers().between(1, 20_000).map(n -> new byte[n]));
    }

    @Provide
    Arbitrary<Integer> levels() {
        return Arbitraries.of(-7, -1, 1, 3, 6, 12, 19);
    }

    @Property(tries = 60)
    void decodeOfEncodeIsIdentity(@ForAll("chunks") byte[] data, @ForAll("levels") int level,
            @ForAll boolean checksum) {
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(level, checksum)) {
            MemorySegment src = Segments.of(arena, data);
            MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
            int n = codec.compress(src, frame);
            MemorySegment dst = arena.allocate(Math.max(1, data.length)).asSlice(0, data.length);
            codec.decompress(frame.asSlice(0, n), dst);
            assertArrayEquals(data, Segments.bytes(dst));
        }
    }

    /**
     * A delta decodes to its input whichever library made it (the system libzstd against a prefix, or
     * zstd-jni against a dictionary), and either codec decodes the other's frame; with a checksum too.
     */
    @Property(tries = 30)
    void deltaDecodeOfEncodeIsIdentity(@ForAll("chunks") byte[] reference, @ForAll @IntRange(min = 0, max = 64) int edits,
            @ForAll("levels") int level, @ForAll boolean checksum) {
        byte[] target = reference.clone();
        java.util.SplittableRandom r = new java.util.SplittableRandom(edits * 31L + reference.length);
        for (int i = 0; i < edits && target.length > 0; i++) {
            target[r.nextInt(target.length)] = (byte) r.nextInt();
        }
        try (Arena arena = Arena.ofConfined(); ZstdCodec prefix = new ZstdCodec(level, checksum, true);
             ZstdCodec dictionary = new ZstdCodec(level, checksum, false)) {
            MemorySegment ref = Segments.of(arena, reference);
            MemorySegment src = Segments.of(arena, target);
            for (ZstdCodec maker : new ZstdCodec[] {prefix, dictionary}) {
                MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(target.length));
                int n = maker.compressAgainst(src, ref, frame);
                for (ZstdCodec reader : new ZstdCodec[] {prefix, dictionary}) {
                    MemorySegment dst = arena.allocate(Math.max(1, target.length)).asSlice(0, target.length);
                    reader.decompressAgainst(frame.asSlice(0, n), ref, dst);
                    assertArrayEquals(target, Segments.bytes(dst));
                }
            }
        }
    }

    /** Through the system libzstd: a frame too large for its destination is -1, bad segments are refused. */
    @Test
    void shouldReportAPrefixDeltaThatDoesNotFitAndRefuseHeapMemory() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.flashcore.nativeio.ZstdPrefix.isAvailable(),
                () -> io.flashcore.nativeio.ZstdPrefix.unavailableReason().orElse(""));
        assertTrue(io.flashcore.nativeio.ZstdPrefix.version().orElseThrow().matches("1\\.[4-9]\\.\\d+|[2-9]\\..*"));
        byte[] reference = Segments.random(3, 16384);
        byte[] other = Segments.random(4, 16384);
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false, true)) {
            io.flashcore.nativeio.ZstdPrefix z = io.flashcore.nativeio.ZstdPrefix.open(3, false);
            MemorySegment tiny = arena.allocate(100);
            assertEquals(-1, codec.tryCompressAgainst(Segments.of(arena, other), Segments.of(arena, reference), tiny));
            assertEquals(-1, z.compress(Segments.of(arena, other), Segments.of(arena, reference), tiny));
            assertThrows(IllegalArgumentException.class,
                    () -> z.compress(MemorySegment.ofArray(other), Segments.of(arena, reference), tiny));
            z.close();
            assertThrows(IllegalStateException.class,
                    () -> z.compress(Segments.of(arena, other), Segments.of(arena, reference), tiny));
        }
    }

    @Test
    void shouldMakeDeltaOfNearCopyMuchSmallerThanPlainFrame() {
        byte[] reference = Segments.random(1, 16384);
        byte[] target = reference.clone();
        target[100] ^= 1;
        target[9000] ^= 1;
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false)) {
            MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(target.length));
            int plain = codec.compress(Segments.of(arena, target), frame);
            int delta = codec.compressAgainst(Segments.of(arena, target), Segments.of(arena, reference), frame);
            assertTrue(plain > 16000, "plain " + plain);
            assertTrue(delta < 100, "delta " + delta);
        }
    }

    @Test
    void shouldRejectFrameDecodingToAnotherLength() {
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false)) {
            byte[] data = Segments.text(5, 5000);
            MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
            int n = codec.compress(Segments.of(arena, data), frame);
            MemorySegment f = frame.asSlice(0, n);
            assertThrows(CorruptRecordException.class, () -> codec.decompress(f, arena.allocate(4999)));
            assertThrows(CorruptRecordException.class, () -> codec.decompress(f, arena.allocate(5001)));
        }
    }

    @Test
    void shouldRejectEveryTruncationWithoutOverread() {
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, true)) {
            byte[] data = Segments.text(6, 20000);
            MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
            int n = codec.compress(Segments.of(arena, data), frame);
            MemorySegment dst = arena.allocate(data.length);
            for (int cut = 0; cut < n; cut++) {
                // A fresh exact-size segment per cut: any read past it would fault or show in the output.
                MemorySegment truncated = Segments.of(arena, frame.asSlice(0, cut).toArray(ValueLayout.JAVA_BYTE));
                assertThrows(CorruptRecordException.class, () -> codec.decompress(truncated, dst), "cut " + cut);
            }
        }
    }

    @Test
    void shouldNeverReturnGarbageForFlippedBitsWithChecksum() {
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, true)) {
            byte[] data = Segments.text(7, 8000);
            MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
            int n = codec.compress(Segments.of(arena, data), frame);
            byte[] f = frame.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment dst = arena.allocate(data.length);
            int detected = 0;
            for (int i = 0; i < f.length; i++) {
                byte[] bad = f.clone();
                bad[i] ^= 0x10;
                try {
                    codec.decompress(Segments.of(arena, bad), dst);
                    // Only bits zstd ignores (e.g. the frame header's unused bit) may pass, and then
                    // the output must be the original.
                    assertArrayEquals(data, Segments.bytes(dst), "flip at byte " + i);
                } catch (CorruptRecordException e) {
                    detected++;
                }
            }
            assertTrue(detected >= f.length - 8, detected + " of " + f.length + " flips detected");
        }
    }

    @Test
    void shouldNameTooSmallDestination() {
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false)) {
            MemorySegment src = Segments.of(arena, Segments.random(8, 4096));
            CompressionException e = assertThrows(CompressionException.class, () -> codec.compress(src, arena.allocate(100)));
            assertTrue(e.getMessage().contains("100 bytes"), e.getMessage());
            assertEquals(-1, codec.tryCompress(src, arena.allocate(100)));
        }
    }

    @Test
    void shouldRejectHeapSegmentsAndBadLevels() {
        try (ZstdCodec codec = new ZstdCodec(1, false); Arena arena = Arena.ofConfined()) {
            MemorySegment heap = MemorySegment.ofArray(new byte[10]);
            assertThrows(IllegalArgumentException.class, () -> codec.compress(heap, arena.allocate(100)));
        }
        assertThrows(IllegalArgumentException.class, () -> new ZstdCodec(23, false));
        assertThrows(IllegalArgumentException.class, () -> new ZstdCodec(0, false));
    }

    @Test
    void shouldReuseViewsForSlicesOfOneBuffer() {
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(1, false)) {
            byte[] data = Segments.text(9, 64 * 1024);
            MemorySegment pool = Segments.of(arena, data);
            MemorySegment out = arena.allocate(ZstdCodec.maxFrameLength(64 * 1024) * 2L);
            MemorySegment back = arena.allocate(64 * 1024);
            for (int off = 0; off < data.length; off += 4096) {
                MemorySegment chunk = pool.asSlice(off, 4096);
                MemorySegment frameArea = out.asSlice(off, ZstdCodec.maxFrameLength(4096));
                int n = codec.compress(chunk, frameArea);
                codec.decompress(frameArea.asSlice(0, n), back.asSlice(off, 4096));
            }
            assertArrayEquals(data, Segments.bytes(back));
        }
    }
}
