package io.flashcore.reduction.compress;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A reused direct {@link ByteBuffer} view of native memory, for zstd-jni's direct-buffer calls.
 * A segment that lies inside the last viewed segment (same memory session, same address range)
 * reuses its view with an offset, so a caller that hands in slices of one pooled buffer, or the
 * same buffer again, allocates no view per call.
 *
 * <p>Not thread-safe: one per thread, like the zstd contexts it feeds.
 */
final class DirectView {
    private MemorySegment viewed;
    private long base;
    private long end;
    private ByteBuffer buffer;
    private int offset;

    /**
     * Returns a direct buffer whose bytes from {@link #offset()} on are {@code segment}'s.
     *
     * @throws IllegalArgumentException when {@code segment} is not native memory or is larger than
     *     2 GiB − 1 bytes
     */
    ByteBuffer of(MemorySegment segment, String what) {
        long address = segment.address();
        long size = segment.byteSize();
        if (buffer != null && address >= base && address + size <= end
                && segment.scope().equals(viewed.scope())) {
            offset = (int) (address - base);
            return buffer;
        }
        if (!segment.isNative()) {
            throw new IllegalArgumentException(what + " must be native (off-heap) memory, got a heap segment");
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is " + size + " bytes; at most "
                    + Integer.MAX_VALUE + " bytes per call");
        }
        buffer = segment.asByteBuffer();
        viewed = segment;
        base = address;
        end = address + size;
        offset = 0;
        return buffer;
    }

    /** The offset in bytes of the last segment handed to {@link #of} inside the returned buffer. */
    int offset() {
        return offset;
    }

    /** Forgets the cached view, so it no longer keeps the viewed segment reachable. */
    void clear() {
        viewed = null;
        buffer = null;
    }
}
