/**
 * The array's metadata: the {@link io.flashcore.array.meta.MetadataStore} interface, its RocksDB
 * implementation, and the versioned records it holds (object → recipe, fingerprint → chunk
 * location and reference count, stripe → shard slots, drive state and fill, topology epochs,
 * totals). Every record value starts with its format version; readers reject unknown versions
 * with {@link io.flashcore.array.FormatVersionException} and malformed bytes with
 * {@link io.flashcore.array.CorruptDataException}.
 */
package io.flashcore.array.meta;
