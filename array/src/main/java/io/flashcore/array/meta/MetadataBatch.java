package io.flashcore.array.meta;

/**
 * Changes to the metadata applied all together or not at all by {@link MetadataStore#commit}.
 * Later changes to the same key win. Not thread-safe; one batch per commit.
 */
public interface MetadataBatch extends AutoCloseable {
    /** Stores or replaces an object record. */
    void putObject(ObjectRecord object);

    /** Removes the object named {@code name}. */
    void deleteObject(String name);

    /** Stores or replaces a chunk record. */
    void putChunk(ChunkRecord chunk);

    /** Removes the chunk record of {@code fingerprint}. */
    void deleteChunk(byte[] fingerprint);

    /**
     * Marks the chunk record of {@code fingerprint} as possibly without references (written with a
     * reference count of zero), so an open after a crash finds it without reading every chunk record.
     */
    void markUnreferenced(byte[] fingerprint);

    /** Removes the mark of {@code fingerprint} (its record was deleted or found referenced). */
    void clearUnreferenced(byte[] fingerprint);

    /** Stores or replaces a stripe record. */
    void putStripe(StripeRecord stripe);

    /** Removes the record of stripe {@code id}. */
    void deleteStripe(long id);

    /** Stores or replaces a drive record. */
    void putDrive(DriveRecord drive);

    /** Stores the serialised topology of {@code epoch}. */
    void putTopology(long epoch, byte[] topology);

    /** Stores or replaces the totals. */
    void putTotals(Totals totals);

    /** Stores or replaces a named value (configuration and other singletons). */
    void putValue(String key, byte[] value);

    /** Changes queued so far. */
    int size();

    /** Releases the batch's resources; does not commit. */
    @Override
    void close();
}
