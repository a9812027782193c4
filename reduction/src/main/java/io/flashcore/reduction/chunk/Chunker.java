package io.flashcore.reduction.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming content chunker: feed a stream's bytes in buffers of any size with
 * {@link #update}, then call {@link #finish}; every chunk is reported to a {@link ChunkSink} as
 * (stream offset, length) in bytes. Cut points depend only on the bytes and the
 * {@link #spec()}, never on how the stream was split into buffers.
 *
 * <p>Memory is bounded and fixed: a chunker keeps a few words of state, never the stream's bytes
 * (a chunk that spans buffers is reported once its end is known, with its stream offset; a caller
 * that needs the chunk's bytes keeps its own buffers until then). {@code update(MemorySegment, …)}
 * and {@code finish} allocate nothing; the {@code ByteBuffer} overload wraps its buffer in one
 * segment per call.
 *
 * <p>Not thread-safe: one chunker per stream at a time; {@link #reset()} (or {@link #finish})
 * readies it for the next stream.
 */
public interface Chunker {
    /** The spec this chunker implements, with its persistable identity. */
    ChunkerSpec spec();

    /**
     * Feeds the next {@code data.byteSize()} bytes of the stream and reports every chunk that ends
     * within them.
     *
     * @return the number of chunks reported
     */
    int update(MemorySegment data, ChunkSink sink);

    /**
     * Feeds the bytes between {@code data}'s position and limit (the position does not move) and
     * reports every chunk that ends within them.
     *
     * @return the number of chunks reported
     */
    default int update(ByteBuffer data, ChunkSink sink) {
        return update(MemorySegment.ofBuffer(data), sink);
    }

    /**
     * Ends the stream: reports the last chunk (0 or 1 of them; it may be shorter than the minimum)
     * and resets for a new stream.
     *
     * @return the number of chunks reported
     */
    int finish(ChunkSink sink);

    /** Forgets the current stream; the next byte fed starts a new stream at offset 0. */
    void reset();

    /** Bytes fed since the stream started. */
    long bytesFed();

    /**
     * Chunks the whole of {@code in} (read until end of stream, not closed) with a bounded
     * buffer, reporting each chunk to {@code sink}. Starts a new stream.
     *
     * @return the number of chunks
     * @throws IOException when reading fails
     */
    default long chunk(InputStream in, ChunkSink sink) throws IOException {
        reset();
        byte[] buf = new byte[1 << 18];
        MemorySegment seg = MemorySegment.ofArray(buf);
        long count = 0;
        for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
            count += update(seg.asSlice(0, n), sink);
        }
        return count + finish(sink);
    }

    /** The lengths in bytes of the chunks of {@code whole}, a complete stream. */
    default long[] lengths(MemorySegment whole) {
        ChunkLengths out = new ChunkLengths();
        reset();
        update(whole, out);
        finish(out);
        return out.toArray();
    }

    /** The lengths in bytes of the chunks of {@code in}, read to its end (not closed). */
    default long[] lengths(InputStream in) throws IOException {
        ChunkLengths out = new ChunkLengths();
        chunk(in, out);
        return out.toArray();
    }

    /** The chunks of {@code whole}, a complete stream. */
    default List<Chunk> chunks(MemorySegment whole) {
        List<Chunk> out = new ArrayList<>();
        reset();
        update(whole, (offset, length) -> out.add(new Chunk(offset, length)));
        finish((offset, length) -> out.add(new Chunk(offset, length)));
        return out;
    }
}
