package io.flashcore.array.shard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Which shard slots of one drive are in use. Allocation is next-fit from a rotating cursor, so
 * freed slots are reused only after the rest of the drive, which keeps a slot just freed by a
 * copy-on-write rewrite away from readers that may still be looking at it. Not thread-safe: the
 * array serialises allocation under its write lock.
 *
 * <p>The map persists in pages of {@link #PAGE_SLOTS} slots ({@link #page}, {@link #loadPage}); the
 * allocator remembers which pages changed since they were last written or loaded
 * ({@link #dirtyPages}), so saving it writes only those.
 */
public final class SlotAllocator {
    /** Slots per persisted page: 8 KiB of bits. */
    public static final int PAGE_SLOTS = 1 << 16;
    /** Format version of a persisted page. */
    public static final int PAGE_FORMAT = 1;

    private final BitSet used = new BitSet();
    /** Pages changed since last written or loaded; all of them for a new allocator. */
    private final BitSet dirty = new BitSet();
    private final long slotCount;
    private int cursor;
    private long usedCount;

    /** An allocator for a drive of {@code slotCount} slots, all free (and every page dirty). */
    public SlotAllocator(long slotCount) {
        if (slotCount < 0 || slotCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slot count must be in [0, 2^31), got " + slotCount);
        }
        this.slotCount = slotCount;
        dirty.set(0, pageCount());
    }

    /** Persisted pages the drive's map takes. */
    public int pageCount() {
        return (int) ((slotCount + PAGE_SLOTS - 1) / PAGE_SLOTS);
    }

    /** The pages changed since they were last written or loaded, ascending. */
    public int[] dirtyPages() {
        return dirty.stream().toArray();
    }

    /** Notes that every page is as persisted (after a commit that wrote the dirty ones). */
    public void markPersisted() {
        dirty.clear();
    }

    /** Page {@code p} as persisted: format byte, then the page's bits as little-endian 64-bit words (trailing zero words left out). */
    public byte[] page(int p) {
        java.util.Objects.checkIndex(p, pageCount());
        int from = p * PAGE_SLOTS;
        long[] words = used.get(from, (int) Math.min(slotCount, (long) from + PAGE_SLOTS)).toLongArray();
        ByteBuffer b = ByteBuffer.allocate(1 + 8 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) PAGE_FORMAT);
        for (long w : words) {
            b.putLong(w);
        }
        return b.array();
    }

    /**
     * Marks used the slots page {@code value} (written by {@link #page}) says are, on page {@code p}, which
     * must have none in use yet, and notes the page as persisted.
     *
     * @throws IllegalArgumentException when the value is not such a page (format, length, a slot past the drive's end)
     * @throws IllegalStateException    when a slot of page {@code p} is in use already
     */
    public void loadPage(int p, byte[] value) {
        java.util.Objects.checkIndex(p, pageCount());
        int first = used.nextSetBit(p * PAGE_SLOTS);
        if (first >= 0 && first < (long) (p + 1) * PAGE_SLOTS) {
            throw new IllegalStateException("slot map page " + p + " is loaded over slot " + first + " in use");
        }
        if (value.length == 0 || value[0] != PAGE_FORMAT || (value.length - 1) % 8 != 0
                || (value.length - 1) / 8 > PAGE_SLOTS / 64) {
            throw new IllegalArgumentException("slot map page " + p + " is not a format-" + PAGE_FORMAT + " page of at most "
                    + PAGE_SLOTS + " slots (" + value.length + " bytes)");
        }
        long[] words = new long[(value.length - 1) / 8];
        ByteBuffer.wrap(value, 1, value.length - 1).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
        long from = (long) p * PAGE_SLOTS;
        int last = words.length - 1;
        while (last >= 0 && words[last] == 0) {
            last--;
        }
        long end = last < 0 ? from : from + 64L * last + 64 - Long.numberOfLeadingZeros(words[last]);
        if (end > slotCount) {
            throw new IllegalArgumentException("slot map page " + p + " marks slot " + (end - 1)
                    + " used, past the drive's " + slotCount + " slots");
        }
        for (int k = 0; k <= last; k++) { // a word at a time: slots are taken in runs
            long w = words[k];
            int base = (int) from + 64 * k;
            usedCount += Long.bitCount(w);
            if (w == -1L) {
                used.set(base, base + 64);
            } else {
                for (; w != 0; w &= w - 1) {
                    used.set(base + Long.numberOfTrailingZeros(w));
                }
            }
        }
        dirty.clear(p);
    }

    /** Slots on the drive. */
    public long slotCount() {
        return slotCount;
    }

    /** Slots in use. */
    public long usedCount() {
        return usedCount;
    }

    /** Slots free. */
    public long freeCount() {
        return slotCount - usedCount;
    }

    /** Takes a free slot and returns it, or -1 when the drive is full. */
    public long allocate() {
        if (usedCount >= slotCount) {
            return -1;
        }
        int s = used.nextClearBit(cursor);
        if (s >= slotCount) {
            s = used.nextClearBit(0);
        }
        used.set(s);
        dirty.set(s / PAGE_SLOTS);
        usedCount++;
        cursor = s + 1;
        return s;
    }

    /** Marks {@code slot} used (when loading committed state); idempotent. */
    public void markUsed(long slot) {
        check(slot);
        if (!used.get((int) slot)) {
            used.set((int) slot);
            dirty.set((int) (slot / PAGE_SLOTS));
            usedCount++;
        }
    }

    /** Frees {@code slot}; idempotent. */
    public void free(long slot) {
        check(slot);
        if (used.get((int) slot)) {
            used.clear((int) slot);
            dirty.set((int) (slot / PAGE_SLOTS));
            usedCount--;
        }
    }

    /** True when {@code slot} is in use. */
    public boolean isUsed(long slot) {
        check(slot);
        return used.get((int) slot);
    }

    /** The first slot in use in one of this and {@code other} but not both, or -1. */
    public long firstDifference(SlotAllocator other) {
        BitSet x = (BitSet) used.clone();
        x.xor(other.used);
        return x.nextSetBit(0);
    }

    private void check(long slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + slotCount + ")");
        }
    }
}
