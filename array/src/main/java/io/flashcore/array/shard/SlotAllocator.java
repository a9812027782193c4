package io.flashcore.array.shard;

import java.util.BitSet;

/**
 * Which shard slots of one drive are in use. Allocation is next-fit from a rotating cursor, so
 * freed slots are reused only after the rest of the drive, which keeps a slot just freed by a
 * copy-on-write rewrite away from readers that may still be looking at it. Not thread-safe: the
 * array serialises allocation under its write lock.
 */
public final class SlotAllocator {
    private final BitSet used = new BitSet();
    private final long slotCount;
    private int cursor;
    private long usedCount;

    /** An allocator for a drive of {@code slotCount} slots, all free. */
    public SlotAllocator(long slotCount) {
        if (slotCount < 0 || slotCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slot count must be in [0, 2^31), got " + slotCount);
        }
        this.slotCount = slotCount;
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
        usedCount++;
        cursor = s + 1;
        return s;
    }

    /** Marks {@code slot} used (when loading committed state); idempotent. */
    public void markUsed(long slot) {
        check(slot);
        if (!used.get((int) slot)) {
            used.set((int) slot);
            usedCount++;
        }
    }

    /** Frees {@code slot}; idempotent. */
    public void free(long slot) {
        check(slot);
        if (used.get((int) slot)) {
            used.clear((int) slot);
            usedCount--;
        }
    }

    /** True when {@code slot} is in use. */
    public boolean isUsed(long slot) {
        check(slot);
        return used.get((int) slot);
    }

    private void check(long slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + slotCount + ")");
        }
    }
}
