package io.flashcore.reduction.chunk;

import java.util.Objects;

/**
 * The full, versioned identity of a chunker: algorithm and sizes in bytes, plus the FastCDC
 * normalisation level and seed. Two chunkers with equal specs cut every stream at the same
 * offsets, now and in every later release; {@link #identity()} is the string to persist.
 *
 * <p>Ranges (all sizes in bytes, {@code min <= avg <= max}):
 * <ul>
 *   <li>{@code fastcdc2020}, {@code fastcdc2016}: min 64…1 MiB, avg 256…4 MiB, max 1 KiB…16 MiB,
 *       level 0…3, any seed (the seed is XORed into the gear table, as in fastcdc-rs);</li>
 *   <li>{@code ronomon}: the same sizes, level 0 and seed 0 (its normalisation is fixed);</li>
 *   <li>{@code fixed}: {@code min == avg == max}, the block size, 4 KiB…1 MiB; level 0, seed 0;</li>
 *   <li>{@code vector}: min 64…1 MiB, avg 512…4 MiB, max 1 KiB…16 MiB, with
 *       {@code max(min, avg - 256) < max}; level 0, seed 0;</li>
 *   <li>{@code vector-ae}: the same sizes with {@code avg - min >= 2}; level 0, seed 0.</li>
 * </ul>
 *
 * @param algorithm the algorithm
 * @param minBytes smallest chunk in bytes (but for the last chunk of a stream)
 * @param avgBytes target average chunk in bytes
 * @param maxBytes largest chunk in bytes
 * @param level FastCDC normalisation level, 0…3
 * @param seed FastCDC gear seed
 */
public record ChunkerSpec(ChunkerAlgorithm algorithm, int minBytes, int avgBytes, int maxBytes, int level, long seed) {
    /** Smallest minimum chunk size of the content-defined algorithms, in bytes. */
    public static final int MIN_MIN = 64;
    /** Largest minimum chunk size, in bytes. */
    public static final int MIN_MAX = 1 << 20;
    /** Smallest average chunk size of the FastCDC family, in bytes. */
    public static final int AVG_MIN = 256;
    /** Largest average chunk size, in bytes. */
    public static final int AVG_MAX = 4 << 20;
    /** Smallest maximum chunk size, in bytes. */
    public static final int MAX_MIN = 1024;
    /** Largest maximum chunk size, in bytes. */
    public static final int MAX_MAX = 16 << 20;
    /** Smallest fixed block, in bytes. */
    public static final int FIXED_MIN = 4096;
    /** Largest fixed block, in bytes. */
    public static final int FIXED_MAX = 1 << 20;
    /** Smallest average chunk size of the vector chunker, in bytes. */
    public static final int VECTOR_AVG_MIN = 512;
    /** Bytes the vector chunker's fixed window is shorter than the average (RAM's expected tail). */
    public static final int VECTOR_TAIL = 256;
    /** The default average chunk size, in bytes (16 KiB). */
    public static final int DEFAULT_AVG = 16 << 10;

