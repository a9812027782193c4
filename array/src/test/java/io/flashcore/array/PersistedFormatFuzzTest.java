package io.flashcore.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.flashcore.array.meta.ChunkEncoding;
import io.flashcore.array.meta.ChunkRecord;
import io.flashcore.array.meta.DriveRecord;
import io.flashcore.array.meta.DriveState;
import io.flashcore.array.meta.ObjectHead;
import io.flashcore.array.meta.ObjectRecord;
import io.flashcore.array.meta.RecordWriter;
import io.flashcore.array.meta.StripeRecord;
import io.flashcore.array.meta.Totals;
import io.flashcore.array.shard.DriveSuperblock;
import io.flashcore.array.shard.ShardHeader;
import io.flashcore.testdata.ByteMutator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Structure-aware fuzzing of every parser of the array's persisted bytes: shard headers, drive
 * superblocks, the array configuration, the metadata records, the topology record and the pages of
 * the drives' saved slot maps. Each input
 * is a mutation of a valid encoding (checksums re-sealed for half of them, so the fields behind
 * the checksum are reached too); the parser must return a value or throw its typed
 * {@link FlashArrayException}, never anything else. {@code -Psoak} runs
 * {@code flashcore.fuzz.iterations} (default 200 000) inputs per parser.
 */
class PersistedFormatFuzzTest {
    private static final int TRIES = 400;

    // ------------------------------------------------------------------ valid encodings

    static byte[] validShardHeader(SplittableRandom r) {
        MemorySegment seg = Arena.ofAuto().allocate(ShardHeader.BYTES);
        int k = 1 + r.nextInt(16);
        new ShardHeader(r.nextLong(), r.nextLong(), r.nextLong(Long.MAX_VALUE), r.nextLong(1 << 20), r.nextInt(k + 4),
                k, r.nextInt(5), 4096 * (1 + r.nextInt(32)) - ShardHeader.BYTES, r.nextInt()).write(seg);
        return seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    static byte[] resealShardHeader(byte[] b) {
        if (b.length >= ShardHeader.BYTES) {
            MemorySegment s = MemorySegment.ofArray(b);
            s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 60,
                    ShardHeader.crc(MemorySegment.ofArray(b.clone()), 0, 60));
        }
        return b;
    }

