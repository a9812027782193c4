package io.flashcore.reduction.similar;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.flashcore.reduction.compress.ReferenceResolver;
import org.agrona.collections.Long2LongHashMap;

/**
 * The decoded bytes of recent reference chunks, kept in one native ring buffer of a fixed byte
 * budget (anonymous memory, so only the part used is resident): adding past the end wraps around and evicts the oldest references it overwrites.
 * Used where references cannot be read back from storage (the estimate) or as a read cache in
 * front of storage. A reference that was evicted resolves to {@code null}.
 *
 * <p>Not thread-safe: one writer/reader thread. The segment returned by {@link #resolve} is valid
 * until the next {@link #put}. The owner closes it, which frees the ring.
 */
public final class ReferenceCache implements ReferenceResolver, AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring;
    private final Long2LongHashMap location = new Long2LongHashMap(4096, 0.65f, -1);
    private long[] fifoIds = new long[1024];
    private long[] fifoEnds = new long[1024];
    private int fifoHead;
    private int fifoSize;
    private long writeAt;

    /** A cache of {@code budgetBytes} bytes (at least 1 MiB). */
    public ReferenceCache(long budgetBytes) {
        if (budgetBytes < (1 << 20)) {
            throw new IllegalArgumentException("reference cache budget " + budgetBytes + " bytes is below 1 MiB");
        }
        // Mapped, not allocated: the kernel supplies zero pages as the ring fills, so an idle or
        // little-used cache costs no memory and creating one costs no memset of the whole budget.
        ring = io.flashcore.nativeio.AnonymousMemory.isAvailable()
                ? io.flashcore.nativeio.AnonymousMemory.map((budgetBytes + 4095) & -4096L, false, arena)
                : arena.allocate(budgetBytes, 64);
    }

    /** The budget in bytes. */
    public long capacity() {
        return ring.byteSize();
    }

    /** References currently held. */
    public int size() {
        return location.size();
    }

    /**
     * Keeps a copy of {@code chunk} as reference {@code id}, evicting the oldest references it
     * overwrites; a chunk larger than the whole budget is not kept.
     */
    public void put(long id, MemorySegment chunk) {
        long len = chunk.byteSize();
        if (len > ring.byteSize() || len >= 1L << 24) {
            return;
        }
        if (writeAt + len > ring.byteSize()) {
            evictUntil(ring.byteSize() + 1);
            writeAt = 0;
        }
        evictUntil(writeAt + len);
        MemorySegment.copy(chunk, 0, ring, writeAt, len);
        location.put(id, writeAt << 24 | len);
        push(id, writeAt + len);
        writeAt += len;
    }

    /** Evicts queued references whose bytes start before {@code end} at or after the write position. */
    private void evictUntil(long end) {
        while (fifoSize > 0) {
            long id = fifoIds[fifoHead];
            long packed = location.get(id);
            long start = packed == -1 ? -1 : packed >>> 24;
            boolean stale = packed == -1 || fifoEnds[fifoHead] != start + (packed & 0xFF_FFFF);
            if (!stale && (start >= end || start + (packed & 0xFF_FFFF) <= writeAt)) {
                return;
            }
            if (!stale) {
                location.remove(id);
            }
            fifoHead = (fifoHead + 1) % fifoIds.length;
            fifoSize--;
        }
    }

    private void push(long id, long end) {
        if (fifoSize == fifoIds.length) {
            long[] ids = new long[fifoIds.length * 2];
            long[] ends = new long[fifoIds.length * 2];
            for (int i = 0; i < fifoSize; i++) {
                ids[i] = fifoIds[(fifoHead + i) % fifoIds.length];
                ends[i] = fifoEnds[(fifoHead + i) % fifoIds.length];
            }
            fifoIds = ids;
            fifoEnds = ends;
            fifoHead = 0;
        }
        int tail = (fifoHead + fifoSize) % fifoIds.length;
        fifoIds[tail] = id;
        fifoEnds[tail] = end;
        fifoSize++;
    }

    @Override
    public MemorySegment resolve(long referenceId) {
        long packed = location.get(referenceId);
        if (packed == -1) {
            return null;
        }
        return ring.asSlice(packed >>> 24, packed & 0xFF_FFFF);
    }

    @Override
    public void close() {
        arena.close();
    }
}
