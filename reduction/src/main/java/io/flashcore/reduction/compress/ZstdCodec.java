package io.flashcore.reduction.compress;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictContentType;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import io.flashcore.nativeio.ZstdPrefix;

/**
 * Compresses and decompresses single zstd frames between native {@link MemorySegment}s, with
 * reused zstd contexts and reused direct-buffer views, so the plain paths allocate nothing per
 * call. Frames are standard zstd frames (the {@code zstd} tool reads them); a frame made against
 * a dictionary or a reference chunk needs that same dictionary or reference to decode.
 *
 * <p>Decompression is exact: the destination's byte size is the expected content length, and a
 * frame that decodes to more or fewer bytes, is truncated, or is corrupt raises
 * {@link CorruptRecordException}; zstd never reads past the given source nor writes past the
 * given destination.
 *
 * <p>Deltas against a reference chunk are made with the system's libzstd when it loads
 * ({@link ZstdPrefix}: the reference as a prefix of the frame's window, ~11 µs for a 24 KB reference)
 * and with zstd-jni otherwise (the reference built into a dictionary, ~50 µs);
 * {@code -Dflashcore.zstd.prefix=off} forces the latter. The two write slightly different frames for
 * the same input (a prefix loads fewer positions into the match tables), and both decode the same way.
 *
 * <p>Not thread-safe: each thread owns one codec (its zstd contexts are per thread). The owner
 * closes it, which frees the native contexts.
 */
public final class ZstdCodec implements AutoCloseable {
    private static final long DST_SIZE_TOO_SMALL = Zstd.errDstSizeTooSmall();
    /** Whether deltas go through the system libzstd's prefix API (see the class comment). */
    static final boolean PREFIX_AVAILABLE = !"off".equals(System.getProperty("flashcore.zstd.prefix", "auto"))
            && ZstdPrefix.isAvailable();

    private final int level;
    private final boolean checksum;
    private final ZstdCompressCtx plain = new ZstdCompressCtx();
    private final ZstdCompressCtx withDictionary = new ZstdCompressCtx();
    private final ZstdCompressCtx withReference = new ZstdCompressCtx();
    private final ZstdDecompressCtx plainReader = new ZstdDecompressCtx();
    private final ZstdDecompressCtx dictionaryReader = new ZstdDecompressCtx();
    private final ZstdDecompressCtx referenceReader = new ZstdDecompressCtx();
    private final DirectView srcView = new DirectView();
    private final DirectView dstView = new DirectView();
    private CompressionDictionary loadedForCompression;
    /** Deltas through the system libzstd (opened on first use), or never when false. */
    private final boolean usePrefix;
    private ZstdPrefix prefix;
    private CompressionDictionary loadedForDecompression;

    /**
     * A codec compressing at zstd {@code level} (negative fast levels through {@link ZstdLevels#MAX}),
     * with a content checksum in each frame when {@code checksum} is set.
     */
    public ZstdCodec(int level, boolean checksum) {
        this(level, checksum, PREFIX_AVAILABLE);
    }

    /** As {@link #ZstdCodec(int, boolean)}, making deltas through the system libzstd or not (for tests). */
    ZstdCodec(int level, boolean checksum, boolean usePrefix) {
        this.usePrefix = usePrefix && ZstdPrefix.isAvailable();
        this.level = ZstdLevels.check(level);
        this.checksum = checksum;
        configure(plain);
        configure(withReference);
    }

    private void configure(ZstdCompressCtx ctx) {
        ctx.setLevel(level);
        ctx.setChecksum(checksum);
        ctx.setContentSize(true);
    }

    /** The zstd level frames are compressed at. */
    public int level() {
        return level;
    }

    /** Whether frames carry zstd's content checksum (XXH64, 4 bytes). */
    public boolean checksum() {
        return checksum;
    }

    /** The largest frame, in bytes, that compressing {@code srcBytes} bytes can produce. */
    public static int maxFrameLength(int srcBytes) {
        if (srcBytes < 0) {
            throw new IllegalArgumentException("source length " + srcBytes + " is negative");
        }
        long bound = Zstd.compressBound(srcBytes);
        if (bound > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("source length " + srcBytes + " is too large for one frame");
        }
        return (int) bound;
    }

