package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The streaming frame shared by every chunker: tracks stream offsets and hands each buffer to
 * the algorithm's resumable {@link #scan}.
 */
abstract sealed class AbstractChunker implements Chunker
        permits FastCdc2020Chunker, FastCdc2016Chunker, RonomonChunker, FixedChunker, VectorChunker,
        AeVectorChunker {
    private final ChunkerSpec spec;
    /** Stream offset of the current chunk's first byte. */
    private long chunkStart;
    /** Bytes fed since the stream started. */
    private long fed;
    /** Set by {@link #scan} when it finds a cut: the index in the buffer where scanning resumes. */
    long resume;

    AbstractChunker(ChunkerSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public final ChunkerSpec spec() {
        return spec;
    }

    /**
     * Consumes {@code data[from, to)} as the continuation of the current chunk. When the chunk ends
     * inside (or just before) these bytes, resets the per-chunk state, sets {@link #resume} to the
     * buffer index where the next chunk's unconsumed bytes start, and returns the chunk's length
     * in bytes; otherwise consumes every byte and returns -1.
     */
    abstract int scan(MemorySegment data, long from, long to);

    /** Resets the per-chunk state for a new stream. */
    abstract void resetState();

    @Override
    public final int update(MemorySegment data, ChunkSink sink) {
        long n = data.byteSize();
        long i = 0;
        int count = 0;
        while (i < n) {
            int length = scan(data, i, n);
            if (length < 0) {
                break;
            }
            sink.chunk(chunkStart, length);
            chunkStart += length;
            count++;
            i = resume;
        }
        fed += n;
        return count;
    }

    @Override
    public final int finish(ChunkSink sink) {
        long start = chunkStart;
        long rest = fed - start;
        reset();
        if (rest == 0) {
            return 0;
        }
        sink.chunk(start, (int) rest);
        return 1;
    }

    @Override
    public final void reset() {
        chunkStart = 0;
        fed = 0;
        resetState();
    }

    @Override
    public final long bytesFed() {
        return fed;
    }
}
