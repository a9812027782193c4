package io.flashcore.placement.capacity;

/**
 * How much data reduction shrinks logical bytes before protection: logical bytes ÷ stored bytes
 * for deduplication, compression and delta encoding, whose product is the overall ratio.
 *
 * @param dedupRatio       logical ÷ unique bytes, ≥ 1 in practice, > 0
 * @param compressionRatio unique ÷ compressed (and delta-encoded) bytes, > 0
 */
public record ReductionFigures(double dedupRatio, double compressionRatio) {
    /** No reduction at all. */
    public static final ReductionFigures NONE = new ReductionFigures(1, 1);

    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public ReductionFigures {
        if (!(dedupRatio > 0) || !(compressionRatio > 0) || Double.isInfinite(dedupRatio)
                || Double.isInfinite(compressionRatio)) {
            throw new IllegalArgumentException("reduction ratios must be finite and > 0, got dedup " + dedupRatio
                    + " and compression " + compressionRatio);
        }
    }

    /** Figures with one overall ratio (logical ÷ stored bytes). */
    public static ReductionFigures ofRatio(double ratio) {
        return new ReductionFigures(ratio, 1);
    }

    /** Figures measured as bytes: {@code logicalBytes} in, {@code uniqueBytes} after dedup, {@code storedBytes} after compression. */
    public static ReductionFigures ofBytes(long logicalBytes, long uniqueBytes, long storedBytes) {
        if (logicalBytes <= 0 || uniqueBytes <= 0 || storedBytes <= 0) {
            throw new IllegalArgumentException("byte counts must be > 0, got logical " + logicalBytes + ", unique "
                    + uniqueBytes + ", stored " + storedBytes);
        }
        return new ReductionFigures(logicalBytes / (double) uniqueBytes, uniqueBytes / (double) storedBytes);
    }

    /** The overall reduction ratio, logical ÷ stored bytes. */
    public double ratio() {
        return dedupRatio * compressionRatio;
    }

    /** These figures without deduplication (what the same data costs with compression alone). */
    public ReductionFigures withoutDedup() {
        return new ReductionFigures(1, compressionRatio);
    }
}