    static byte[] validSuperblock(SplittableRandom r) {
        MemorySegment seg = Arena.ofAuto().allocate(DriveSuperblock.BYTES);
        int n = 1 + r.nextInt(64);
        new DriveSuperblock(r.nextLong(), r.nextLong(), r.nextInt(n), n, 4096 * (2 + r.nextInt(64)),
                r.nextLong(1L << 40), ArrayConfig.FIRST_SLOT_OFFSET, r.nextLong(Long.MAX_VALUE)).write(seg);
        return seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    static byte[] resealSuperblock(byte[] b) {
        if (b.length >= DriveSuperblock.BYTES) {
            MemorySegment s = MemorySegment.ofArray(b);
            s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN),
                    DriveSuperblock.BYTES - 4, ShardHeader.crc(MemorySegment.ofArray(b.clone()), 0, DriveSuperblock.BYTES - 4));
        }
        return b;
    }

    static ArrayConfig validConfig(SplittableRandom r) {
        int k = 3 + r.nextInt(8);
        int m = r.nextInt(4);
        return ArrayConfig.builder().arrayId(new UUID(r.nextLong(), r.nextLong()))
                .driveFiles(Path.of("/fuzz/drives-" + r.nextInt(100)), k + m + r.nextInt(4)).layout(k, m)
                .shardBytes(64 * 1024).driveBytes(256L << 20).compressionLevel(r.nextInt(-5, 20))
                .similarity(r.nextBoolean()).compactionThreshold(r.nextDouble()).sketchVersion(1 + r.nextInt(2)).build();
    }

    /** Re-seals a big-endian CRC32C over everything before the last four bytes. */
    static byte[] resealTrailingCrcBigEndian(byte[] b) {
        if (b.length >= 4) {
            CRC32C c = new CRC32C();
            c.update(b, 0, b.length - 4);
            int v = (int) c.getValue();
            for (int i = 0; i < 4; i++) {
                b[b.length - 4 + i] = (byte) (v >>> (24 - 8 * i));
            }
        }
        return b;
    }

    static byte[] validObjectRecord(SplittableRandom r, RecordWriter w) {
        return objectRecord(r, r.nextInt(6), null).encode(w);
    }

    /** Object "o" of {@code n} chunks of random lengths; fingerprints random, or all {@code fill} bytes. */
    static ObjectRecord objectRecord(SplittableRandom r, int n, Byte fill) {
        int[] lengths = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            lengths[i] = r.nextInt(70_000);
            sum += lengths[i];
        }
        byte[] fps = new byte[32 * n];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = fill != null ? fill : (byte) r.nextInt(256);
        }
        return new ObjectRecord("o", sum, r.nextLong(Long.MAX_VALUE), 32, fps, lengths);
    }

    static byte[] validChunkRecord(SplittableRandom r, RecordWriter w) {
        boolean delta = r.nextBoolean();
        byte[] base = new byte[32];
        base[0] = (byte) r.nextInt();
        return new ChunkRecord(new byte[32], r.nextLong(1L << 40), r.nextInt(1 << 24), r.nextInt(70_000),
                r.nextInt(70_000), delta ? ChunkEncoding.DELTA : ChunkEncoding.values()[r.nextInt(2)],
                delta ? base : null, r.nextLong(1000)).encode(w);
    }

    static byte[] validStripeRecord(SplittableRandom r, RecordWriter w) {
        int k = 1 + r.nextInt(10);
        int m = r.nextInt(4);
        int[] drives = new int[k + m];
        long[] slots = new long[k + m];
        int[] crcs = new int[k + m];
        for (int i = 0; i < k + m; i++) {
            drives[i] = r.nextInt(64);
            slots[i] = r.nextInt(8) == 0 ? StripeRecord.ZERO_SLOT : r.nextLong(1L << 30);
            crcs[i] = r.nextInt();
        }
        return new StripeRecord(r.nextLong(1L << 40), r.nextLong(100), r.nextLong(1000), k, m, r.nextInt(1 << 24),
                r.nextLong(1 << 24), drives, slots, crcs).encode(w);
    }

    // ------------------------------------------------------------------ one input per parser

    static void fuzzShardHeader(long seed) {
        byte[] in = ByteMutator.mutate(validShardHeader(new SplittableRandom(seed)), seed,
                PersistedFormatFuzzTest::resealShardHeader);
        ByteMutator.expectTypedOutcome("ShardHeader.read", seed, in,
                () -> ShardHeader.read(exact(in), "fuzz"), FlashArrayException.class);
    }

    static void fuzzSuperblock(long seed) {
        byte[] in = ByteMutator.mutate(validSuperblock(new SplittableRandom(seed)), seed,
                PersistedFormatFuzzTest::resealSuperblock);
        ByteMutator.expectTypedOutcome("DriveSuperblock.read", seed, in,
                () -> DriveSuperblock.read(exact(in), "fuzz"), FlashArrayException.class);
    }

    static void fuzzArrayConfig(long seed) {
        byte[] in = ByteMutator.mutate(validConfig(new SplittableRandom(seed)).encode(), seed,
                PersistedFormatFuzzTest::resealTrailingCrcBigEndian);
        ByteMutator.expectTypedOutcome("ArrayConfig.decode", seed, in, () -> ArrayConfig.decode(in, "fuzz"),
                FlashArrayException.class);
    }

    /**
     * A page of a drive's saved slot map, mutated, loaded into an empty allocator of the same drive: it
     * loads (and then counts exactly the slots it marks, none past the drive's end) or is refused with an
     * {@link IllegalArgumentException}, on which the open reads the stripe records instead.
     */
    static void fuzzSlotMapPage(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long slots = 1 + r.nextInt(3 * io.flashcore.array.shard.SlotAllocator.PAGE_SLOTS);
        io.flashcore.array.shard.SlotAllocator a = new io.flashcore.array.shard.SlotAllocator(slots);
        int n = r.nextInt((int) Math.min(slots, 5_000) + 1);
        for (int i = 0; i < n; i++) {
            a.allocate();
        }
        for (int i = 0; i < n / 3; i++) {
            a.free(r.nextLong(slots));
        }
        int p = r.nextInt(a.pageCount());
        byte[] in = ByteMutator.mutate(a.page(p), seed, b -> b);
        ByteMutator.expectTypedOutcome("SlotAllocator.loadPage", seed, in, () -> {
            io.flashcore.array.shard.SlotAllocator b = new io.flashcore.array.shard.SlotAllocator(slots);
            b.loadPage(p, in);
            long marked = 0;
            for (long i = 0; i < slots; i++) {
                marked += b.isUsed(i) ? 1 : 0;
            }
            if (marked != b.usedCount() || b.dirtyPages().length != b.pageCount() - 1) {
                throw new AssertionError("page " + p + " loaded as " + b.usedCount() + " used, " + marked + " marked, "
                        + b.dirtyPages().length + " dirty pages of " + b.pageCount());
            }
        }, IllegalArgumentException.class);
    }

    static void fuzzMetadataRecords(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        RecordWriter w = new RecordWriter(64);
        int which = r.nextInt(5);
        byte[] valid = switch (which) {
            case 0 -> validObjectRecord(r, w);
            case 1 -> validChunkRecord(r, w);
            case 2 -> validStripeRecord(r, w);
            case 3 -> new DriveRecord(r.nextInt(64), DriveState.values()[r.nextInt(3)], r.nextLong(1 << 20),
                    r.nextLong(1 << 20)).encode(w);
            default -> new Totals(r.nextLong(1 << 30), r.nextLong(Long.MAX_VALUE), r.nextLong(1 << 30), r.nextLong(1L << 50),
                    r.nextLong(1L << 50), r.nextLong(1L << 40)).encode(w);
        };
        byte[] in = ByteMutator.mutate(valid, seed, null);
        ByteMutator.expectTypedOutcome("metadata record decode #" + which, seed, in, () -> {
            switch (which) {
                case 0 -> ObjectHead.decode("o", in);
                case 1 -> ChunkRecord.decode(new byte[32], in);
                case 2 -> StripeRecord.decode(7, in);
                case 3 -> DriveRecord.decode(3, in);
                default -> Totals.decode(in);
            }
        }, FlashArrayException.class);
    }

    /**
     * A large object's head and recipe segments (format 2), one of them mutated, put together as the
     * store does: the record comes back whole (and adds up) or a typed error is thrown.
     */
    static void fuzzRecipeSegments(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        RecordWriter w = new RecordWriter(64);
        // One or two segments; the bytes of the fingerprints do not matter to the parser, their count does.
        ObjectRecord o = objectRecord(r, ObjectRecord.SEGMENT_CHUNKS - 64 + r.nextInt(128), (byte) seed);
        byte[] head = o.encode(w);
        List<byte[]> segments = new ArrayList<>();
        long start = 0;
        for (int s = 0; s < o.segmentCount(); s++) {
            segments.add(o.encodeSegment(s, start, w));
            start += o.segmentBytes(s);
        }
        int victim = r.nextInt(segments.size() + 1);
        byte[] in = ByteMutator.mutate(victim == 0 ? head : segments.get(victim - 1), seed, null);
        if (victim == 0) {
            head = in;
        } else {
            segments.set(victim - 1, in);
        }
        byte[] h = head;
        ByteMutator.expectTypedOutcome("recipe segments, part " + victim, seed, in, () -> {
            ObjectHead parsed = ObjectHead.decode("o", h);
            parsed.withSegments(segments.subList(0, Math.min(segments.size(), parsed.segmentCount())));
        }, FlashArrayException.class);
        // A range read of the same parts: only the segments it needs, found by binary search.
        long offset = (long) (r.nextDouble() * (o.logicalBytes() + 1));
        long length = r.nextInt(1 << 20);
        ByteMutator.expectTypedOutcome("recipe segments, range read, part " + victim, seed, in, () -> {
            ObjectHead parsed = ObjectHead.decode("o", h);
            parsed.slice(Math.min(offset, parsed.logicalBytes()), length, s -> {
                if (s >= segments.size()) {
                    throw new io.flashcore.array.CorruptDataException("no recipe segment " + s);
                }
                return segments.get(s);
            });
        }, FlashArrayException.class);
    }

    static void fuzzTopologyRecord(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ArrayConfig c = r.nextBoolean() ? validConfig(r)
                : validConfig(r).toBuilder().driveFiles(Path.of("/fuzz/d"), 12).layout(4, 2).failureDomains(3, 1).build();
        StripeLayout l = StripeLayout.initial(c);
        if (r.nextBoolean()) {
            l = l.with(c, r.nextInt(c.drives().size()), io.flashcore.placement.topology.DriveState.FAILED);
        }
        byte[] in = ByteMutator.mutate(l.toBytes(), seed, PersistedFormatFuzzTest::resealTrailingCrcBigEndian);
        ByteMutator.expectTypedOutcome("StripeLayout.fromBytes", seed, in, () -> StripeLayout.fromBytes(c, in),
                FlashArrayException.class);
    }

    /** {@code b} in a native segment of exactly its length: reading past the end throws. */
    static MemorySegment exact(byte[] b) {
        MemorySegment s = Arena.ofAuto().allocate(Math.max(1, b.length)).asSlice(0, b.length);
        MemorySegment.copy(b, 0, s, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b.length);
        return s;
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = TRIES)
    void shardHeaderIsParsedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzShardHeader(seed);
    }

    @Property(tries = TRIES)
    void superblockIsParsedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzSuperblock(seed);
    }

    @Property(tries = TRIES)
    void arrayConfigIsDecodedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzArrayConfig(seed);
    }

    @Property(tries = TRIES)
    void slotMapPageIsLoadedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzSlotMapPage(seed);
    }

    @Property(tries = 2 * TRIES)
    void metadataRecordsAreDecodedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzMetadataRecords(seed);
    }

    @Property(tries = TRIES)
    void recipeSegmentsAreDecodedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzRecipeSegments(seed);
    }

    @Property(tries = TRIES)
    void topologyRecordIsDecodedOrRejectedWithATypedError(@ForAll long seed) {
        fuzzTopologyRecord(seed);
    }

    @Test
    @Tag("soak")
    void soakEveryArrayParser() {
        int n = Integer.getInteger("flashcore.fuzz.iterations", 200_000);
        long base = Long.getLong("flashcore.fuzz.seed", System.nanoTime());
        System.out.println("array format fuzzing: " + n + " inputs per parser, seed " + base
                + " (rerun with -Dflashcore.fuzz.seed=" + base + ")");
        for (int i = 0; i < n; i++) {
            long seed = base + i;
            fuzzShardHeader(seed);
            fuzzSuperblock(seed);
            fuzzArrayConfig(seed);
            fuzzMetadataRecords(seed);
            fuzzRecipeSegments(seed);
            fuzzTopologyRecord(seed);
            if (i % 16 == 0) {
                fuzzSlotMapPage(seed); // each input reads up to three pages of slots back: one in 16
            }
        }
    }
}
