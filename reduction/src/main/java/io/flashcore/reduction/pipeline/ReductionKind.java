package io.flashcore.reduction.pipeline;

/** What the pipeline decided to store for one chunk. */
public enum ReductionKind {
    /** A chunk with the same fingerprint is stored: only a reference to it is kept. */
    DEDUP,
    /** A zstd delta against one similar, plainly stored reference chunk. */
    DELTA,
    /** A zstd frame (with the configured dictionary, if any). */
    COMPRESSED,
    /** The raw bytes: compression did not pay, or the probe found the data incompressible. */
    RAW
}
