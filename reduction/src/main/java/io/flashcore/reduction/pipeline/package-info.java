/**
 * The shared per-chunk reduction decision ({@link io.flashcore.reduction.pipeline.ReductionPipeline}):
 * dedup hit, delta, compressed or raw, with the stored record. The array's write path and
 * {@code flashcore estimate} both call it, so the estimate measures what the array would store.
 */
package io.flashcore.reduction.pipeline;
