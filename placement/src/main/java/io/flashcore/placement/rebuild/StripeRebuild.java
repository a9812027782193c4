package io.flashcore.placement.rebuild;

/**
 * The rebuild of one stripe: each lost shard's position, its former and its new drive, and the
 * drives read to reconstruct it.
 *
 * @param stripeId     the stripe
 * @param positions    shard positions that move, ascending
 * @param fromDrives   the drive each of them was on
 * @param toDrives     the drive each of them is written to
 * @param sourceDrives the k drives read to reconstruct them (empty when every moved shard could be copied)
 * @param copied       for each moved shard, true when it was copied from its still-readable former drive
 */
public record StripeRebuild(long stripeId, int[] positions, int[] fromDrives, int[] toDrives, int[] sourceDrives,
                            boolean[] copied) {
}
