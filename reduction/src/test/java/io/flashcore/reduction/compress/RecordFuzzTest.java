package io.flashcore.reduction.compress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.flashcore.testdata.ByteMutator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Structure-aware fuzzing of stored records, zstd frames and delta records: mutations of valid
 * RAW, ZSTD, unit and DELTA records (and of bare zstd frames) must decode or fail with a
 * {@link CompressionException} ({@link CorruptRecordException}, an unknown version, a missing
 * dictionary or reference), never with another exception and never by reading past the record:
 * every input sits in a native segment of exactly its length. {@code -Psoak} runs
 * {@code flashcore.fuzz.iterations} (default 100 000) inputs.
 */
class RecordFuzzTest {
    private static final long REFERENCE_ID = 42;
    private static final int DST_BYTES = 256 * 1024;

    /** The codecs and buffers of one fuzzing run. */
    static final class Harness implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private Arena scratch;
        private final DictionaryRegistry dictionaries = new DictionaryRegistry();
        private final RecordCodec plain = new RecordCodec(CompressionOptions.DEFAULT, dictionaries);
        private final RecordCodec checked = new RecordCodec(CompressionOptions.DEFAULT.withChecksum(true), dictionaries);
        private final MemorySegment dst = arena.allocate(DST_BYTES, 64);
        private final MemorySegment out = arena.allocate(RecordCodec.maxUnitRecordLength(DST_BYTES, 8), 64);
        private final MemorySegment reference = arena.allocate(20_000, 64);

        @Override
        public void close() {
            plain.close();
            checked.close();
            dictionaries.close();
            arena.close();
        }

        /** Chunk bytes of a random length and compressibility. */
        private MemorySegment chunk(SplittableRandom r, int max) {
            int n = r.nextInt(max + 1);
            MemorySegment c = scratch.allocate(Math.max(1, n)).asSlice(0, n);
            int alphabet = 1 + r.nextInt(r.nextBoolean() ? 4 : 256);
            for (int i = 0; i < n; i++) {
                c.set(ValueLayout.JAVA_BYTE, i, (byte) (i % 97 < 50 ? i % alphabet : r.nextInt(alphabet)));
            }
            return c;
        }

        private byte[] validRecord(SplittableRandom r) {
            RecordCodec codec = r.nextBoolean() ? plain : checked;
            int n;
            switch (r.nextInt(4)) {
                case 0 -> n = codec.encode(chunk(r, 20_000), out);
                case 1 -> {
                    MemorySegment[] unit = new MemorySegment[1 + r.nextInt(4)];
                    for (int i = 0; i < unit.length; i++) {
                        unit[i] = chunk(r, 8_000);
                    }
                    n = codec.encodeUnit(unit, out, null);
                }
                case 2 -> {
                    MemorySegment c = chunk(r, 20_000);
                    MemorySegment.copy(c, 0, reference, 0, c.byteSize());
                    n = codec.encodeDelta(c, REFERENCE_ID, reference, out, Integer.MAX_VALUE);
                    if (n < 0) {
                        n = codec.encode(c, out);
                    }
                }
                default -> {
                    // A bare zstd frame: what the ZSTD payload holds.
                    n = codec.zstd().compress(chunk(r, 20_000), out);
                }
            }
            return out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }

        void fuzz(long seed) {
            try (Arena a = Arena.ofConfined()) {
                scratch = a;
                fuzzIn(seed);
            }
        }

        private void fuzzIn(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] in = r.nextInt(16) == 0 ? ByteMutator.random(seed, 200) : ByteMutator.mutate(validRecord(r), seed, null);
            MemorySegment record = scratch.allocate(Math.max(1, in.length)).asSlice(0, in.length);
            MemorySegment.copy(in, 0, record, ValueLayout.JAVA_BYTE, 0, in.length);
            ReferenceResolver refs = id -> id == REFERENCE_ID ? reference : null;
            ByteMutator.expectTypedOutcome("RecordCodec.decode", seed, in, () -> {
                try {
                    plain.decode(record, dst, refs);
                } catch (IllegalArgumentException e) {
                    // Documented: the caller's destination is shorter than the record's logical length.
                    if (!e.getMessage().startsWith("destination of")) {
                        throw e;
                    }
                }
            }, CompressionException.class);
            ByteMutator.expectTypedOutcome("RecordCodec.decodeUnitChunk", seed, in, () -> {
                try {
                    plain.decodeUnitChunk(record, 0, dst, refs);
                } catch (IllegalArgumentException e) {
                    if (!e.getMessage().startsWith("destination of")) {
                        throw e;
                    }
                }
            }, CompressionException.class);
            // The frame alone, decoded into a destination of a chosen exact size.
            int expected = r.nextInt(30_000);
            ByteMutator.expectTypedOutcome("ZstdCodec.decompress", seed, in,
                    () -> plain.zstd().decompress(record, dst.asSlice(0, expected)), CorruptRecordException.class);
            ByteMutator.expectTypedOutcome("ZstdCodec.decompressAgainst", seed, in,
                    () -> plain.zstd().decompressAgainst(record, reference, dst.asSlice(0, expected)),
                    CorruptRecordException.class);
        }
    }

    @Property(tries = 500)
    void recordsAndFramesDecodeOrFailWithATypedError(@ForAll long seed) {
        try (Harness h = new Harness()) {
            h.fuzz(seed);
        }
    }

    @Test
    @Tag("soak")
    void soakRecordDecoding() {
        int n = Integer.getInteger("flashcore.fuzz.iterations", 100_000);
        long base = Long.getLong("flashcore.fuzz.seed", System.nanoTime());
        System.out.println("record fuzzing: " + n + " inputs, seed " + base + " (rerun with -Dflashcore.fuzz.seed="
                + base + ")");
        try (Harness h = new Harness()) {
            for (int i = 0; i < n; i++) {
                h.fuzz(base + i);
            }
        }
    }
}
