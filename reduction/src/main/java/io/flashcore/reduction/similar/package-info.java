/**
 * Similarity (delta) reduction: {@link io.flashcore.reduction.similar.SimilaritySketcher} computes
 * super-feature sketches, {@link io.flashcore.reduction.similar.SimilarityIndex} maps them to
 * reference chunks, and {@link io.flashcore.reduction.similar.ReferenceCache} keeps reference
 * bytes where storage cannot supply them. Deltas themselves are zstd frames made against the
 * reference (see {@code RecordCodec.encodeDelta}); chains are at most one reference deep.
 */
package io.flashcore.reduction.similar;
