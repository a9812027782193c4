/**
 * zstd compression of chunks over native memory: {@link io.flashcore.reduction.compress.ZstdCodec}
 * (single frames, reused per-thread contexts, plain / dictionary / reference-delta),
 * {@link io.flashcore.reduction.compress.RecordCodec} (the stored record with its versioned header,
 * the incompressibility probe, the raw-store rule, compression units) and trained
 * {@link io.flashcore.reduction.compress.CompressionDictionary dictionaries} identified by id.
 *
 * <p>Thread safety: codecs and probes are per thread; dictionaries and the registry are shared.
 */
package io.flashcore.reduction.compress;
