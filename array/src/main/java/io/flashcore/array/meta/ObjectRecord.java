package io.flashcore.array.meta;

import java.util.Arrays;
import java.util.Objects;

import io.flashcore.array.FlashArrayException;

/**
 * A named object: its logical bytes and its recipe, the ordered list of chunk fingerprints and
 * chunk lengths whose concatenation is the object. Immutable.
 *
 * @param name           the object's name (the key)
 * @param logicalBytes   the object's size in bytes
 * @param createdMillis  when the put was acknowledged, milliseconds since the epoch
 * @param fingerprintLen bytes per fingerprint in {@code fingerprints}
 * @param fingerprints   the chunks' fingerprints, concatenated in object order
 * @param lengths        the chunks' logical bytes, in object order
 */
public record ObjectRecord(String name, long logicalBytes, long createdMillis, int fingerprintLen,
                           byte[] fingerprints, int[] lengths) {
    /** Format version of the persisted record. */
    public static final int FORMAT_VERSION = 1;

    /** Validates that the recipe adds up. */
    public ObjectRecord {
        Objects.requireNonNull(name, "name");
        if (fingerprintLen <= 0 || fingerprints.length != fingerprintLen * lengths.length) {
            throw new IllegalArgumentException("recipe of '" + name + "' has " + fingerprints.length
                    + " fingerprint bytes for " + lengths.length + " chunks of " + fingerprintLen + " bytes");
        }
        long sum = 0;
        for (int len : lengths) {
            sum += len;
        }
        if (sum != logicalBytes) {
            throw new IllegalArgumentException("recipe of '" + name + "' adds up to " + sum + " bytes, not "
                    + logicalBytes);
        }
    }

    /** Chunks in the recipe. */
    public int chunkCount() {
        return lengths.length;
    }

    /** The fingerprint of chunk {@code i} of the recipe. */
    public byte[] fingerprint(int i) {
        return Arrays.copyOfRange(fingerprints, i * fingerprintLen, (i + 1) * fingerprintLen);
    }

    /** The persisted value (the name is the key and is not repeated). */
    public byte[] encode(RecordWriter w) {
        w.reset().u8(FORMAT_VERSION).varLong(logicalBytes).varLong(createdMillis).varLong(fingerprintLen)
                .varLong(lengths.length);
        for (int len : lengths) {
            w.varLong(len);
        }
        w.raw(fingerprints);
        return w.toByteArray();
    }

    /** Decodes a value written by {@link #encode}. */
    public static ObjectRecord decode(String name, byte[] value) throws FlashArrayException {
        RecordReader r = new RecordReader(value, "object record '" + name + "'");
        r.version(1, FORMAT_VERSION);
        long logical = r.varLong();
        long created = r.varLong();
        int fpLen = r.varInt();
        int n = r.varInt();
        if (fpLen == 0 || (long) n * fpLen > r.remaining()) {
            throw new io.flashcore.array.CorruptDataException("object record '" + name + "' claims " + n
                    + " chunks of " + fpLen + "-byte fingerprints in " + r.remaining() + " bytes");
        }
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = r.varInt();
        }
        byte[] fps = r.raw(n * fpLen);
        r.end();
        try {
            return new ObjectRecord(name, logical, created, fpLen, fps, lengths);
        } catch (IllegalArgumentException e) {
            throw new io.flashcore.array.CorruptDataException("object record '" + name + "': " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRecord r && name.equals(r.name) && logicalBytes == r.logicalBytes
                && createdMillis == r.createdMillis && fingerprintLen == r.fingerprintLen
                && Arrays.equals(fingerprints, r.fingerprints) && Arrays.equals(lengths, r.lengths);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "ObjectRecord[" + name + " " + logicalBytes + " bytes, " + lengths.length + " chunks]";
    }
}
