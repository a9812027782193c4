package io.flashcore.array.meta;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import io.flashcore.array.FlashArrayException;

/**
 * The array's metadata: objects (name → recipe), chunks (fingerprint → location and reference
 * count), stripes (id → shard slots), drives (state and fill), topology epochs, totals and named
 * values. Changes are applied only through atomic {@link MetadataBatch}es; a durable commit is on
 * stable storage when it returns.
 *
 * <p>Implementations are thread-safe: reads may run concurrently with each other and with a
 * commit, and see each record either before or after it. The caller closes the store.
 */
public interface MetadataStore extends AutoCloseable {
    /** The object named {@code name}, if stored. */
    Optional<ObjectRecord> object(String name) throws FlashArrayException;

    /**
     * The chunks covering bytes {@code offset…offset+length−1} of the object named {@code name} (head and
     * recipe segments from one snapshot, reading only the segments the range needs), if stored.
     *
     * @throws IllegalArgumentException when {@code offset} or {@code length} is negative or {@code offset} lies
     *                                  beyond the object's end
     */
    Optional<RecipeSlice> objectRange(String name, long offset, long length) throws FlashArrayException;

    /** The head of the object named {@code name} (no recipe read unless it is inline), if stored. */
    Optional<ObjectHead> objectHead(String name) throws FlashArrayException;

    /** The head of every object whose name starts with {@code prefix}, in name order. */
    void forEachObject(String prefix, Consumer<ObjectHead> action) throws FlashArrayException;

    /** The chunk with fingerprint {@code fingerprint}, if stored. */
    Optional<ChunkRecord> chunk(byte[] fingerprint) throws FlashArrayException;

    /** Every chunk, in fingerprint order. */
    void forEachChunk(Consumer<ChunkRecord> action) throws FlashArrayException;

    /** The chunks in fingerprint order while {@code action} returns true (it stops the scan by returning false). */
    void forEachChunkWhile(java.util.function.Predicate<ChunkRecord> action) throws FlashArrayException;

    /**
     * The fingerprints marked as possibly left without references ({@link MetadataBatch#markUnreferenced}),
     * in fingerprint order.
     */
    void forEachUnreferencedMark(Consumer<byte[]> action) throws FlashArrayException;

    /** Stripe {@code id}, if stored. */
    Optional<StripeRecord> stripe(long id) throws FlashArrayException;

    /** Every stripe, in id order. */
    void forEachStripe(Consumer<StripeRecord> action) throws FlashArrayException;

    /** Every drive record, in drive order. */
    List<DriveRecord> drives() throws FlashArrayException;

    /** The serialised topology of {@code epoch}, if stored. */
    Optional<byte[]> topology(long epoch) throws FlashArrayException;

    /** The newest topology epoch stored, if any. */
    OptionalLong latestEpoch() throws FlashArrayException;

    /** The totals ({@link Totals#ZERO} for a new store). */
    Totals totals() throws FlashArrayException;

    /** The named value, if stored. */
    Optional<byte[]> value(String key) throws FlashArrayException;

    /** A new empty batch. */
    MetadataBatch batch();

    /**
     * Applies every change of {@code batch} atomically; when {@code durable}, the changes are on
     * stable storage (write-ahead log synced) before this returns.
     */
    void commit(MetadataBatch batch, boolean durable) throws FlashArrayException;

    /** Bytes the store occupies on its storage (files, logs, and not yet flushed memory tables). */
    long sizeBytes() throws FlashArrayException;

    /** Closes the store; further calls fail. */
    @Override
    void close() throws FlashArrayException;
}
