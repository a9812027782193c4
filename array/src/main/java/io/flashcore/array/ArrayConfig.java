package io.flashcore.array;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32C;

import io.flashcore.array.meta.RecordReader;
import io.flashcore.array.meta.RecordWriter;
import io.flashcore.array.shard.ShardHeader;
import io.flashcore.reduction.similar.SimilaritySketcher;

/**
 * The configuration of an array, fixed at creation and persisted with it ({@code array.conf} in
 * the array folder, and in the metadata store). Immutable; build with {@link #builder()}.
 *
 * @param arrayId             the array's identity, written into every superblock and shard header
 * @param k                   data shards per stripe
 * @param m                   parity shards per stripe (drive failures tolerated)
 * @param shardBytes          bytes per shard slot, header included; a multiple of 4096
 * @param driveBytes          bytes per drive (drive files are sparse)
 * @param drives              the drives, in order: regular files or block devices
 * @param chunker             chunker name: {@code fastcdc2020}, {@code fastcdc2016}, {@code fixed} or {@code vector}
 * @param minChunk            minimum chunk bytes
 * @param avgChunk            average chunk bytes
 * @param maxChunk            maximum chunk bytes
 * @param fingerprint         fingerprint name: {@code blake3} or {@code sha256}
 * @param compressionLevel    zstd level
 * @param similarity          whether new chunks may be stored as deltas against similar ones
 * @param compactionThreshold stripes whose live fraction falls below this are compacted, 0..1
 * @param drivesPerDomain     drives per failure domain (node), drives numbered consecutively
 * @param maxShardsPerDomain  most shards of one stripe in one failure domain
 * @param sketchVersion       the similarity sketch's definition, fixed for the array's life (its chunks'
 *                            sketches are persisted): {@link SimilaritySketcher#VERSION} for new arrays,
 *                            {@link SimilaritySketcher#GEAR_SAMPLED} for arrays of configuration format 1
 */
