package io.flashcore.placement.rebuild;

import java.util.Collections;
import java.util.List;

/**
 * What a change of map costs to heal: the stripes affected, the shards reconstructed or copied,
 * each drive's read and write bytes, and the predicted time against rebuilding onto one
 * dedicated spare. Times come from the busiest drive's bytes (reads plus writes) at one
 * bandwidth for all drives. Immutable.
 *
 * @param shardBytes            bytes per shard
 * @param dataShards            k, shards read to reconstruct a stripe
 * @param width                 k + m
 * @param survivors             drives that can take writes after the change
 * @param affectedStripes       stripes with at least one shard to move
 * @param reconstructedShards   shards rebuilt from k sources (their drive is unreadable)
 * @param copiedShards          shards copied from their still-readable former drive
 * @param unrecoverableStripes  stripes with fewer than k readable shards left
 * @param readBytes             bytes read from each drive, by drive id
 * @param writeBytes            bytes written to each drive, by drive id
 * @param stripes               per-stripe detail when it was asked for, else empty
 */
public record RebuildPlan(long shardBytes, int dataShards, int width, int survivors, long affectedStripes,
                          long reconstructedShards, long copiedShards, long unrecoverableStripes, long[] readBytes,
                          long[] writeBytes, List<StripeRebuild> stripes) {
    /** Makes the stripe list unmodifiable. */
    public RebuildPlan {
        stripes = Collections.unmodifiableList(stripes);
    }

    /** Bytes written in all: every moved shard once. */
    public long totalWriteBytes() {
        long s = 0;
        for (long w : writeBytes) {
            s += w;
        }
        return s;
    }

    /** Bytes read in all. */
    public long totalReadBytes() {
        long s = 0;
        for (long r : readBytes) {
            s += r;
        }
        return s;
    }

    /** The most bytes (read plus written) any one drive handles in this plan. */
    public long busiestDriveBytes() {
        long max = 0;
        for (int d = 0; d < readBytes.length; d++) {
            max = Math.max(max, readBytes[d] + writeBytes[d]);
        }
        return max;
    }

    /**
     * The most bytes any one drive handles when every moved shard is written to one dedicated
     * spare instead (reads as in this plan): the spare's writes or the busiest reader.
     */
    public long dedicatedSpareBusiestBytes() {
        long maxRead = 0;
        for (long r : readBytes) {
            maxRead = Math.max(maxRead, r);
        }
        return Math.max(totalWriteBytes(), maxRead);
    }

    /** Predicted seconds of this declustered plan when every drive moves {@code bytesPerSecond}. */
    public double seconds(double bytesPerSecond) {
        return busiestDriveBytes() / bytesPerSecond;
    }

    /** Predicted seconds onto one dedicated spare when every drive moves {@code bytesPerSecond}. */
    public double dedicatedSpareSeconds(double bytesPerSecond) {
        return dedicatedSpareBusiestBytes() / bytesPerSecond;
    }

    /** Dedicated-spare time ÷ declustered time (1 when nothing moves). */
    public double speedup() {
        long busiest = busiestDriveBytes();
        return busiest == 0 ? 1 : dedicatedSpareBusiestBytes() / (double) busiest;
    }

    /**
     * The speed-up if every survivor handled an equal share of the traffic of reading all other
     * shards of each stripe: survivors ÷ (k+m), i.e. (N−1)÷(k+m) after one failure.
     */
    public double idealSpeedup() {
        return survivors / (double) width;
    }
}