    /**
     * Compresses all of {@code src} into one frame at the start of {@code dst}.
     *
     * @return the frame's length in bytes
     * @throws CompressionException when {@code dst} is too small for the frame (size it with
     *     {@link #maxFrameLength})
     */
    public int compress(MemorySegment src, MemorySegment dst) {
        return compress(plain, src, dst);
    }

    /**
     * Compresses all of {@code src} into one frame in {@code dst} from byte {@code dstOffset} on.
     * Handing in the same (pooled) {@code dst} each time with an offset avoids a slice per call.
     *
     * @return the frame's length in bytes, or -1 when it does not fit in the rest of {@code dst}
     */
    public int tryCompress(MemorySegment src, MemorySegment dst, long dstOffset) {
        checkOffset(dst, dstOffset);
        return tryCompress(plain, src, dst, dstOffset);
    }

    /** Like {@link #tryCompress(MemorySegment, MemorySegment, long)}, with a trained dictionary. */
    public int tryCompress(MemorySegment src, MemorySegment dst, long dstOffset, CompressionDictionary dictionary) {
        checkOffset(dst, dstOffset);
        if (loadedForCompression != dictionary) {
            withDictionary.loadDict(dictionary.compressDictionary());
            loadedForCompression = dictionary;
        }
        return tryCompress(withDictionary, src, dst, dstOffset);
    }

    /** Like {@link #tryCompressAgainst}, writing the frame into {@code dst} from {@code dstOffset} on. */
    public int tryCompressAgainst(MemorySegment src, MemorySegment reference, MemorySegment dst, long dstOffset) {
        checkOffset(dst, dstOffset);
        if (reference.byteSize() == 0) {
            return tryCompress(plain, src, dst, dstOffset);
        }
        if (usePrefix && src.isNative() && dst.isNative()) {
            return againstPrefix(src, reference, dst.asSlice(dstOffset));
        }
        ByteBuffer ref = referenceBuffer(reference);
        ZstdDictCompress dict = new ZstdDictCompress(ref, level, true, ZstdDictContentType.RAW_CONTENT);
        try {
            withReference.loadDict(dict);
            return tryCompress(withReference, src, dst, dstOffset);
        } finally {
            withReference.loadDict((ZstdDictCompress) null);
            dict.close();
        }
    }

    private static void checkOffset(MemorySegment dst, long dstOffset) {
        if (dstOffset < 0 || dstOffset > dst.byteSize()) {
            throw new IndexOutOfBoundsException("offset " + dstOffset + " is outside the " + dst.byteSize()
                    + "-byte destination");
        }
    }

    /**
     * Decompresses the frame of {@code frameLength} bytes at {@code srcOffset} of {@code src} into
     * exactly {@code dst.byteSize()} bytes of {@code dst} (same rules as
     * {@link #decompress(MemorySegment, MemorySegment)}), optionally with {@code dictionary} or
     * against {@code reference} (either may be {@code null}, not both set).
     */
    public void decompress(MemorySegment src, long srcOffset, int frameLength, MemorySegment dst,
            CompressionDictionary dictionary, MemorySegment reference) {
        java.util.Objects.checkFromIndexSize(srcOffset, frameLength, src.byteSize());
        if (dictionary != null) {
            if (loadedForDecompression != dictionary) {
                dictionaryReader.loadDict(dictionary.decompressDictionary());
                loadedForDecompression = dictionary;
            }
            decompress(dictionaryReader, src, srcOffset, frameLength, dst, 0, (int) dst.byteSize(),
                    " with dictionary " + Integer.toUnsignedString(dictionary.id()));
        } else if (reference != null && reference.byteSize() > 0) {
            ByteBuffer ref = referenceBuffer(reference);
            ZstdDictDecompress dict = new ZstdDictDecompress(ref, true, ZstdDictContentType.RAW_CONTENT);
            try {
                referenceReader.loadDict(dict);
                decompress(referenceReader, src, srcOffset, frameLength, dst, 0, (int) dst.byteSize(),
                        " against a reference of " + reference.byteSize() + " bytes");
            } finally {
                referenceReader.loadDict((ZstdDictDecompress) null);
                dict.close();
            }
        } else {
            decompress(plainReader, src, srcOffset, frameLength, dst, 0, (int) dst.byteSize(), "");
        }
    }

