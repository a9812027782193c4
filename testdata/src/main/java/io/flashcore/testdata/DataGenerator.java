package io.flashcore.testdata;

import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic stream of bytes with a chosen dedup ratio and compressibility, in the spirit
 * of fio's {@code dedupe_percentage} and {@code buffer_compress_percentage}.
 *
 * <p>The stream is a sequence of blocks of {@link #blockSize()} bytes. Block {@code i} is new
 * exactly when {@code floor((i+1)/D) > floor(i/D)} for the dedup ratio {@code D}, so the first
 * {@code n} blocks hold {@code ceil(n/D)} distinct blocks: the block-level dedup ratio is exact,
 * not random. Every other block repeats an earlier distinct block chosen pseudo-randomly.
 * Each distinct block is made of 1 KiB segments whose first {@code round(1024/C)} bytes are random
 * and whose rest is one repeated byte, so a general-purpose compressor reaches roughly the
 * compression ratio {@code C} on any run of whole segments. Dedup is exact for a fixed-size chunker
 * whose chunk size is the block size; content-defined chunkers find close to it when blocks are
 * several times the average chunk size.
 *
 * <p>Content is a pure function of (seed, block index): {@link #block(long, byte[], int)} gives
 * random access. Instances are immutable and thread-safe.
 */
public final class DataGenerator {
    private static final int SEGMENT = 1024;

    private final long seed;
    private final double dedupRatio;
    private final double compressionRatio;
    private final int blockSize;

    private DataGenerator(long seed, double dedupRatio, double compressionRatio, int blockSize) {
        if (!(dedupRatio >= 1.0) || Double.isInfinite(dedupRatio)) {
            throw new IllegalArgumentException("dedupRatio must be >= 1, got " + dedupRatio);
        }
        if (!(compressionRatio >= 1.0) || compressionRatio > SEGMENT) {
            throw new IllegalArgumentException(
                    "compressionRatio must be in [1, " + SEGMENT + "], got " + compressionRatio);
        }
        if (blockSize < SEGMENT || blockSize % SEGMENT != 0) {
            throw new IllegalArgumentException(
                    "blockSize must be a positive multiple of " + SEGMENT + " bytes, got " + blockSize);
        }
        this.seed = seed;
        this.dedupRatio = dedupRatio;
        this.compressionRatio = compressionRatio;
        this.blockSize = blockSize;
    }

    /**
     * A generator.
     *
     * @param seed             any value; equal seeds give equal streams
     * @param dedupRatio       logical blocks ÷ distinct blocks, at least 1
     * @param compressionRatio target compressor ratio of each distinct block, 1 (random) to 1024
     * @param blockSize        bytes per block, a multiple of 1024
     */
    public static DataGenerator of(long seed, double dedupRatio, double compressionRatio, int blockSize) {
        return new DataGenerator(seed, dedupRatio, compressionRatio, blockSize);
    }

    /** Bytes per block. */
    public int blockSize() {
        return blockSize;
    }

    /** The configured dedup ratio (logical ÷ distinct blocks). */
    public double dedupRatio() {
        return dedupRatio;
    }

    /** The configured compression ratio of each distinct block. */
    public double compressionRatio() {
        return compressionRatio;
    }

    /** Distinct blocks among the first {@code blocks} blocks of the stream. */
    public long distinctBlocks(long blocks) {
        return blocks == 0 ? 0 : (long) Math.floor((blocks - 1) / dedupRatio) + 1;
    }

    /** The id of the distinct block that block {@code index} holds (ids count up from 0). */
    public long distinctIdOf(long index) {
        long id = (long) Math.floor(index / dedupRatio);
        boolean isNew = index == 0 || id > (long) Math.floor((index - 1) / dedupRatio);
        if (isNew) {
            return id;
        }
        // A repeat: any distinct block already emitted, i.e. with id in [0, id].
        SplittableRandom r = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, index));
        return r.nextLong(id + 1);
    }

    /** Writes block {@code index} ({@link #blockSize()} bytes) into {@code dst} at {@code offset}. */
    public void block(long index, byte[] dst, int offset) {
        Objects.checkFromIndexSize(offset, blockSize, dst.length);
        fillDistinct(distinctIdOf(index), dst, offset);
    }

    /** The first {@code bytes} bytes of the stream (the last block may be cut short). */
    public byte[] bytes(int bytes) {
        byte[] out = new byte[bytes];
        byte[] block = new byte[blockSize];
        for (int pos = 0, index = 0; pos < bytes; pos += blockSize, index++) {
            block(index, block, 0);
            System.arraycopy(block, 0, out, pos, Math.min(blockSize, bytes - pos));
        }
        return out;
    }

    /** An input stream of the first {@code bytes} bytes of the stream; not thread-safe. */
    public InputStream stream(long bytes) {
        return new InputStream() {
            private final byte[] block = new byte[blockSize];
            private long position;
            private long loadedIndex = -1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Objects.checkFromIndexSize(off, len, b.length);
                if (position >= bytes) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                long index = position / blockSize;
                if (index != loadedIndex) {
                    block(index, block, 0);
                    loadedIndex = index;
                }
                int inBlock = (int) (position % blockSize);
                int n = (int) Math.min(Math.min(len, blockSize - inBlock), bytes - position);
                System.arraycopy(block, inBlock, b, off, n);
                position += n;
                return n;
            }
        };
    }

    private void fillDistinct(long id, byte[] dst, int offset) {
        SplittableRandom r = new SplittableRandom(mix(seed, id));
        int randomPerSegment = (int) Math.round(SEGMENT / compressionRatio);
        for (int seg = 0; seg < blockSize; seg += SEGMENT) {
            int p = offset + seg;
            int end = p + randomPerSegment;
            while (p + 8 <= end) {
                long v = r.nextLong();
                for (int k = 0; k < 8; k++) {
                    dst[p++] = (byte) (v >>> (8 * k));
                }
            }
            while (p < end) {
                dst[p++] = (byte) r.nextInt();
            }
            byte fill = (byte) r.nextInt();
            java.util.Arrays.fill(dst, p, offset + seg + SEGMENT, fill);
        }
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
