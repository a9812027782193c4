package io.flashcore.reduction.chunk;

/**
 * Factories for chunkers; each returns a new, stateful {@link Chunker} (not thread-safe: one per
 * stream). Sizes are in bytes; see {@link ChunkerSpec} for the ranges.
 */
public final class Chunkers {
    private Chunkers() {
    }

    /** A new chunker for {@code spec}. */
    public static Chunker of(ChunkerSpec spec) {
        return spec.newChunker();
    }

    /** FastCDC 2020 with normalisation level 1 and seed 0 (fastcdc-rs's defaults). */
    public static Chunker fastCdc2020(int minBytes, int avgBytes, int maxBytes) {
        return of(ChunkerSpec.fastCdc2020(minBytes, avgBytes, maxBytes));
    }

    /** FastCDC 2020 with normalisation {@code level} (0…3) and gear {@code seed}. */
    public static Chunker fastCdc2020(int minBytes, int avgBytes, int maxBytes, int level, long seed) {
        return of(ChunkerSpec.fastCdc2020(minBytes, avgBytes, maxBytes, level, seed));
    }

    /** FastCDC 2016 with normalisation level 1 and seed 0. */
    public static Chunker fastCdc2016(int minBytes, int avgBytes, int maxBytes) {
        return of(ChunkerSpec.fastCdc2016(minBytes, avgBytes, maxBytes));
    }

    /** FastCDC 2016 with normalisation {@code level} (0…3) and gear {@code seed}. */
    public static Chunker fastCdc2016(int minBytes, int avgBytes, int maxBytes, int level, long seed) {
        return of(ChunkerSpec.fastCdc2016(minBytes, avgBytes, maxBytes, level, seed));
    }

    /** The ronomon 31-bit FastCDC variant. */
    public static Chunker ronomon(int minBytes, int avgBytes, int maxBytes) {
        return of(ChunkerSpec.ronomon(minBytes, avgBytes, maxBytes));
    }

    /** Fixed blocks of {@code blockBytes} (4 KiB…1 MiB). */
    public static Chunker fixed(int blockBytes) {
        return of(ChunkerSpec.fixed(blockBytes));
    }

    /** The vectorised hash-free chunker (Vector API path). */
    public static Chunker vector(int minBytes, int avgBytes, int maxBytes) {
        return of(ChunkerSpec.vector(minBytes, avgBytes, maxBytes));
    }

    /**
     * The vector chunker's scalar path: the same cut points as {@link #vector}, one byte at a time
     * (for platforms where the Vector API is slow, and as its reference).
     */
    public static Chunker vectorScalar(int minBytes, int avgBytes, int maxBytes) {
        return new VectorChunker(ChunkerSpec.vector(minBytes, avgBytes, maxBytes), false);
    }

    /** The vectorised hash-free Asymmetric Extremum chunker (Vector API path). */
    public static Chunker vectorAe(int minBytes, int avgBytes, int maxBytes) {
        return of(ChunkerSpec.vectorAe(minBytes, avgBytes, maxBytes));
    }

    /** The Asymmetric Extremum chunker's scalar path: the same cut points as {@link #vectorAe}. */
    public static Chunker vectorAeScalar(int minBytes, int avgBytes, int maxBytes) {
        return new AeVectorChunker(ChunkerSpec.vectorAe(minBytes, avgBytes, maxBytes), false);
    }
}
