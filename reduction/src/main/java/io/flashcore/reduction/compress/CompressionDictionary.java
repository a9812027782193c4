package io.flashcore.reduction.compress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

/**
 * A zstd dictionary trained from samples of the data, identified by the 32-bit id zstd writes into
 * the dictionary (and into every frame made with it). Small chunks compress much better with one:
 * a 4 KiB chunk alone gives zstd little history to match against.
 *
 * <p>The {@link #bytes()} are what gets persisted; {@link #of(byte[], int)} rebuilds the same
 * dictionary from them. Thread-safe once built; the owner closes it after every codec using it is
 * done, which frees the native tables.
 */
public final class CompressionDictionary implements AutoCloseable {
    /** The smallest dictionary, in bytes, that {@link #train} accepts. */
    public static final int MIN_BYTES = 256;

    private final byte[] bytes;
    private final int id;
    private final int level;
    private final ZstdDictCompress compress;
    private final ZstdDictDecompress decompress;

    private CompressionDictionary(byte[] bytes, int id, int level) {
        this.bytes = bytes;
        this.id = id;
        this.level = level;
        this.compress = new ZstdDictCompress(bytes, level);
        this.decompress = new ZstdDictDecompress(bytes);
    }

    /**
     * Trains a dictionary of at most {@code maxBytes} bytes from {@code samples} (each sample one
     * chunk, typically a few hundred of them), to compress at zstd {@code level}.
     *
     * @throws CompressionException when zstd cannot train a dictionary from the samples (too few,
     *     too small or too uniform)
     */
    public static CompressionDictionary train(List<MemorySegment> samples, int maxBytes, int level) {
        ZstdLevels.check(level);
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("dictionary size " + maxBytes + " bytes is below the minimum of "
                    + MIN_BYTES);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to train a dictionary from");
        }
        byte[][] arrays = new byte[samples.size()][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = samples.get(i).toArray(ValueLayout.JAVA_BYTE);
        }
        byte[] dict = new byte[maxBytes];
        long n;
        try {
            n = Zstd.trainFromBuffer(arrays, dict, false);
        } catch (ZstdException e) {
            throw new CompressionException("training a dictionary from " + samples.size() + " samples failed: "
                    + e.getMessage(), e);
        }
        if (Zstd.isError(n)) {
            throw new CompressionException("training a dictionary from " + samples.size() + " samples failed: "
                    + Zstd.getErrorName(n));
        }
        return of(Arrays.copyOf(dict, (int) n), level);
    }

    /**
     * The dictionary persisted as {@code bytes} (a zstd dictionary with its magic and id), used at
     * zstd {@code level}.
     *
     * @throws CorruptRecordException when {@code bytes} is not a zstd dictionary with an id
     */
    public static CompressionDictionary of(byte[] bytes, int level) {
        ZstdLevels.check(level);
        long id = Zstd.getDictIdFromDict(bytes);
        if (id == 0) {
            throw new CorruptRecordException("dictionary of " + bytes.length
                    + " bytes has no zstd dictionary header (magic 0xEC30A437 and a non-zero id)");
        }
        return new CompressionDictionary(bytes.clone(), (int) id, level);
    }

    /** The dictionary's id, as written in its header and in frames made with it (unsigned 32-bit). */
    public int id() {
        return id;
    }

    /** The zstd level frames are compressed at with this dictionary. */
    public int level() {
        return level;
    }

    /** The dictionary's bytes, to persist (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The dictionary's length in bytes. */
    public int length() {
        return bytes.length;
    }

    ZstdDictCompress compressDictionary() {
        return compress;
    }

    ZstdDictDecompress decompressDictionary() {
        return decompress;
    }

    @Override
    public void close() {
        compress.close();
        decompress.close();
    }
}
