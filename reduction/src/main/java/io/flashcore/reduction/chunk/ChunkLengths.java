package io.flashcore.reduction.chunk;

import java.util.Arrays;

/**
 * A reusable, growable list of chunk lengths in bytes that is itself a {@link ChunkSink}: after
 * warm-up it allocates nothing, so it suits the hot path where a caller wants the cut points of a
 * buffer as an array. {@link #clear()} empties it for the next buffer.
 *
 * <p>Not thread-safe.
 */
public final class ChunkLengths implements ChunkSink {
    private int[] lengths;
    private int size;
    private long firstOffset = -1;

    /** An empty list with room for 64 chunks before it grows. */
    public ChunkLengths() {
        this(64);
    }

    /** An empty list with room for {@code capacity} chunks before it grows. */
    public ChunkLengths(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 chunk, got " + capacity);
        }
        lengths = new int[capacity];
    }

    @Override
    public void chunk(long offset, int length) {
        if (size == lengths.length) {
            lengths = Arrays.copyOf(lengths, lengths.length * 2);
        }
        if (size == 0) {
            firstOffset = offset;
        }
        lengths[size++] = length;
    }

    /** The number of chunks received since the last {@link #clear()}. */
    public int size() {
        return size;
    }

    /** The length in bytes of chunk {@code index} (0-based). */
    public int length(int index) {
        return lengths[java.util.Objects.checkIndex(index, size)];
    }

    /** The stream offset in bytes of the first chunk received, or -1 when empty. */
    public long firstOffset() {
        return firstOffset;
    }

    /** The sum of all lengths, in bytes. */
    public long totalBytes() {
        long t = 0;
        for (int i = 0; i < size; i++) {
            t += lengths[i];
        }
        return t;
    }

    /** A copy of the lengths, in bytes, as {@code long}s. */
    public long[] toArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = lengths[i];
        }
        return out;
    }

    /** Forgets every chunk, keeping the capacity. */
    public void clear() {
        size = 0;
        firstOffset = -1;
    }
}
