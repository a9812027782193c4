/**
 * Chunk fingerprints: BLAKE3 (all modes, incremental and one-shot, vectorised with the Vector API),
 * SHA-256 through the JDK, and the versioned {@link io.flashcore.reduction.hash.FingerprintKind}s that
 * name them in persisted metadata. Start at {@link io.flashcore.reduction.hash.Fingerprints} (batches of
 * chunks, no allocation) or {@link io.flashcore.reduction.hash.Blake3} (general hashing).
 */
package io.flashcore.reduction.hash;
