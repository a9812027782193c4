package io.flashcore.array;

import java.nio.file.Path;

/**
 * One drive's state and fill.
 *
 * @param index       the drive, numbered from 0
 * @param path        its file or device
 * @param state       {@code UP}, {@code FAILED} or {@code OUT}
 * @param usedSlots   shard slots in use
 * @param slotCount   shard slots on the drive
 * @param usedBytes   bytes in use (used slots × slot bytes)
 * @param fill        used ÷ total slots, 0..1
 * @param problem     why the drive is unusable, or {@code null}
 */
public record DriveInfo(int index, Path path, String state, long usedSlots, long slotCount, long usedBytes,
                        double fill, String problem) {
}
