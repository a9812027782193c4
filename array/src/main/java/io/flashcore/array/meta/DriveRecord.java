package io.flashcore.array.meta;

import io.flashcore.array.FlashArrayException;

/**
 * One drive's state and fill: slots in use out of slots it has. Immutable.
 *
 * @param index     the drive, numbered from 0
 * @param state     up, failed or out
 * @param usedSlots slots holding a committed shard
 * @param slotCount slots the drive has
 */
public record DriveRecord(int index, DriveState state, long usedSlots, long slotCount) {
    /** Format version of the persisted record. */
    public static final int FORMAT_VERSION = 1;

    /** The same drive in state {@code s}. */
    public DriveRecord withState(DriveState s) {
        return new DriveRecord(index, s, usedSlots, slotCount);
    }

    /** The same drive with {@code used} slots in use. */
    public DriveRecord withUsedSlots(long used) {
        return new DriveRecord(index, state, used, slotCount);
    }

    /** The persisted value (the index is the key and is not repeated). */
    public byte[] encode(RecordWriter w) {
        return w.reset().u8(FORMAT_VERSION).u8(state.id()).varLong(usedSlots).varLong(slotCount).toByteArray();
    }

    /** Decodes a value written by {@link #encode}. */
    public static DriveRecord decode(int index, byte[] value) throws FlashArrayException {
        RecordReader r = new RecordReader(value, "drive record " + index);
        r.version(1, FORMAT_VERSION);
        DriveState s = DriveState.ofId(r.u8());
        long used = r.varLong();
        long count = r.varLong();
        r.end();
        return new DriveRecord(index, s, used, count);
    }
}
