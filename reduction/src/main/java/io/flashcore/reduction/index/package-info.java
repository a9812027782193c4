/**
 * The dedup index: fingerprint → (location, reference count) in about 9–14 bytes of RAM per entry.
 *
 * <p>{@link io.flashcore.reduction.index.DedupIndex} keeps a 64-bit slot per entry (tag, 4-bit count,
 * location) in off-heap pages; a tag match is only a candidate, confirmed by the caller's
 * {@link io.flashcore.reduction.index.FingerprintVerifier} against the full fingerprint in the array's
 * metadata. Snapshots ({@code IndexSnapshotV1}: magic, version, header and body CRC32C) and
 * {@link io.flashcore.reduction.index.DedupIndex#rebuild rebuild} from metadata records make it
 * persistent.
 *
 * <p>Concurrency vocabulary used in this package: <em>thread-safe</em> means any number of threads may
 * call at once; <em>optimistic</em> reads take no lock and are validated against the segment's stamp
 * afterwards, retrying under the read lock; mutations take one segment's write lock.
 */
package io.flashcore.reduction.index;
