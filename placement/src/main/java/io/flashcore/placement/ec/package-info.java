/**
 * Erasure codes for stripes of shards: {@link io.flashcore.placement.ec.ReedSolomon} (k+m, parity
 * byte-identical to ISA-L's Cauchy code) and {@link io.flashcore.placement.ec.LocalReconstructionCode}
 * (local XOR groups plus global Cauchy parities, for cheap single-shard repair).
 *
 * <p>Codes carry a {@link io.flashcore.placement.ec.CodeKind}: parity persists, so a kind never
 * changes its output. The multiplication runs on an {@link io.flashcore.placement.ec.EcBackend}: a
 * pure-Java Vector API kernel, or ISA-L through FFM for off-heap shards; both write identical bytes.
 */
package io.flashcore.placement.ec;
