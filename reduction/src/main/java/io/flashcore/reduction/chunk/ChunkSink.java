package io.flashcore.reduction.chunk;

/**
 * Receives chunk boundaries from a {@link Chunker}, one call per chunk, in stream order.
 *
 * <p>This is the allocation-free hot path: a chunker calls it for every chunk it finds, and an
 * implementation typically fingerprints the chunk's bytes (which it still holds) or appends to a
 * reusable {@link ChunkLengths}.
 */
@FunctionalInterface
public interface ChunkSink {
    /**
     * Called once per chunk.
     *
     * @param offset offset of the chunk's first byte from the start of the stream, in bytes
     * @param length length of the chunk in bytes, at least 1
     */
    void chunk(long offset, int length);
}
