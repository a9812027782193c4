package io.flashcore.reduction.pipeline;

/**
 * The pipeline's decision for one chunk.
 *
 * @param kind what is stored
 * @param logicalBytes the chunk's length in bytes
 * @param storedBytes the record's length in bytes (header included); 0 for {@link ReductionKind#DEDUP}
 * @param chunkId the id of the stored chunk this data lives in: the existing chunk for DEDUP, the
 *     new chunk's id otherwise
 * @param referenceId the reference chunk's id for DELTA, else -1
 * @param plainBytes the record length without similarity (plain compressed or raw), when it was
 *     measured; equal to {@code storedBytes} for COMPRESSED and RAW, 0 for DEDUP, -1 when a DELTA
 *     was kept without measuring the plain form
 * @param reference whether the chunk was registered as a similarity reference: its decoded bytes
 *     must stay resolvable by id for later deltas
 */
public record Reduction(ReductionKind kind, int logicalBytes, int storedBytes, long chunkId, long referenceId,
        int plainBytes, boolean reference) {
}
