package io.flashcore.reduction.index;

import java.lang.foreign.MemorySegment;

/**
 * Confirms a tag hit of the {@link DedupIndex} against the full fingerprint the array keeps in its
 * metadata: returns {@code true} only when the chunk stored at {@code location} has exactly the
 * 32-byte {@code fingerprint}.
 *
 * <p>The index keeps only a few bits of each fingerprint in RAM, so several chunks may share a tag;
 * the verifier is what guarantees that two different chunks are never merged. The index calls it
 * without holding any lock, possibly from several threads at once, and never calls it for a location
 * whose tag does not match. It must not retain {@code fingerprint}, which may be a view of the
 * caller's buffer.
 */
@FunctionalInterface
public interface FingerprintVerifier {
    /**
     * Returns whether the chunk at {@code location} has the 32-byte {@code fingerprint}.
     *
     * @param location    a location the index holds under the fingerprint's tag
     * @param fingerprint exactly {@link DedupIndex#FINGERPRINT_BYTES} bytes
     */
    boolean matches(long location, MemorySegment fingerprint);
}
