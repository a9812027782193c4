package io.flashcore.array.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FormatVersionException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShardHeaderTest {
    @Property(tries = 200)
    void readOfWriteIsIdentity(@ForAll long hi, @ForAll long lo, @ForAll long stripe, @ForAll long gen,
                               @ForAll @IntRange(min = 0, max = 255) int idx, @ForAll @IntRange(min = 1, max = 200) int k,
                               @ForAll @IntRange(min = 0, max = 50) int m, @ForAll int len, @ForAll int crc) throws Exception {
        MemorySegment seg = Arena.ofAuto().allocate(ShardHeader.BYTES);
        ShardHeader h = new ShardHeader(hi, lo, stripe, gen, idx, k, m, len, crc);
        h.write(seg);
        assertEquals(h, ShardHeader.read(seg, "test"));
    }

    @Property(tries = 200)
    void anySingleBitFlipIsDetected(@ForAll @IntRange(min = 0, max = ShardHeader.BYTES * 8 - 1) int bit) {
        MemorySegment seg = Arena.ofAuto().allocate(ShardHeader.BYTES);
        new ShardHeader(1, 2, 3, 4, 5, 6, 2, 1000, 77).write(seg);
        byte b = seg.get(ValueLayout.JAVA_BYTE, bit / 8);
        seg.set(ValueLayout.JAVA_BYTE, bit / 8, (byte) (b ^ (1 << (bit % 8))));
        assertThrows(io.flashcore.array.FlashArrayException.class, () -> ShardHeader.read(seg, "drive 0 slot 1"));
    }

    @org.junit.jupiter.api.Test
    void shouldNameTheLocationOfABadHeader() {
        MemorySegment seg = Arena.ofAuto().allocate(ShardHeader.BYTES);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> ShardHeader.read(seg, "drive 3 slot 9"));
        assertTrue(e.getMessage().contains("drive 3 slot 9"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void shouldRejectASuperblockOfANewerVersion() throws Exception {
        MemorySegment seg = Arena.ofAuto().allocate(DriveSuperblock.BYTES);
        DriveSuperblock sb = new DriveSuperblock(1, 2, 3, 12, 131072, 1000, 1 << 20, 5);
        sb.write(seg);
        assertEquals(sb, DriveSuperblock.read(seg, "drive 3"));
        seg.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 2);
        seg.set(ValueLayout.JAVA_INT_UNALIGNED, DriveSuperblock.BYTES - 4,
                ShardHeader.crc(seg, 0, DriveSuperblock.BYTES - 4));
        FormatVersionException e = assertThrows(FormatVersionException.class, () -> DriveSuperblock.read(seg, "drive 3"));
        assertEquals(2, e.found());
    }
}