public record ArrayConfig(UUID arrayId, int k, int m, int shardBytes, long driveBytes, List<Path> drives,
                          String chunker, int minChunk, int avgChunk, int maxChunk, String fingerprint,
                          int compressionLevel, boolean similarity, double compactionThreshold,
                          int drivesPerDomain, int maxShardsPerDomain, int sketchVersion) {
    /** Format version of the persisted configuration: 2 adds the sketch version (format 1 sketched version 1). */
    public static final int FORMAT_VERSION = 2;
    /** Magic at the start of {@code array.conf}. */
    public static final String MAGIC = "FLASHCORE-ARRAY\n";
    /** Byte offset of slot 0 on every drive: 1 MiB, aligned for any device. */
    public static final long FIRST_SLOT_OFFSET = 1L << 20;

    /** Validates the configuration; every message names the bad value and what was expected. */
    public ArrayConfig {
        Objects.requireNonNull(arrayId, "arrayId");
        drives = List.copyOf(drives);
        if (k < 1 || m < 0 || (long) k + m > 256) {
            throw new IllegalArgumentException("k+m must satisfy k >= 1, m >= 0, k+m <= 256; got k=" + k + " m=" + m);
        }
        if (drives.size() < k + m) {
            throw new IllegalArgumentException("a " + k + "+" + m + " stripe needs at least " + (k + m)
                    + " drives, got " + drives.size());
        }
        if (shardBytes < 8192 || shardBytes % 4096 != 0 || shardBytes > (64 << 20)) {
            throw new IllegalArgumentException("shardBytes must be a multiple of 4096 in [8192, 64 MiB], got "
                    + shardBytes);
        }
        if (driveBytes < FIRST_SLOT_OFFSET + 4L * shardBytes) {
            throw new IllegalArgumentException("driveBytes " + driveBytes + " leaves room for fewer than 4 shards of "
                    + shardBytes + " bytes");
        }
        if (!(minChunk >= 64 && minChunk <= avgChunk && avgChunk <= maxChunk)) {
            throw new IllegalArgumentException("chunk sizes must satisfy 64 <= min <= avg <= max, got " + minChunk
                    + "/" + avgChunk + "/" + maxChunk);
        }
        long dataArea = (long) k * (shardBytes - ShardHeader.BYTES);
        if (dataArea < 2L * maxChunk + 64) {
            throw new IllegalArgumentException("a stripe's data area (" + k + " x " + (shardBytes - ShardHeader.BYTES)
                    + " bytes) must hold at least two maximum-size chunks of " + maxChunk + " bytes");
        }
        if (!(compactionThreshold >= 0 && compactionThreshold <= 1)) {
            throw new IllegalArgumentException("compactionThreshold must be in [0, 1], got " + compactionThreshold);
        }
        if (drivesPerDomain < 1 || maxShardsPerDomain < 1) {
            throw new IllegalArgumentException("drivesPerDomain and maxShardsPerDomain must be >= 1, got "
                    + drivesPerDomain + " and " + maxShardsPerDomain);
        }
        Objects.requireNonNull(chunker, "chunker");
        Objects.requireNonNull(fingerprint, "fingerprint");
        SimilaritySketcher.checkVersion(sketchVersion);
    }

    /** Payload bytes per shard (slot bytes less the header). */
    public int shardPayloadBytes() {
        return shardBytes - ShardHeader.BYTES;
    }

    /** Bytes in a stripe's data area: k shard payloads. */
    public int stripeDataBytes() {
        return k * shardPayloadBytes();
    }

    /** Slots per drive. */
    public long slotsPerDrive() {
        return (driveBytes - FIRST_SLOT_OFFSET) / shardBytes;
    }

    /** A builder with flashcore's defaults (8+2, 128 KiB shards, FastCDC 2020 at 16 KiB, BLAKE3, zstd 3). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.arrayId = arrayId;
        b.k = k;
        b.m = m;
        b.shardBytes = shardBytes;
        b.driveBytes = driveBytes;
        b.drives = new ArrayList<>(drives);
        b.chunker = chunker;
        b.minChunk = minChunk;
        b.avgChunk = avgChunk;
        b.maxChunk = maxChunk;
        b.fingerprint = fingerprint;
        b.compressionLevel = compressionLevel;
        b.similarity = similarity;
        b.compactionThreshold = compactionThreshold;
        b.drivesPerDomain = drivesPerDomain;
        b.maxShardsPerDomain = maxShardsPerDomain;
        b.sketchVersion = sketchVersion;
        return b;
    }

    /** The persisted form: magic, version, fields, CRC32C of everything before it. */
    public byte[] encode() {
        RecordWriter w = new RecordWriter(512);
        w.raw(MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).u8(FORMAT_VERSION)
                .i64(arrayId.getMostSignificantBits()).i64(arrayId.getLeastSignificantBits())
                .varLong(k).varLong(m).varLong(shardBytes).varLong(driveBytes).varLong(drives.size());
        for (Path p : drives) {
            w.string(p.toString());
        }
        w.string(chunker).varLong(minChunk).varLong(avgChunk).varLong(maxChunk).string(fingerprint)
                .zigZag(compressionLevel).u8(similarity ? 1 : 0).i64(Double.doubleToLongBits(compactionThreshold))
                .varLong(drivesPerDomain).varLong(maxShardsPerDomain).u8(sketchVersion);
        CRC32C crc = new CRC32C();
        byte[] body = w.toByteArray();
        crc.update(body);
        w.i32((int) crc.getValue());
        return w.toByteArray();
    }

    /** Decodes {@link #encode}'s output; {@code where} names the source in error messages. */
    public static ArrayConfig decode(byte[] bytes, String where) throws FlashArrayException {
        byte[] magic = MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (bytes.length < magic.length + 5
                || !java.util.Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            throw new CorruptDataException(where + " is not a flashcore array configuration (bad magic)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
                | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
        if (stored != (int) crc.getValue()) {
            throw new CorruptDataException(where + " has a bad CRC32C");
        }
        RecordReader r = new RecordReader(java.util.Arrays.copyOfRange(bytes, magic.length, bytes.length - 4), where);
        int format = r.version(1, FORMAT_VERSION);
        Builder b = new Builder();
        b.arrayId = new UUID(r.i64(), r.i64());
        b.k = r.varInt();
        b.m = r.varInt();
        b.shardBytes = r.varInt();
        b.driveBytes = r.varLong();
        int n = r.varInt();
        b.drives = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String drive = r.string();
            try {
                b.drives.add(Path.of(drive));
            } catch (java.nio.file.InvalidPathException e) {
                throw new CorruptDataException(where + " names drive " + i + " by an impossible path: " + e.getMessage());
            }
        }
        b.chunker = r.string();
        b.minChunk = r.varInt();
        b.avgChunk = r.varInt();
        b.maxChunk = r.varInt();
        b.fingerprint = r.string();
        b.compressionLevel = (int) r.zigZag();
        b.similarity = r.u8() != 0;
        b.compactionThreshold = Double.longBitsToDouble(r.i64());
        b.drivesPerDomain = r.varInt();
        b.maxShardsPerDomain = r.varInt();
        b.sketchVersion = format >= 2 ? r.u8() : SimilaritySketcher.GEAR_SAMPLED;
        r.end();
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(where + " holds an impossible configuration: " + e.getMessage());
        }
    }

    /** Writes the configuration to {@code file} atomically (temporary file, fsync, rename). */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(encode());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a configuration written by {@link #save}. */
    public static ArrayConfig load(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Builds an {@link ArrayConfig}; not thread-safe. */
    public static final class Builder {
        private UUID arrayId = UUID.randomUUID();
        private int k = 8;
        private int m = 2;
        private int shardBytes = 128 * 1024;
        private long driveBytes = 64L << 30;
        private List<Path> drives = new ArrayList<>();
        private String chunker = "fastcdc2020";
        private int minChunk = 4 * 1024;
        private int avgChunk = 16 * 1024;
        private int maxChunk = 64 * 1024;
        private String fingerprint = "blake3";
        private int compressionLevel = 3;
        private boolean similarity = true;
        private double compactionThreshold = 0.5;
        private int drivesPerDomain = 1;
        private int maxShardsPerDomain = 1;
        private int sketchVersion = SimilaritySketcher.VERSION;

        private Builder() {
        }

        /** The array id (random by default). */
        public Builder arrayId(UUID id) {
            this.arrayId = id;
            return this;
        }

        /** Data and parity shards per stripe. */
        public Builder layout(int dataShards, int parityShards) {
            this.k = dataShards;
            this.m = parityShards;
            return this;
        }

        /** Bytes per shard slot, header included. */
        public Builder shardBytes(int bytes) {
            this.shardBytes = bytes;
            return this;
        }

        /** Bytes per drive. */
        public Builder driveBytes(long bytes) {
            this.driveBytes = bytes;
            return this;
        }

        /** The drives, in order. */
        public Builder drives(List<Path> paths) {
            this.drives = new ArrayList<>(paths);
            return this;
        }

        /** {@code count} drive files named {@code drive-NN.img} in {@code folder}. */
        public Builder driveFiles(Path folder, int count) {
            List<Path> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(folder.resolve(String.format("drive-%02d.img", i)));
            }
            this.drives = list;
            return this;
        }

        /** The chunker and its sizes in bytes. */
        public Builder chunker(String name, int min, int avg, int max) {
            this.chunker = name;
            this.minChunk = min;
            this.avgChunk = avg;
            this.maxChunk = max;
            return this;
        }

        /** The fingerprint kind. */
        public Builder fingerprint(String name) {
            this.fingerprint = name;
            return this;
        }

        /** The zstd level. */
        public Builder compressionLevel(int level) {
            this.compressionLevel = level;
            return this;
        }

        /** Similarity (delta) reduction on or off. */
        public Builder similarity(boolean on) {
            this.similarity = on;
            return this;
        }

        /** Live fraction below which a stripe is compacted. */
        public Builder compactionThreshold(double fraction) {
            this.compactionThreshold = fraction;
            return this;
        }

        /** Failure domains: {@code drives} consecutive drives per domain, at most {@code maxShards} shards of a stripe in one. */
        public Builder failureDomains(int drives, int maxShards) {
            this.drivesPerDomain = drives;
            this.maxShardsPerDomain = maxShards;
            return this;
        }

        /** The similarity sketch's definition (the current {@link SimilaritySketcher#VERSION} by default). */
        public Builder sketchVersion(int version) {
            this.sketchVersion = version;
            return this;
        }

        /** The configuration; throws {@link IllegalArgumentException} naming any bad value. */
        public ArrayConfig build() {
            return new ArrayConfig(arrayId, k, m, shardBytes, driveBytes, drives, chunker, minChunk, avgChunk,
                    maxChunk, fingerprint, compressionLevel, similarity, compactionThreshold, drivesPerDomain,
                    maxShardsPerDomain, sketchVersion);
        }
    }
}
