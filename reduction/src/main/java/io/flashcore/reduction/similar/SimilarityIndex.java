package io.flashcore.reduction.similar;

import org.agrona.collections.Long2LongHashMap;

/**
 * Maps sketch super-features to the id of a reference chunk holding them: the most recently
 * registered reference wins, so references follow the data as it drifts. A query returns the
 * reference sharing the most super-features with the sketch.
 *
 * <p>Only chunks stored in plain form (never deltas) may be registered, which is what keeps delta
 * chains at depth 1: decoding a delta needs its one reference, and that reference needs nothing.
 *
 * <p>Memory: about {@value SimilaritySketcher#SUPER_FEATURES} hash-map entries of 16 bytes (at
 * a load factor of 0.65, ~25 bytes) per registered reference, on the heap.
 *
 * <p>Thread-safe: methods are synchronized (short critical sections, no I/O).
 */
public final class SimilarityIndex {
    /** Returned by {@link #find} when no reference shares a super-feature. */
    public static final long NONE = -1;

    private final Long2LongHashMap[] bySuperFeature = new Long2LongHashMap[SimilaritySketcher.SUPER_FEATURES];
    private long registered;

    /** An empty index. */
    public SimilarityIndex() {
        for (int i = 0; i < bySuperFeature.length; i++) {
            bySuperFeature[i] = new Long2LongHashMap(1024, 0.65f, NONE);
        }
    }

    /**
     * Registers the plain-stored chunk {@code referenceId} (a non-negative id) under its sketch.
     */
    public synchronized void register(long[] sketch, long referenceId) {
        if (referenceId < 0) {
            throw new IllegalArgumentException("reference id " + referenceId + " must be non-negative");
        }
        for (int i = 0; i < bySuperFeature.length; i++) {
            bySuperFeature[i].put(sketch[i], referenceId);
        }
        registered++;
    }

    /**
     * The reference sharing the most super-features with {@code sketch} (ties go to the first
     * super-feature's match), or {@link #NONE}.
     */
    public synchronized long find(long[] sketch) {
        long best = NONE;
        int bestVotes = 0;
        for (int i = 0; i < bySuperFeature.length; i++) {
            long id = bySuperFeature[i].get(sketch[i]);
            if (id == NONE || id == best) {
                continue;
            }
            int votes = 1;
            for (int j = i + 1; j < bySuperFeature.length; j++) {
                if (bySuperFeature[j].get(sketch[j]) == id) {
                    votes++;
                }
            }
            if (votes > bestVotes) {
                best = id;
                bestVotes = votes;
            }
        }
        return best;
    }

    /** Forgets the entries pointing at {@code referenceId} under {@code sketch} (e.g. when it is deleted). */
    public synchronized void unregister(long[] sketch, long referenceId) {
        for (int i = 0; i < bySuperFeature.length; i++) {
            if (bySuperFeature[i].get(sketch[i]) == referenceId) {
                bySuperFeature[i].remove(sketch[i]);
            }
        }
    }

    /** How many references were registered (including ones since overwritten). */
    public synchronized long registered() {
        return registered;
    }

    /** Entries currently held, summed over the super-feature maps. */
    public synchronized long entries() {
        long n = 0;
        for (Long2LongHashMap m : bySuperFeature) {
            n += m.size();
        }
        return n;
    }
}
