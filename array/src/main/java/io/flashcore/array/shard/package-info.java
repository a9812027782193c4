/**
 * Drives and shard slots: the drive superblock, the shard header with its CRC32C, slot allocation
 * per drive, and batched slot I/O through the native {@code IoEngine}
 * ({@link io.flashcore.array.shard.DriveSet}).
 */
package io.flashcore.array.shard;
