package io.flashcore.nativeio;

/** How {@link BlockDevice#open(java.nio.file.Path, DeviceOption...)} opens a device or file. */
public enum DeviceOption {
    /** Open for reading only; writes, syncs and discards are rejected. */
    READ_ONLY,
    /** Go through the page cache (no O_DIRECT): for file systems without O_DIRECT, such as tmpfs. */
    BUFFERED
}
