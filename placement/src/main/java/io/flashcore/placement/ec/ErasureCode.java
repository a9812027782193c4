package io.flashcore.placement.ec;

import java.lang.foreign.MemorySegment;

/**
 * A systematic erasure code over a stripe of equal-length shards: data shards 0..k−1 first, then
 * parity shards. Implementations are thread-safe.
 */
public sealed interface ErasureCode permits ReedSolomon, LocalReconstructionCode {
    /** k, the number of data shards. */
    int dataShards();

    /** All shards of a stripe, data and parity. */
    int totalShards();

    /** How many lost shards every pattern of losses may contain and still be rebuilt. */
    int guaranteedTolerance();

    /** The matrix identity, which persisted stripes record. */
    CodeKind kind();

    /** Computes the parity shards from the data shards over {@code length} bytes at {@code offset}. */
    void encode(byte[][] shards, int offset, int length);

    /** Computes the parity segments from the data segments; all have equal byte size. */
    void encode(MemorySegment[] shards);

    /** True when the parity segments match the data segments; all have equal byte size. */
    boolean verify(MemorySegment[] shards);

    /**
     * Rebuilds every shard whose {@code present} flag is false (those must be allocated), over
     * {@code length} bytes at {@code offset}; throws {@link TooManyErasuresException}, writing nothing,
     * when the pattern cannot be rebuilt.
     */
    void reconstruct(byte[][] shards, boolean[] present, int offset, int length);

    /** Rebuilds every segment whose {@code present} flag is false; all have equal byte size. */
    void reconstruct(MemorySegment[] shards, boolean[] present);
}
