package io.flashcore.array;

import java.util.List;

/**
 * The array's space accounting at one moment. Byte counts: logical (sum of object sizes), unique
 * (after dedup, logical bytes of distinct chunks), stored (after compression or delta), physical
 * (slots written on the drives, parity included), metadata (the metadata store on disk).
 *
 * @param objects        objects stored
 * @param chunks         unique chunks stored
 * @param logicalBytes   bytes the objects add up to
 * @param uniqueBytes    logical bytes of unique chunks
 * @param storedBytes    bytes of the unique chunks as stored
 * @param physicalBytes  bytes of shard slots in use on the drives, headers and parity included
 * @param metadataBytes  bytes of the metadata store
 * @param stripes        stripes holding data
 * @param drives         per-drive state and fill
 * @param degradedStripes stripes written with a shard missing (a drive was down and none could stand in),
 *                       until scrub, rebuild or a drive's replacement writes it: one shard less redundancy
 * @param liveBytes      stored bytes of the chunks the stripes hold that are still referenced (their
 *                       stripe records' live counts; equal to {@code storedBytes} once removed chunks are swept)
 * @param deadBytes      stored bytes the stripes still hold of chunks no longer referenced (deleted or
 *                       replaced objects): flash that compaction gives back once a stripe's live fraction
 *                       falls below the array's threshold
 * @param unfilledBytes  data capacity of the stripes in use that was never filled (the open stripe's free
 *                       tail, and the end of each stripe too short for the record that came next); shards
 *                       that hold nothing take no slot
 * @param k              data shards per stripe
 * @param m              parity shards per stripe
 */
public record ArrayStats(long objects, long chunks, long logicalBytes, long uniqueBytes, long storedBytes,
                         long physicalBytes, long metadataBytes, long stripes, List<DriveInfo> drives,
                         long degradedStripes, long liveBytes, long deadBytes, long unfilledBytes, int k, int m) {
    /** Logical ÷ unique bytes (1 when empty). */
    public double dedupRatio() {
        return ratio(logicalBytes, uniqueBytes);
    }

    /** Unique ÷ stored bytes: what compression and delta encoding saved (1 when empty). */
    public double compressionRatio() {
        return ratio(uniqueBytes, storedBytes);
    }

    /** Logical ÷ stored bytes: the whole reduction (1 when empty). */
    public double reductionRatio() {
        return ratio(logicalBytes, storedBytes);
    }

    /** Physical ÷ stored bytes: parity, headers and partly filled stripes (1 when empty). */
    public double physicalOverhead() {
        return ratio(physicalBytes, storedBytes);
    }

    /**
     * Space amplification: the flash the stripes take (physical bytes, parity and headers included)
     * ÷ the flash their live bytes would take in full stripes of the same layout (live × (k+m)/k).
     * 1 would be no waste; dead bytes awaiting compaction, unfilled stripe space and shard headers
     * raise it (1 when nothing is live).
     */
    public double spaceAmplification() {
        return liveBytes == 0 ? 1 : physicalBytes / (liveBytes * (double) (k + m) / k);
    }

    /** Metadata bytes ÷ logical bytes (0 when empty). */
    public double metadataFraction() {
        return logicalBytes == 0 ? 0 : (double) metadataBytes / logicalBytes;
    }

    /** Physical ÷ logical bytes: flash used per byte stored (0 when empty). */
    public double physicalPerLogical() {
        return logicalBytes == 0 ? 0 : (double) physicalBytes / logicalBytes;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1 : (double) a / b;
    }
}
