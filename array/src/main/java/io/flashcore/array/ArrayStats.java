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
 */
public record ArrayStats(long objects, long chunks, long logicalBytes, long uniqueBytes, long storedBytes,
                         long physicalBytes, long metadataBytes, long stripes, List<DriveInfo> drives,
                         long degradedStripes) {
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
