package io.flashcore.reduction.pipeline;

import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.similar.SimilaritySketcher;

/**
 * How the pipeline reduces chunks.
 *
 * @param fingerprint the fingerprint used for dedup
 * @param compression how unique chunks are compressed
 * @param similarity whether unique chunks may be stored as deltas against similar ones
 * @param sketchSampling the similarity sketch's sampling (a power of two; one position in N)
 * @param sketchVersion the similarity sketch's definition ({@link SimilaritySketcher#GEAR_SAMPLED} or
 *     {@link SimilaritySketcher#ANCHORED}); sketches of different versions never match
 * @param measurePlain whether to also measure the plain form of a chunk stored as a small delta
 *     (for estimates that report both; costs one extra compression per such chunk)
 * @param deltaAcceptFraction a delta record at most this fraction of the chunk's length is kept
 *     without compressing the chunk plainly to compare (zstd with the reference as dictionary
 *     finds every match plain zstd finds, so plain can win only by frame overhead)
 * @param sketchBackoff after this many unique chunks in a row found no similar reference, only
 *     every {@value ReductionPipeline#BACKOFF_STRIDE}th unique chunk is sketched until one finds
 *     a reference again (data without similarity then pays little for it); 0 sketches every chunk
 */
public record ReductionSettings(FingerprintKind fingerprint, CompressionOptions compression, boolean similarity,
        int sketchSampling, int sketchVersion, boolean measurePlain, double deltaAcceptFraction, int sketchBackoff) {

    /** The default back-off: after 256 chunks in a row without a similar reference. */
    public static final int DEFAULT_SKETCH_BACKOFF = 256;

    /**
     * BLAKE3, default compression, similarity on, default sampling, the current sketch version, plain not measured, accept
     * deltas ≤ 1/16, default back-off.
     */
    public static final ReductionSettings DEFAULT = new ReductionSettings(FingerprintKind.BLAKE3_256_V1,
            CompressionOptions.DEFAULT, true, SimilaritySketcher.DEFAULT_SAMPLING, SimilaritySketcher.VERSION, false,
            1.0 / 16, DEFAULT_SKETCH_BACKOFF);

    /** Validates every field. */
    public ReductionSettings {
        if (fingerprint == null || compression == null) {
            throw new IllegalArgumentException("fingerprint kind and compression options are required");
        }
        if (sketchSampling < 1 || sketchSampling > 4096 || Integer.bitCount(sketchSampling) != 1) {
            throw new IllegalArgumentException("sketch sampling " + sketchSampling + " must be a power of two in 1..4096");
        }
        SimilaritySketcher.checkVersion(sketchVersion);
        if (sketchBackoff < 0) {
            throw new IllegalArgumentException("sketch back-off " + sketchBackoff + " must be >= 0");
        }
        if (!(deltaAcceptFraction >= 0 && deltaAcceptFraction <= 1)) {
            throw new IllegalArgumentException("delta accept fraction " + deltaAcceptFraction + " is out of range 0..1");
        }
    }

    /** These settings with similarity on or off. */
    public ReductionSettings withSimilarity(boolean on) {
        return new ReductionSettings(fingerprint, compression, on, sketchSampling, sketchVersion, measurePlain,
                deltaAcceptFraction, sketchBackoff);
    }

    /** These settings with {@code options} for compression. */
    public ReductionSettings withCompression(CompressionOptions options) {
        return new ReductionSettings(fingerprint, options, similarity, sketchSampling, sketchVersion, measurePlain,
                deltaAcceptFraction, sketchBackoff);
    }

    /** These settings measuring (or not) the plain form of chunks stored as deltas. */
    public ReductionSettings withMeasurePlain(boolean on) {
        return new ReductionSettings(fingerprint, compression, similarity, sketchSampling, sketchVersion, on,
                deltaAcceptFraction, sketchBackoff);
    }

    /** These settings sketching one position in {@code sampling}. */
    public ReductionSettings withSketchSampling(int sampling) {
        return new ReductionSettings(fingerprint, compression, similarity, sampling, sketchVersion, measurePlain,
                deltaAcceptFraction, sketchBackoff);
    }

    /** These settings sketching with definition {@code version}. */
    public ReductionSettings withSketchVersion(int version) {
        return new ReductionSettings(fingerprint, compression, similarity, sketchSampling, version, measurePlain,
                deltaAcceptFraction, sketchBackoff);
    }

    /** These settings with sketch back-off after {@code misses} chunks without a reference (0: never). */
    public ReductionSettings withSketchBackoff(int misses) {
        return new ReductionSettings(fingerprint, compression, similarity, sketchSampling, sketchVersion, measurePlain,
                deltaAcceptFraction, misses);
    }

    /** These settings with fingerprint {@code kind}. */
    public ReductionSettings withFingerprint(FingerprintKind kind) {
        return new ReductionSettings(kind, compression, similarity, sketchSampling, sketchVersion, measurePlain,
                deltaAcceptFraction, sketchBackoff);
    }
}
