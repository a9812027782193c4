package io.flashcore.array.meta;

import io.flashcore.array.FlashArrayException;

/**
 * Running totals of the array, kept in the same atomic batches as the records they sum, so that
 * statistics are exact and O(1) to read. Immutable.
 *
 * @param objects      objects stored
 * @param logicalBytes sum of the objects' sizes
 * @param chunks       unique chunks stored
 * @param uniqueBytes  sum of the unique chunks' logical bytes
 * @param storedBytes  sum of the unique chunks' stored bytes (after compression or delta)
 * @param nextStripe   the id the next new stripe gets
 */
public record Totals(long objects, long logicalBytes, long chunks, long uniqueBytes, long storedBytes,
                     long nextStripe) {
    /** Format version of the persisted record. */
    public static final int FORMAT_VERSION = 1;
    /** All zero. */
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

    /** These totals plus the given deltas. */
    public Totals plus(long dObjects, long dLogical, long dChunks, long dUnique, long dStored) {
        return new Totals(objects + dObjects, logicalBytes + dLogical, chunks + dChunks, uniqueBytes + dUnique,
                storedBytes + dStored, nextStripe);
    }

    /** These totals with the next stripe id {@code next}. */
    public Totals withNextStripe(long next) {
        return new Totals(objects, logicalBytes, chunks, uniqueBytes, storedBytes, next);
    }

    /** The persisted value. */
    public byte[] encode(RecordWriter w) {
        return w.reset().u8(FORMAT_VERSION).varLong(objects).varLong(logicalBytes).varLong(chunks)
                .varLong(uniqueBytes).varLong(storedBytes).varLong(nextStripe).toByteArray();
    }

    /** Decodes a value written by {@link #encode}. */
    public static Totals decode(byte[] value) throws FlashArrayException {
        RecordReader r = new RecordReader(value, "array totals record");
        r.version(1, FORMAT_VERSION);
        Totals t = new Totals(r.varLong(), r.varLong(), r.varLong(), r.varLong(), r.varLong(), r.varLong());
        r.end();
        return t;
    }
}
