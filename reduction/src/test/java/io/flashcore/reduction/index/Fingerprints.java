package io.flashcore.reduction.index;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Test fingerprints and a metadata stand-in that keeps each location's full fingerprint. */
final class Fingerprints {
    private Fingerprints() {
    }

    /** A pseudo-random 32-byte fingerprint determined by {@code seed}. */
    static byte[] of(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] fp = new byte[DedupIndex.FINGERPRINT_BYTES];
        for (int i = 0; i < fp.length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                fp[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return fp;
    }

    /** The array's metadata as the index sees it: location → full fingerprint. */
    static final class Metadata implements FingerprintVerifier {
        final Map<Long, byte[]> byLocation = new ConcurrentHashMap<>();

        void put(long location, byte[] fingerprint) {
            byLocation.put(location, fingerprint.clone());
        }

        @Override
        public boolean matches(long location, MemorySegment fingerprint) {
            byte[] stored = byLocation.get(location);
            return stored != null && Arrays.equals(stored, fingerprint.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }
}
