package io.flashcore.reduction.pipeline;

import java.lang.foreign.MemorySegment;

/**
 * The dedup decision the pipeline asks for: has a chunk with this fingerprint been stored? The
 * array adapts its fingerprint index (which confirms tag hits against full fingerprints);
 * {@link InMemoryDedupTable} serves the estimate.
 */
@FunctionalInterface
public interface DedupTable {
    /** Returned by {@link #findOrAdd} when the fingerprint was new. */
    long NEW = -1;

    /**
     * The id of the stored chunk whose fingerprint is {@code fingerprint} (32 bytes), or
     * {@link #NEW} after recording {@code newChunkId} for it.
     */
    long findOrAdd(MemorySegment fingerprint, long newChunkId);
}