    /**
     * Compresses all of {@code src} into one frame at the start of {@code dst} using the trained
     * {@code dictionary} (at the dictionary's own level).
     *
     * @return the frame's length in bytes
     */
    public int compress(MemorySegment src, MemorySegment dst, CompressionDictionary dictionary) {
        int n = tryCompress(src, dst, dictionary);
        if (n < 0) {
            throw tooSmall(src, dst);
        }
        return n;
    }

    /**
     * Compresses all of {@code src} as a delta against {@code reference}: one frame whose matches
     * may point into the reference's bytes (loaded as a raw-content dictionary). Decoding needs
     * exactly the same reference bytes.
     *
     * @return the frame's length in bytes
     */
    public int compressAgainst(MemorySegment src, MemorySegment reference, MemorySegment dst) {
        int n = tryCompressAgainst(src, reference, dst);
        if (n < 0) {
            throw tooSmall(src, dst);
        }
        return n;
    }

    /** A delta frame against {@code reference} through the system libzstd; -1 when it does not fit in {@code dst}. */
    private int againstPrefix(MemorySegment src, MemorySegment reference, MemorySegment dst) {
        requireNative(reference);
        if (prefix == null) {
            prefix = ZstdPrefix.open(level, checksum);
        }
        long n;
        try {
            // A frame is at most zstd's bound of its source, and sources are chunks (int-sized).
            n = prefix.compress(src, reference, dst);
        } catch (IllegalStateException e) {
            throw new CompressionException("zstd compression of " + src.byteSize() + " bytes against a "
                    + reference.byteSize() + "-byte reference failed: " + e.getMessage(), e);
        }
        return (int) n;
    }

    private static ByteBuffer referenceBuffer(MemorySegment reference) {
        requireNative(reference);
        return reference.asByteBuffer();
    }

    private static void requireNative(MemorySegment reference) {
        if (!reference.isNative()) {
            throw new IllegalArgumentException("reference must be native (off-heap) memory, got a heap segment");
        }
    }

    private int compress(ZstdCompressCtx ctx, MemorySegment src, MemorySegment dst) {
        int n = tryCompress(ctx, src, dst);
        if (n < 0) {
            throw tooSmall(src, dst);
        }
        return n;
    }

    private static CompressionException tooSmall(MemorySegment src, MemorySegment dst) {
        return new CompressionException("destination of " + dst.byteSize() + " bytes is too small for the frame of "
                + src.byteSize() + " source bytes; size it with maxFrameLength ("
                + maxFrameLength((int) src.byteSize()) + " bytes)");
    }

    /**
     * Compresses all of {@code src} into one frame at the start of {@code dst}, at most
     * {@code dst.byteSize()} bytes long.
     *
     * @return the frame's length in bytes, or -1 when the frame does not fit in {@code dst}
     */
    public int tryCompress(MemorySegment src, MemorySegment dst) {
        return tryCompress(plain, src, dst);
    }

    /** Like {@link #tryCompress(MemorySegment, MemorySegment)}, with a trained dictionary. */
    public int tryCompress(MemorySegment src, MemorySegment dst, CompressionDictionary dictionary) {
        if (loadedForCompression != dictionary) {
            withDictionary.loadDict(dictionary.compressDictionary());
            loadedForCompression = dictionary;
        }
        return tryCompress(withDictionary, src, dst);
    }

    /** Like {@link #compressAgainst}, but returns -1 when the frame does not fit in {@code dst}. */
    public int tryCompressAgainst(MemorySegment src, MemorySegment reference, MemorySegment dst) {
        if (reference.byteSize() == 0) {
            return tryCompress(src, dst);
        }
        if (usePrefix && src.isNative() && dst.isNative()) {
            return againstPrefix(src, reference, dst);
        }
        ByteBuffer ref = referenceBuffer(reference);
        ZstdDictCompress dict = new ZstdDictCompress(ref, level, true, ZstdDictContentType.RAW_CONTENT);
        try {
            withReference.loadDict(dict);
            return tryCompress(withReference, src, dst);
        } finally {
            withReference.loadDict((ZstdDictCompress) null);
            dict.close();
        }
    }

    private int tryCompress(ZstdCompressCtx ctx, MemorySegment src, MemorySegment dst) {
        return tryCompress(ctx, src, dst, 0);
    }

