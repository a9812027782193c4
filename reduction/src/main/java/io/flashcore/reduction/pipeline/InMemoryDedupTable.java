package io.flashcore.reduction.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.agrona.collections.Object2LongHashMap;

/**
 * A heap {@link DedupTable} keyed by the full 32-byte fingerprint (about 100 bytes per entry):
 * for estimates and tests, not for an array's billions of chunks.
 *
 * <p>Not thread-safe.
 */
public final class InMemoryDedupTable implements DedupTable {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Object2LongHashMap<Key> ids = new Object2LongHashMap<>(1 << 16, 0.65f, NEW);

    /** An empty table. */
    public InMemoryDedupTable() {
    }

    private record Key(long a, long b, long c, long d) {
    }

    @Override
    public long findOrAdd(MemorySegment fingerprint, long newChunkId) {
        Key k = new Key(fingerprint.get(WORD, 0), fingerprint.get(WORD, 8), fingerprint.get(WORD, 16),
                fingerprint.get(WORD, 24));
        long old = ids.getValue(k);
        if (old != NEW) {
            return old;
        }
        ids.put(k, newChunkId);
        return NEW;
    }

    /** Distinct fingerprints recorded. */
    public int size() {
        return ids.size();
    }
}
