package io.flashcore.reduction.compress;

/**
 * How chunks are compressed before they are stored.
 *
 * @param level zstd level: negative fast levels, 1..19 normal, 20..22 ultra
 * @param checksum whether each zstd frame carries zstd's content checksum (4 bytes)
 * @param probe whether {@link IncompressibilityProbe} skips zstd on data that looks incompressible
 * @param probeMarginBits the probe's margin below random-data entropy, in bits per byte
 * @param minSavings the fraction of a chunk's bytes compression must save to be kept; below it the
 *     chunk is stored raw (0 keeps any saving; 0.125 is ZFS's rule)
 * @param unitChunks how many consecutive unique chunks are compressed together as one unit
 *     (1 = each chunk alone; more gives a better ratio but a read decodes the whole unit)
 */
public record CompressionOptions(int level, boolean checksum, boolean probe, double probeMarginBits,
        double minSavings, int unitChunks) {

    /** The defaults: level 3, no frame checksum, probe on, raw unless 1/16 is saved, one chunk per unit. */
    public static final CompressionOptions DEFAULT = new CompressionOptions(ZstdLevels.DEFAULT, false, true,
            IncompressibilityProbe.DEFAULT_MARGIN_BITS, 1.0 / 16, 1);

    /** Validates every field. */
    public CompressionOptions {
        ZstdLevels.check(level);
        if (!(probeMarginBits >= 0 && probeMarginBits <= 8)) {
            throw new IllegalArgumentException("probe margin " + probeMarginBits + " bits/byte is out of range 0..8");
        }
        if (!(minSavings >= 0 && minSavings < 1)) {
            throw new IllegalArgumentException("minimum savings " + minSavings + " is out of range [0, 1)");
        }
        if (unitChunks < 1 || unitChunks > RecordDescriptor.MAX_UNIT_CHUNKS) {
            throw new IllegalArgumentException("unit of " + unitChunks + " chunks is out of range 1.."
                    + RecordDescriptor.MAX_UNIT_CHUNKS);
        }
    }

    /** These options at zstd {@code newLevel}. */
    public CompressionOptions withLevel(int newLevel) {
        return new CompressionOptions(newLevel, checksum, probe, probeMarginBits, minSavings, unitChunks);
    }

    /** These options with frame checksums on or off. */
    public CompressionOptions withChecksum(boolean on) {
        return new CompressionOptions(level, on, probe, probeMarginBits, minSavings, unitChunks);
    }

    /** These options with the incompressibility probe on or off. */
    public CompressionOptions withProbe(boolean on) {
        return new CompressionOptions(level, checksum, on, probeMarginBits, minSavings, unitChunks);
    }

    /** These options with raw storage below {@code fraction} savings. */
    public CompressionOptions withMinSavings(double fraction) {
        return new CompressionOptions(level, checksum, probe, probeMarginBits, fraction, unitChunks);
    }

    /** These options compressing {@code chunks} consecutive chunks per unit. */
    public CompressionOptions withUnitChunks(int chunks) {
        return new CompressionOptions(level, checksum, probe, probeMarginBits, minSavings, chunks);
    }

    /**
     * Whether a payload of {@code storedBytes} for {@code logicalBytes} of data saves enough to be
     * kept instead of the raw bytes.
     */
    public boolean pays(long storedBytes, long logicalBytes) {
        return storedBytes <= logicalBytes - (long) Math.ceil(logicalBytes * minSavings) && storedBytes < logicalBytes;
    }
}