    private int tryCompress(ZstdCompressCtx ctx, MemorySegment src, MemorySegment dst, long dstOffset) {
        ByteBuffer s = srcView.of(src, "source");
        int so = srcView.offset();
        ByteBuffer d = dstView.of(dst, "destination");
        int dOff = dstView.offset() + (int) dstOffset;
        try {
            return ctx.compressDirectByteBuffer(d, dOff, (int) (dst.byteSize() - dstOffset), s, so, (int) src.byteSize());
        } catch (ZstdException e) {
            if (e.getErrorCode() == DST_SIZE_TOO_SMALL) {
                return -1;
            }
            throw new CompressionException("zstd compression of " + src.byteSize() + " bytes failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decompresses the single frame {@code frame} (all of it) into all of {@code dst}; the frame's
     * content must be exactly {@code dst.byteSize()} bytes.
     *
     * @throws CorruptRecordException when the frame is corrupt, truncated, followed by extra bytes,
     *     needs a dictionary, or decodes to a different length
     */
    public void decompress(MemorySegment frame, MemorySegment dst) {
        decompress(plainReader, frame, dst, "");
    }

    /** Like {@link #decompress(MemorySegment, MemorySegment)} for a frame made with {@code dictionary}. */
    public void decompress(MemorySegment frame, MemorySegment dst, CompressionDictionary dictionary) {
        if (loadedForDecompression != dictionary) {
            dictionaryReader.loadDict(dictionary.decompressDictionary());
            loadedForDecompression = dictionary;
        }
        decompress(dictionaryReader, frame, dst, " with dictionary " + Integer.toUnsignedString(dictionary.id()));
    }

    /** Like {@link #decompress(MemorySegment, MemorySegment)} for a frame made against {@code reference}. */
    public void decompressAgainst(MemorySegment frame, MemorySegment reference, MemorySegment dst) {
        if (reference.byteSize() == 0) {
            decompress(frame, dst);
            return;
        }
        ByteBuffer ref = referenceBuffer(reference);
        ZstdDictDecompress dict = new ZstdDictDecompress(ref, true, ZstdDictContentType.RAW_CONTENT);
        try {
            referenceReader.loadDict(dict);
            decompress(referenceReader, frame, dst, " against a reference of " + reference.byteSize() + " bytes");
        } finally {
            referenceReader.loadDict((ZstdDictDecompress) null);
            dict.close();
        }
    }

    private void decompress(ZstdDecompressCtx ctx, MemorySegment frame, MemorySegment dst, String how) {
        decompress(ctx, frame, 0, (int) frame.byteSize(), dst, 0, (int) dst.byteSize(), how);
    }

    private void decompress(ZstdDecompressCtx ctx, MemorySegment src, long srcOffset, int frameLength,
            MemorySegment dst, long dstOffset, int expected, String how) {
        if (frameLength == 0) {
            throw new CorruptRecordException("empty zstd frame" + how + ": expected a frame of "
                    + expected + " content bytes");
        }
        ByteBuffer s = srcView.of(src, "frame");
        int so = srcView.offset() + (int) srcOffset;
        ByteBuffer d = dstView.of(dst, "destination");
        int dOff = dstView.offset() + (int) dstOffset;
        int n;
        long frameBytes = frameLength;
        try {
            n = ctx.decompressDirectByteBuffer(d, dOff, expected, s, so, frameLength);
        } catch (ZstdException e) {
            if (e.getErrorCode() == DST_SIZE_TOO_SMALL) {
                throw new CorruptRecordException("zstd frame of " + frameBytes + " bytes" + how
                        + " decodes to more than the expected " + expected + " bytes", e);
            }
            throw new CorruptRecordException("zstd frame of " + frameBytes + " bytes" + how
                    + " is corrupt or truncated: " + e.getMessage(), e);
        }
        if (n != expected) {
            throw new CorruptRecordException("zstd frame of " + frameBytes + " bytes" + how
                    + " decodes to " + n + " bytes, expected exactly " + expected);
        }
    }

    @Override
    public void close() {
        withDictionary.loadDict((ZstdDictCompress) null);
        dictionaryReader.loadDict((ZstdDictDecompress) null);
        loadedForCompression = null;
        loadedForDecompression = null;
        plain.close();
        withDictionary.close();
        withReference.close();
        if (prefix != null) {
            prefix.close();
            prefix = null;
        }
        plainReader.close();
        dictionaryReader.close();
        referenceReader.close();
        srcView.clear();
        dstView.clear();
    }
}
