package io.flashcore.reduction.index;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import io.flashcore.nativeio.AnonymousMemory;

/**
 * Hands out fixed-size pages of off-heap memory carved from large slabs of one shared arena, and
 * takes them back for reuse.
 *
 * <p>Why pages and not one allocation per table: the index's segments grow one at a time, and
 * closing a shared arena per freed table costs tens of microseconds (a thread handshake), while a
 * freed table of one size is rarely reused by a table of another. With a single page size every
 * freed page is reused by the next segment that grows, so the memory held stays close to the memory
 * in use, and slabs are only released when the index closes. That also means a reader that still
 * follows a page another thread just freed reads mapped memory (stale data it then discards), never
 * unmapped memory.
 *
 * <p>A page reference is {@code slab << 32 | byteOffsetInSlab}. Thread-safe: {@link #allocate()} and
 * {@link #free(long)} synchronise on this allocator; {@link #slabs()} is a volatile read.
 */
final class PageAllocator implements AutoCloseable {
    /** Bytes per page: 256 buckets of 64 bytes, so a segment needs only a few and its page table stays small and cached. */
    static final int PAGE_BYTES = 16384;
    static final int MIN_SLAB_BYTES = 64 * 1024;
    static final long MAX_SLAB_BYTES = 64L * 1024 * 1024;
    /** Slabs of the first, planned allocation may be larger (fewer slabs for a presized index). */
    static final long MAX_FIRST_SLAB_BYTES = 1L << 30;
    /**
     * Most slabs: the index's lookup directory packs a page as a 16-bit slab number and a 16-bit page
     * number in its slab, which the largest slab ({@link #MAX_FIRST_SLAB_BYTES}) just fits.
     */
    static final int MAX_SLABS = 1 << 16;

    private final Arena arena = Arena.ofShared();
    private volatile MemorySegment[] slabs = new MemorySegment[0];
    private long[] freePages = new long[64];
    private int freeCount;
    private long slabBytes;
    /** Pages are carved in slab order: the slab being carved and the bytes of it already handed out. */
    private int cursorSlab;
    private long cursorOffset;

    /** Reserves slabs for about {@code pages} pages up front, so a presized index needs no later slab. */
    PageAllocator(long pages) {
        long remaining = Math.max(pages, 1) * PAGE_BYTES;
        while (remaining > 0) {
            long size = Math.min(remaining, MAX_FIRST_SLAB_BYTES);
            size = Math.max(MIN_SLAB_BYTES, roundUp(size));
            addSlab(size);
            remaining -= size;
        }
    }

    /** The slabs, indexed by the high 32 bits of a page reference; grows, never shrinks. */
    MemorySegment[] slabs() {
        return slabs;
    }

    /** Returns a zero-filled page. */
    synchronized long allocate() {
        if (freeCount > 0) {
            long page = freePages[--freeCount];
            MemorySegment[] s = slabs;
            s[(int) (page >>> 32)].asSlice((int) page, PAGE_BYTES).fill((byte) 0);
            return page;
        }
        MemorySegment[] s = slabs;
        while (cursorOffset + PAGE_BYTES > s[cursorSlab].byteSize()) {
            if (cursorSlab + 1 == s.length) {
                // Grow by a sixteenth of what is held: few slabs, and little held but unused.
                addSlab(Math.clamp(roundUp(slabBytes / 16), MIN_SLAB_BYTES, MAX_SLAB_BYTES));
                s = slabs;
            }
            cursorSlab++;
            cursorOffset = 0;
        }
        long page = ((long) cursorSlab << 32) | cursorOffset;
        cursorOffset += PAGE_BYTES;
        return page;
    }

    /** Returns {@code page} for reuse; the caller no longer writes it. */
    synchronized void free(long page) {
        if (freeCount == freePages.length) {
            freePages = Arrays.copyOf(freePages, freePages.length * 2);
        }
        freePages[freeCount++] = page;
    }

    /** Off-heap bytes reserved in slabs, used or free. */
    synchronized long reservedBytes() {
        return slabBytes;
    }

    /** Heap bytes of the free list. */
    synchronized long heapBytes() {
        return 16L + 8L * freePages.length + 64;
    }

    private void addSlab(long size) {
        if (slabs.length == MAX_SLABS) {
            throw new IllegalStateException("the index holds " + MAX_SLABS + " slabs (" + slabBytes
                    + " bytes), the most its page references can name");
        }
        // Large slabs are mapped on transparent huge pages where the system offers them: a lookup's
        // bucket read then rarely needs a page-table walk, which at 4 KiB pages is a second cache miss.
        MemorySegment slab = size >= AnonymousMemory.HUGE_PAGE_BYTES && AnonymousMemory.isAvailable()
                ? AnonymousMemory.map(size, true, arena)
                : arena.allocate(size, 4096);
        MemorySegment[] old = slabs;
        MemorySegment[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = slab;
        slabs = grown;
        slabBytes += size;
    }

    private static long roundUp(long bytes) {
        return (bytes + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
    }

    /** Releases every slab; no page may be read after this. */
    @Override
    public void close() {
        arena.close();
    }
}
