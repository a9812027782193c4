package io.flashcore.array.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The slot allocator and its persisted pages. */
class SlotAllocatorTest {
    /**
     * After any sequence of allocations and frees, saving the dirty pages over the pages saved before
     * and loading them all into a new allocator gives the same slots in use; and the dirty pages are
     * exactly those whose slots changed since the last save.
     */
    @Property(tries = 60)
    void savedDirtyPagesLoadBackAsTheSameSlots(@ForAll @IntRange(min = 1, max = 300_000) int slots,
                                                @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        Random rnd = new Random(seed);
        SlotAllocator a = new SlotAllocator(slots);
        byte[][] saved = new byte[a.pageCount()][];
        assertEquals(a.pageCount(), a.dirtyPages().length, "a new allocator has every page to save");
        for (int round = 0; round < 3; round++) {
            BitSet before = new BitSet();
            for (int s = 0; s < slots; s++) {
                if (a.isUsed(s)) {
                    before.set(s);
                }
            }
            int ops = rnd.nextInt(2_000);
            for (int i = 0; i < ops; i++) {
                if (rnd.nextInt(3) > 0) {
                    a.allocate();
                } else {
                    a.free(rnd.nextInt(slots));
                }
            }
            BitSet changedPages = new BitSet();
            for (int s = 0; s < slots; s++) {
                if (a.isUsed(s) != before.get(s)) {
                    changedPages.set(s / SlotAllocator.PAGE_SLOTS);
                }
            }
            int[] dirty = a.dirtyPages();
            for (int p = changedPages.nextSetBit(0); p >= 0; p = changedPages.nextSetBit(p + 1)) {
                assertTrue(java.util.Arrays.binarySearch(dirty, p) >= 0, "page " + p + " changed, not dirty");
            }
            for (int p : dirty) {
                saved[p] = a.page(p);
            }
            a.markPersisted();
            assertEquals(0, a.dirtyPages().length);
            SlotAllocator b = new SlotAllocator(slots);
            for (int p = 0; p < saved.length; p++) {
                b.loadPage(p, saved[p]);
            }
            assertEquals(-1, a.firstDifference(b));
            assertEquals(a.usedCount(), b.usedCount());
            assertArrayEquals(new int[0], b.dirtyPages(), "loaded pages are as saved");
            if (b.usedCount() > 0) {
                int p = (int) (a.firstDifference(new SlotAllocator(slots)) / SlotAllocator.PAGE_SLOTS);
                byte[] page = saved[p];
                assertThrows(IllegalStateException.class, () -> b.loadPage(p, page), "loaded over slots in use");
            }
        }
    }

    @Property(tries = 20)
    void aPageMarkingASlotPastTheDriveIsRefused(@ForAll @IntRange(min = 1, max = 200) int slots) {
        SlotAllocator full = new SlotAllocator(256);
        for (int i = 0; i < 256; i++) {
            full.allocate();
        }
        SlotAllocator small = new SlotAllocator(slots);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.loadPage(0, full.page(0)));
        assertTrue(e.getMessage().contains("past the drive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small.loadPage(0, new byte[] {2}));
        assertThrows(IllegalArgumentException.class, () -> small.loadPage(0, new byte[] {1, 0, 0}));
    }
}