    /** Validates every field; throws {@link InvalidChunkerSpecException} naming the bad value. */
    public ChunkerSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        switch (algorithm) {
            case FIXED -> {
                range("block size (avg)", avgBytes, FIXED_MIN, FIXED_MAX);
                if (minBytes != avgBytes || maxBytes != avgBytes) {
                    throw new InvalidChunkerSpecException("fixed blocks need min == avg == max, got min=" + minBytes
                            + " avg=" + avgBytes + " max=" + maxBytes);
                }
                noLevelOrSeed(algorithm, level, seed);
            }
            case FASTCDC2020, FASTCDC2016, RONOMON, VECTOR, VECTOR_AE -> {
                range("min", minBytes, MIN_MIN, MIN_MAX);
                range("avg", avgBytes, algorithm == ChunkerAlgorithm.VECTOR || algorithm == ChunkerAlgorithm.VECTOR_AE
                        ? VECTOR_AVG_MIN : AVG_MIN, AVG_MAX);
                range("max", maxBytes, MAX_MIN, MAX_MAX);
                if (minBytes > avgBytes || avgBytes > maxBytes) {
                    throw new InvalidChunkerSpecException("chunk sizes need min <= avg <= max, got min=" + minBytes
                            + " avg=" + avgBytes + " max=" + maxBytes);
                }
                if (algorithm == ChunkerAlgorithm.FASTCDC2020 || algorithm == ChunkerAlgorithm.FASTCDC2016) {
                    range("normalisation level", level, 0, 3);
                } else {
                    noLevelOrSeed(algorithm, level, seed);
                }
                if (algorithm == ChunkerAlgorithm.VECTOR_AE && AeVectorChunker.spread(minBytes, avgBytes) < 1) {
                    throw new InvalidChunkerSpecException("vector-ae needs avg - min >= 2, got min=" + minBytes
                            + " avg=" + avgBytes);
                }
                if (algorithm == ChunkerAlgorithm.VECTOR && Math.max(minBytes, avgBytes - VECTOR_TAIL) >= maxBytes) {
                    throw new InvalidChunkerSpecException("vector chunker needs max(min, avg - " + VECTOR_TAIL
                            + ") < max, got min=" + minBytes + " avg=" + avgBytes + " max=" + maxBytes);
                }
            }
        }
    }

    private static void range(String what, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new InvalidChunkerSpecException(what + " must be in [" + lo + ", " + hi + "] bytes, got " + value);
        }
    }

    private static void noLevelOrSeed(ChunkerAlgorithm algorithm, int level, long seed) {
        if (level != 0 || seed != 0) {
            throw new InvalidChunkerSpecException(algorithm.cliName() + " takes no normalisation level or seed"
                    + " (both must be 0), got level=" + level + " seed=" + seed);
        }
    }

    /** FastCDC 2020 with fastcdc-rs's defaults: normalisation level 1, seed 0. */
    public static ChunkerSpec fastCdc2020(int minBytes, int avgBytes, int maxBytes) {
        return new ChunkerSpec(ChunkerAlgorithm.FASTCDC2020, minBytes, avgBytes, maxBytes, 1, 0);
    }

    /** FastCDC 2020 with an explicit normalisation level (0…3) and seed. */
    public static ChunkerSpec fastCdc2020(int minBytes, int avgBytes, int maxBytes, int level, long seed) {
        return new ChunkerSpec(ChunkerAlgorithm.FASTCDC2020, minBytes, avgBytes, maxBytes, level, seed);
    }

    /** FastCDC 2016 with normalisation level 1, seed 0. */
    public static ChunkerSpec fastCdc2016(int minBytes, int avgBytes, int maxBytes) {
        return new ChunkerSpec(ChunkerAlgorithm.FASTCDC2016, minBytes, avgBytes, maxBytes, 1, 0);
    }

    /** FastCDC 2016 with an explicit normalisation level (0…3) and seed. */
    public static ChunkerSpec fastCdc2016(int minBytes, int avgBytes, int maxBytes, int level, long seed) {
        return new ChunkerSpec(ChunkerAlgorithm.FASTCDC2016, minBytes, avgBytes, maxBytes, level, seed);
    }

    /** The ronomon 31-bit FastCDC variant. */
    public static ChunkerSpec ronomon(int minBytes, int avgBytes, int maxBytes) {
        return new ChunkerSpec(ChunkerAlgorithm.RONOMON, minBytes, avgBytes, maxBytes, 0, 0);
    }

    /** Fixed blocks of {@code blockBytes} bytes (4 KiB…1 MiB). */
    public static ChunkerSpec fixed(int blockBytes) {
        return new ChunkerSpec(ChunkerAlgorithm.FIXED, blockBytes, blockBytes, blockBytes, 0, 0);
    }

    /** The vectorised hash-free Asymmetric Extremum chunker. */
    public static ChunkerSpec vectorAe(int minBytes, int avgBytes, int maxBytes) {
        return new ChunkerSpec(ChunkerAlgorithm.VECTOR_AE, minBytes, avgBytes, maxBytes, 0, 0);
    }

    /** The vectorised hash-free RAM chunker. */
    public static ChunkerSpec vector(int minBytes, int avgBytes, int maxBytes) {
        return new ChunkerSpec(ChunkerAlgorithm.VECTOR, minBytes, avgBytes, maxBytes, 0, 0);
    }

    /**
     * The spec for {@code algorithm} with defaults filled in: avg {@value #DEFAULT_AVG} bytes,
     * min = avg / 4, max = avg × 4 (fixed: the block is avg), level 1 for FastCDC and 0 otherwise,
     * seed 0. Any argument may be {@code null} to take its default.
     */
    public static ChunkerSpec withDefaults(ChunkerAlgorithm algorithm, Integer minBytes, Integer avgBytes,
            Integer maxBytes, Integer level, Long seed) {
        int avg = avgBytes != null ? avgBytes : DEFAULT_AVG;
        if (algorithm == ChunkerAlgorithm.FIXED) {
            return fixed(avg);
        }
        boolean fastCdc = algorithm == ChunkerAlgorithm.FASTCDC2020 || algorithm == ChunkerAlgorithm.FASTCDC2016;
        int min = minBytes != null ? minBytes : Math.max(MIN_MIN, avg / 4);
        int max = maxBytes != null ? maxBytes : (int) Math.min(MAX_MAX, avg * 4L);
        return new ChunkerSpec(algorithm, min, avg, max, level != null ? level : (fastCdc ? 1 : 0),
                seed != null ? seed : 0);
    }

    /**
     * The persistable identity, e.g. {@code fastcdc2020.v1(min=4096,avg=16384,max=65536,level=1,seed=0)}.
     * Equal identities mean equal cut points.
     */
    public String identity() {
        return algorithm.cliName() + ".v" + algorithm.version() + "(min=" + minBytes + ",avg=" + avgBytes
                + ",max=" + maxBytes + ",level=" + level + ",seed=" + seed + ")";
    }

    /** A new chunker for this spec (the fastest path this machine has). */
    public Chunker newChunker() {
        return switch (algorithm) {
            case FASTCDC2020 -> new FastCdc2020Chunker(this);
            case FASTCDC2016 -> new FastCdc2016Chunker(this);
            case RONOMON -> new RonomonChunker(this);
            case FIXED -> new FixedChunker(this);
            case VECTOR -> new VectorChunker(this, true);
            case VECTOR_AE -> new AeVectorChunker(this, true);
        };
    }

    @Override
    public String toString() {
        return identity();
    }
}
