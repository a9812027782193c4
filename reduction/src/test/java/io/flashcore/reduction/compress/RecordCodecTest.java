package io.flashcore.reduction.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Provide
    Arbitrary<byte[]> chunks() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(40_000),
                Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 40_000)
                        .map(n -> Segments.text(seed, n))));
    }

    private static byte[] roundTrip(RecordCodec codec, Arena arena, byte[] data, CompressionDictionary dict,
            List<RecordKind> kinds) {
        MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(data.length));
        int n = codec.encode(Segments.of(arena, data), out, dict);
        MemorySegment record = Segments.of(arena, out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        RecordHeader h = RecordDescriptor.read(record);
        kinds.add(h.kind());
        assertEquals(n, h.recordLength());
        assertTrue(n <= RecordDescriptor.MAX_HEADER_LENGTH + data.length, "record never beats raw by less than a header");
        MemorySegment dst = arena.allocate(Math.max(1, data.length)).asSlice(0, data.length);
        assertEquals(data.length, codec.decode(record, dst, ReferenceResolver.NONE));
        return Segments.bytes(dst);
    }

    @Property(tries = 60)
    void decodeOfEncodeIsIdentity(@ForAll("chunks") byte[] data, @ForAll boolean probe, @ForAll boolean checksum) {
        CompressionOptions o = CompressionOptions.DEFAULT.withProbe(probe).withChecksum(checksum);
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(o, dicts)) {
            assertArrayEquals(data, roundTrip(codec, arena, data, null, new ArrayList<>()));
        }
    }

    @Test
    void shouldStoreRandomDataRawAndTextCompressed() {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry()) {
            for (boolean probe : new boolean[] {true, false}) {
                try (RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT.withProbe(probe), dicts)) {
                    List<RecordKind> kinds = new ArrayList<>();
                    roundTrip(codec, arena, Segments.random(1, 16384), null, kinds);
                    roundTrip(codec, arena, Segments.text(1, 16384), null, kinds);
                    assertEquals(List.of(RecordKind.RAW, RecordKind.ZSTD), kinds);
                }
            }
        }
    }

    @Test
    void shouldStoreRawWhenSavingsAreBelowTheThreshold() {
        // Half random, half zeros: zstd saves about half.
        byte[] data = new byte[16384];
        System.arraycopy(Segments.random(2, 8192), 0, data, 0, 8192);
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry()) {
            List<RecordKind> kinds = new ArrayList<>();
            try (RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT.withMinSavings(0.4), dicts)) {
                roundTrip(codec, arena, data, null, kinds);
            }
            try (RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT.withMinSavings(0.6), dicts)) {
                roundTrip(codec, arena, data, null, kinds);
            }
            assertEquals(List.of(RecordKind.ZSTD, RecordKind.RAW), kinds);
        }
    }

    @Property(tries = 15)
    void dictionaryDecodeOfEncodeIsIdentity(@ForAll @IntRange(min = 0, max = 1000) int seed) {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT, dicts)) {
            CompressionDictionary dict = dicts.register(trained(arena, seed));
            byte[] data = Segments.text(seed + 10_000, 2000);
            List<RecordKind> kinds = new ArrayList<>();
            assertArrayEquals(data, roundTrip(codec, arena, data, dict, kinds));
            assertEquals(List.of(RecordKind.ZSTD_DICT), kinds);
        }
    }

    static CompressionDictionary trained(Arena arena, long seed) {
        List<MemorySegment> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            samples.add(Segments.of(arena, Segments.text(seed * 1000 + i, 1024)));
        }
        return CompressionDictionary.train(samples, 4096, 3);
    }

    @Test
    void shouldCompressSmallChunksBetterWithDictionary() {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT, dicts)) {
            CompressionDictionary dict = dicts.register(trained(arena, 1));
            byte[] data = Segments.text(99, 1024);
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(data.length));
            int plain = codec.encode(Segments.of(arena, data), out, null);
            int withDict = codec.encode(Segments.of(arena, data), out, dict);
            assertTrue(withDict < plain * 0.8, withDict + " vs " + plain);
            CompressionDictionary again = CompressionDictionary.of(dict.bytes(), 3);
            assertEquals(dict.id(), again.id());
            again.close();
        }
    }

    @Test
    void shouldNameMissingDictionary() {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry writer = new DictionaryRegistry();
                DictionaryRegistry reader = new DictionaryRegistry();
                RecordCodec encoder = new RecordCodec(CompressionOptions.DEFAULT, writer);
                RecordCodec decoder = new RecordCodec(CompressionOptions.DEFAULT, reader)) {
            CompressionDictionary dict = writer.register(trained(arena, 2));
            byte[] data = Segments.text(5, 3000);
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(data.length));
            int n = encoder.encode(Segments.of(arena, data), out, dict);
            MissingDictionaryException e = assertThrows(MissingDictionaryException.class,
                    () -> decoder.decode(out.asSlice(0, n), arena.allocate(data.length), ReferenceResolver.NONE));
            assertEquals(dict.id(), e.dictionaryId());
            assertTrue(e.getMessage().contains(Integer.toUnsignedString(dict.id())), e.getMessage());
        }
    }

    @Property(tries = 30)
    void deltaDecodeOfEncodeIsIdentityWithExactlyOneReference(@ForAll("chunks") byte[] reference,
            @ForAll @IntRange(min = 0, max = 40) int edits, @ForAll long referenceId) {
        byte[] target = reference.clone();
        java.util.SplittableRandom r = new java.util.SplittableRandom(edits);
        for (int i = 0; i < edits && target.length > 0; i++) {
            target[r.nextInt(target.length)] = (byte) r.nextInt();
        }
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT, dicts)) {
            MemorySegment ref = Segments.of(arena, reference);
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(target.length));
            int n = codec.encodeDelta(Segments.of(arena, target), referenceId, ref, out, Integer.MAX_VALUE);
            RecordHeader h = RecordDescriptor.read(out.asSlice(0, n));
            assertEquals(RecordKind.DELTA, h.kind());
            assertEquals(referenceId, h.referenceId());
            AtomicInteger calls = new AtomicInteger();
            List<Long> asked = new ArrayList<>();
            ReferenceResolver resolver = id -> {
                calls.incrementAndGet();
                asked.add(id);
                return id == referenceId ? ref : null;
            };
            MemorySegment dst = arena.allocate(Math.max(1, target.length)).asSlice(0, target.length);
            codec.decode(out.asSlice(0, n), dst, resolver);
            assertArrayEquals(target, Segments.bytes(dst));
            assertEquals(1, calls.get(), "a delta depends on exactly one reference");
            assertEquals(List.of(referenceId), asked);
        }
    }

    @Test
    void shouldNameMissingReferenceAndRejectWrongOne() {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT, dicts)) {
            byte[] reference = Segments.text(3, 8000);
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(8000));
            int n = codec.encodeDelta(Segments.of(arena, reference), 4242L, Segments.of(arena, reference), out,
                    Integer.MAX_VALUE);
            MemorySegment record = out.asSlice(0, n);
            MemorySegment dst = arena.allocate(8000);
            MissingReferenceException e = assertThrows(MissingReferenceException.class,
                    () -> codec.decode(record, dst, ReferenceResolver.NONE));
            assertTrue(e.getMessage().contains("4242"), e.getMessage());
            MemorySegment shorter = Segments.of(arena, Segments.text(3, 7999));
            assertThrows(CorruptRecordException.class, () -> codec.decode(record, dst, id -> shorter));
            assertEquals(-1, codec.encodeDelta(Segments.of(arena, reference), 1, Segments.of(arena, reference), out, 10));
        }
    }

    @Property(tries = 25)
    void unitDecodeOfEncodeIsIdentity(@ForAll @IntRange(min = 1, max = 12) int count, @ForAll long seed,
            @ForAll boolean random) {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT.withUnitChunks(count), dicts)) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            MemorySegment[] chunks = new MemorySegment[count];
            byte[][] arrays = new byte[count][];
            int total = 0;
            for (int i = 0; i < count; i++) {
                int len = r.nextInt(0, 9000);
                arrays[i] = random ? Segments.random(seed + i, len) : Segments.text(seed + i, len);
                chunks[i] = Segments.of(arena, arrays[i]);
                total += len;
            }
            MemorySegment out = arena.allocate(RecordCodec.maxUnitRecordLength(total, count));
            int n = codec.encodeUnit(chunks, out, null);
            MemorySegment record = Segments.of(arena, out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            RecordHeader h = RecordDescriptor.read(record);
            assertEquals(count, h.unitCount());
            for (int i = 0; i < count; i++) {
                MemorySegment dst = arena.allocate(9000);
                int len = codec.decodeUnitChunk(record, i, dst, ReferenceResolver.NONE);
                assertArrayEquals(arrays[i], dst.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    @Test
    void shouldCompressUnitsBetterThanChunksAlone() {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT, dicts)) {
            MemorySegment[] chunks = new MemorySegment[8];
            long separate = 0;
            MemorySegment out = arena.allocate(RecordCodec.maxUnitRecordLength(8 * 4096, 8));
            for (int i = 0; i < 8; i++) {
                chunks[i] = Segments.of(arena, Segments.text(77 + i, 4096));
                separate += codec.encode(chunks[i], out);
            }
            int together = codec.encodeUnit(chunks, out, null);
            assertTrue(together < separate * 0.9, together + " vs " + separate);
        }
    }

    @Test
    void shouldRejectCorruptHeadersWithTypedErrors() {
        try (Arena arena = Arena.ofConfined(); DictionaryRegistry dicts = new DictionaryRegistry();
                RecordCodec codec = new RecordCodec(CompressionOptions.DEFAULT, dicts)) {
            byte[] data = Segments.text(4, 5000);
            MemorySegment out = arena.allocate(RecordCodec.maxRecordLength(data.length));
            int n = codec.encode(Segments.of(arena, data), out);
            byte[] good = out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment dst = arena.allocate(data.length);

            byte[] badMagic = good.clone();
            badMagic[0] = 0;
            assertThrows(CorruptRecordException.class, () -> codec.decode(Segments.of(arena, badMagic), dst, ReferenceResolver.NONE));
            byte[] newer = good.clone();
            newer[1] = (byte) (0x20 | (newer[1] & 0xF));
            UnsupportedRecordVersionException v = assertThrows(UnsupportedRecordVersionException.class,
                    () -> codec.decode(Segments.of(arena, newer), dst, ReferenceResolver.NONE));
            assertTrue(v.getMessage().contains("too new"), v.getMessage());
            byte[] badKind = good.clone();
            badKind[1] = (byte) 0x1F;
            assertThrows(CorruptRecordException.class, () -> codec.decode(Segments.of(arena, badKind), dst, ReferenceResolver.NONE));
            for (int cut = 0; cut < n; cut++) {
                MemorySegment truncated = Segments.of(arena, java.util.Arrays.copyOf(good, cut));
                assertThrows(CorruptRecordException.class, () -> codec.decode(truncated, dst, ReferenceResolver.NONE),
                        "cut " + cut);
            }
        }
    }
}
