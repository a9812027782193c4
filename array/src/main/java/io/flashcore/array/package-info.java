/**
 * The composed data path: {@link io.flashcore.array.FlashArray} over N drives and a metadata store.
 *
 * <p>On disk, an array is a folder holding {@code array.conf} (the persisted
 * {@link io.flashcore.array.ArrayConfig}: magic, version, CRC32C), {@code meta/} (the RocksDB
 * metadata store, see {@link io.flashcore.array.meta}) and, by default, {@code drives/drive-NN.img}
 * (sparse drive files; block devices work too). Each drive starts with a 4 KiB superblock
 * ({@link io.flashcore.array.shard.DriveSuperblock}) naming the array and the drive's position;
 * shard slots of {@code shardBytes} follow from 1 MiB on, each a 64-byte
 * {@link io.flashcore.array.shard.ShardHeader} and a payload.
 *
 * <p>Commit protocol of every change: shards written to fresh slots, every completion checked,
 * fdatasync of each drive written, then one atomic, synced metadata batch; only then is the change
 * acknowledged and are the slots it replaced freed. A crash at any point leaves either the old or
 * the new state; slots written but never committed are free again on reopen, and chunk records
 * nobody references are swept.
 *
 * <p>Errors are typed ({@link io.flashcore.array.FlashArrayException} and its subclasses) and name
 * the object, stripe or drive concerned.
 */
package io.flashcore.array;
