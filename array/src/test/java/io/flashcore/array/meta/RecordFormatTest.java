package io.flashcore.array.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FormatVersionException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class RecordFormatTest {
    private final RecordWriter w = new RecordWriter(64);

    @Property(tries = 200)
    void decodeOfEncodeIsIdentityForChunks(@ForAll @Size(32) byte[] fp, @ForAll @LongRange(min = 0) long stripe,
                                           @ForAll @IntRange(min = 0) int offset, @ForAll @IntRange(min = 0) int stored,
                                           @ForAll @IntRange(min = 0) int logical, @ForAll boolean delta,
                                           @ForAll @LongRange(min = 0) long refs) throws Exception {
        ChunkRecord c = new ChunkRecord(fp, stripe, offset, stored, logical,
                delta ? ChunkEncoding.DELTA : ChunkEncoding.ZSTD, delta ? fp.clone() : null, refs);
        assertEquals(c, ChunkRecord.decode(fp, c.encode(w)));
    }

    @Property(tries = 200)
    void decodeOfEncodeIsIdentityForStripes(@ForAll @LongRange(min = 0) long id, @ForAll @IntRange(min = 1, max = 20) int k,
                                            @ForAll @IntRange(min = 0, max = 4) int m, @ForAll long seed) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] drives = r.ints(k + m, 0, 1000).toArray();
        long[] slots = r.longs(k + m, -1, 1L << 40).toArray();
        int[] crcs = r.ints(k + m).toArray();
        StripeRecord s = new StripeRecord(id, r.nextLong(1 << 20), r.nextLong(1 << 30), k, m, r.nextInt(1 << 24),
                r.nextLong(1 << 24), drives, slots, crcs);
        assertEquals(s, StripeRecord.decode(id, s.encode(w)));
    }

    @Property(tries = 100)
    void truncatedRecordsGiveTypedErrors(@ForAll @IntRange(min = 0, max = 30) int cut) {
        ObjectRecord o = new ObjectRecord("x", 30, 1, 4, new byte[12], new int[] {10, 10, 10});
        byte[] v = o.encode(w);
        byte[] t = java.util.Arrays.copyOf(v, Math.min(cut, v.length - 1));
        assertThrows(io.flashcore.array.FlashArrayException.class, () -> ObjectHead.decode("x", t));
    }

    @org.junit.jupiter.api.Test
    void shouldRejectANewerFormatVersionNamingTheRecord() {
        byte[] v = new DriveRecord(3, DriveState.UP, 1, 2).encode(w);
        v[0] = 9;
        FormatVersionException e = assertThrows(FormatVersionException.class, () -> DriveRecord.decode(3, v));
        assertEquals(9, e.found());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("drive record 3"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void shouldRejectAnUnknownEncoding() {
        assertThrows(CorruptDataException.class, () -> ChunkEncoding.ofId(77));
    }
}
