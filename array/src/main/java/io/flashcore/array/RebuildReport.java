package io.flashcore.array;

import java.util.List;

/**
 * What a rebuild did.
 *
 * @param failedDrives     the drives rebuilt away from
 * @param stripesRebuilt   stripes that had shards on them
 * @param shardsRebuilt    shards reconstructed and written onto survivors
 * @param bytesWritten     slot bytes written
 * @param writesPerDrive   shards written per drive (index = drive): how declustered the rebuild was
 * @param unrecoverable    stripes that had more than m shards lost and could not be rebuilt
 * @param seconds          wall-clock duration
 * @param leftDegraded     stripes with a lost shard no drive outside them could take (fewer drives up than
 *                         a stripe is wide; their other lost shards are written): still read through parity, and made
 *                         whole when a drive is replaced ({@link FlashArray#replaceDrive}); the failed
 *                         drives then stay FAILED
 */
public record RebuildReport(List<Integer> failedDrives, long stripesRebuilt, long shardsRebuilt, long bytesWritten,
                            long[] writesPerDrive, List<Long> unrecoverable, double seconds, List<Long> leftDegraded) {
}
