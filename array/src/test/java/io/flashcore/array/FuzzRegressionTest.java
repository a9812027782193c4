package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.flashcore.array.meta.ChunkRecord;
import io.flashcore.array.meta.RecordWriter;
import io.flashcore.array.meta.StripeRecord;
import io.flashcore.array.shard.DriveSuperblock;
import io.flashcore.array.shard.ShardHeader;

/** Inputs {@link PersistedFormatFuzzTest} found that crashed a parser with an untyped exception. */
class FuzzRegressionTest {
    @Test
    void shouldRejectATruncatedShardHeaderWithoutReadingPastIt() {
        byte[] in = HexFormat.of().parseHex("4643534801004000f465b9a16a9e786e4f450980185dc406f64026fad5");
        assertThrows(CorruptDataException.class, () -> ShardHeader.read(PersistedFormatFuzzTest.exact(in), "fuzz"));
    }

    @Test
    void shouldRejectATruncatedSuperblockWithoutReadingPastIt() {
        byte[] in = java.util.Arrays.copyOf(HexFormat.of().parseHex(
                "464c415348434f520100000000100000f465b9a16a9e786e4f450980185dc406030000001e00000000c0030000000000"), 2077);
        assertThrows(CorruptDataException.class, () -> DriveSuperblock.read(PersistedFormatFuzzTest.exact(in), "fuzz"));
    }

    @Test
    void shouldRejectAConfigurationNamingADrivePathWithANul() throws Exception {
        ArrayConfig c = ArrayConfig.builder().driveFiles(java.nio.file.Path.of("/d"), 6).layout(4, 2)
                .shardBytes(64 * 1024).driveBytes(256L << 20).build();
        byte[] b = c.encode();
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        b[s.indexOf("drive-03")] = 0;
        PersistedFormatFuzzTest.resealTrailingCrcBigEndian(b);
        assertThrows(CorruptDataException.class, () -> ArrayConfig.decode(b, "fuzz"));
    }

    @Test
    void shouldRejectAConfigurationWhoseShardCountOverflows() throws Exception {
        RecordWriter w = new RecordWriter(64);
        w.raw(ArrayConfig.MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).u8(1).i64(1).i64(2)
                .varLong(3).varLong(Integer.MAX_VALUE).varLong(64 * 1024).varLong(256L << 20).varLong(0)
                .string("fastcdc2020").varLong(4096).varLong(16384).varLong(65536).string("blake3").zigZag(3).u8(1)
                .i64(Double.doubleToLongBits(0.5)).varLong(1).varLong(1).i32(0);
        byte[] b = PersistedFormatFuzzTest.resealTrailingCrcBigEndian(w.toByteArray());
        assertThrows(CorruptDataException.class, () -> ArrayConfig.decode(b, "fuzz"));
    }

    @Test
    void shouldRejectAStringLengthNearIntegerMaxWithoutAllocatingIt() {
        // A drive path whose length is 2^31 - 1 near the end of the record: "position + length" overflowed
        // the bounds check, and the reader then tried to allocate a 2 GiB array (OutOfMemoryError).
        RecordWriter w = new RecordWriter(64);
        w.raw(ArrayConfig.MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).u8(1).i64(1).i64(2)
                .varLong(4).varLong(2).varLong(64 * 1024).varLong(256L << 20).varLong(1).varLong(Integer.MAX_VALUE)
                .raw(new byte[] {'/', 'd'}).i32(0);
        byte[] b = PersistedFormatFuzzTest.resealTrailingCrcBigEndian(w.toByteArray());
        assertThrows(CorruptDataException.class, () -> ArrayConfig.decode(b, "fuzz"));
    }

    @Test
    void shouldRejectAChunkRecordWithANegativeLength() {
        byte[] in = HexFormat.of().parseHex("01e598bd01bc0c8effffffffffffffd211e5f2030148");
        assertThrows(CorruptDataException.class, () -> ChunkRecord.decode(new byte[32], in));
    }

    @Test
    void shouldRejectAChunkRecordWithANegativeStripe() {
        // Version 1, stripe -5 as a ten-byte varint, offset 0, stored 10, logical 10, zstd, 1 reference.
        byte[] in = HexFormat.of().parseHex("01fbffffffffffffffff01000a0a0101");
        assertThrows(CorruptDataException.class, () -> ChunkRecord.decode(new byte[32], in));
    }

    @Test
    void shouldRejectAStripeRecordWhoseWidthOverflows() {
        RecordWriter w = new RecordWriter(64);
        byte[] in = w.reset().u8(1).varLong(1).varLong(1).varLong(2).varLong(Integer.MAX_VALUE).varLong(0)
                .varLong(0).toByteArray();
        assertThrows(CorruptDataException.class, () -> StripeRecord.decode(1, in));
    }

    @Test
    void shouldRejectATopologyRecordThatAdmitsNoPlacement() {
        ArrayConfig c = ArrayConfig.builder().driveFiles(java.nio.file.Path.of("/d"), 6).layout(4, 2)
                .shardBytes(64 * 1024).driveBytes(256L << 20).build();
        byte[] in = HexFormat.of().parseHex("4643544d00010081e90ae4c800000000fec2f8d0");
        assertThrows(CorruptDataException.class, () -> StripeLayout.fromBytes(c, in));
    }
}
