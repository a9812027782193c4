package io.flashcore.array.shard;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FormatVersionException;

/**
 * The first {@link #BYTES} bytes of every drive: which array and which position in it the drive
 * belongs to, and the geometry of its shard slots.
 *
 * <pre>
 *  offset  bytes  field
 *       0      8  magic "FLASHCOR" (0x524F434853414C46 LE)
 *       8      4  format version
 *      12      4  superblock bytes (4096)
 *      16     16  array id (high, low)
 *      32      4  drive index (0-based)
 *      36      4  drives in the array
 *      40      4  slot bytes
 *      44      4  reserved
 *      48      8  slot count
 *      56      8  byte offset of slot 0
 *      64      8  creation time, ms since the epoch
 *    4092      4  CRC32C of bytes 0..4091
 * </pre>
 * Little-endian. Slot {@code i} starts at {@code firstSlotOffset + i * slotBytes}.
 *
 * @param arrayIdHigh     high 64 bits of the array id
 * @param arrayIdLow      low 64 bits of the array id
 * @param driveIndex      this drive's position, from 0
 * @param driveCount      drives in the array
 * @param slotBytes       bytes per slot (header and payload)
 * @param slotCount       slots on this drive
 * @param firstSlotOffset byte offset of slot 0
 * @param createdMillis   creation time
 */
public record DriveSuperblock(long arrayIdHigh, long arrayIdLow, int driveIndex, int driveCount, int slotBytes,
                              long slotCount, long firstSlotOffset, long createdMillis) {
    /** Bytes of the superblock (one O_DIRECT-aligned block). */
    public static final int BYTES = 4096;
    /** "FLASHCOR" read as a little-endian long. */
    public static final long MAGIC = 0x524F434853414C46L;
    /** The format version written by this build. */
    public static final int FORMAT_VERSION = 1;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CRC_OFFSET = BYTES - 4;

    /** The byte offset of slot {@code slot} on the drive. */
    public long slotOffset(long slot) {
        return firstSlotOffset + slot * slotBytes;
    }

    /** Writes this superblock into the first {@link #BYTES} bytes of {@code block}. */
    public void write(MemorySegment block) {
        block.asSlice(0, BYTES).fill((byte) 0);
        block.set(LONG, 0, MAGIC);
        block.set(INT, 8, FORMAT_VERSION);
        block.set(INT, 12, BYTES);
        block.set(LONG, 16, arrayIdHigh);
        block.set(LONG, 24, arrayIdLow);
        block.set(INT, 32, driveIndex);
        block.set(INT, 36, driveCount);
        block.set(INT, 40, slotBytes);
        block.set(LONG, 48, slotCount);
        block.set(LONG, 56, firstSlotOffset);
        block.set(LONG, 64, createdMillis);
        block.set(INT, CRC_OFFSET, ShardHeader.crc(block, 0, CRC_OFFSET));
    }

    /** Parses and checks a superblock; {@code where} names the drive in error messages. */
    public static DriveSuperblock read(MemorySegment block, String where) throws CorruptDataException,
            FormatVersionException {
        if (block.byteSize() < BYTES) {
            throw new CorruptDataException(where + " has a truncated superblock: " + block.byteSize() + " bytes, expected "
                    + BYTES);
        }
        long magic = block.get(LONG, 0);
        if (magic != MAGIC) {
            throw new CorruptDataException(where + " has no flashcore superblock (magic 0x"
                    + Long.toHexString(magic) + ", expected 0x" + Long.toHexString(MAGIC) + ")");
        }
        int stored = block.get(INT, CRC_OFFSET);
        int actual = ShardHeader.crc(block, 0, CRC_OFFSET);
        if (stored != actual) {
            throw new CorruptDataException(where + " has a superblock with a bad CRC32C: stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(actual));
        }
        int version = block.get(INT, 8);
        if (version != FORMAT_VERSION) {
            throw new FormatVersionException("superblock of " + where, version, FORMAT_VERSION, FORMAT_VERSION);
        }
        if (block.get(INT, 12) != BYTES) {
            throw new CorruptDataException(where + " superblock claims " + block.get(INT, 12) + " bytes, expected "
                    + BYTES);
        }
        return new DriveSuperblock(block.get(LONG, 16), block.get(LONG, 24), block.get(INT, 32), block.get(INT, 36),
                block.get(INT, 40), block.get(LONG, 48), block.get(LONG, 56), block.get(LONG, 64));
    }
}
