package io.flashcore.placement.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * The bill: the physical flash a logical volume needs, from the design's formula
 * physical ÷ logical = (1 ÷ reduction ratio) × redundancy × (1 + metadata overhead) × (1 + rebuild reserve),
 * where redundancy is (k+m)÷k for erasure coding, (k+l+r)÷k for LRC and N for N× replication.
 *
 * <p>Immutable and thread-safe; an instance fixes the metadata overhead and the rebuild reserve.
 *
 * @param metadataOverhead metadata bytes per protected byte (e.g. 0.01), ≥ 0
 * @param rebuildReserve   spare bytes kept per used byte for rebuilds (e.g. from
 *                         {@link io.flashcore.placement.rebuild.SpareReserve}), ≥ 0
 */
public record CapacityModel(double metadataOverhead, double rebuildReserve) {
    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad value. */
    public CapacityModel {
        check("metadata overhead", metadataOverhead);
        check("rebuild reserve", rebuildReserve);
    }

    private static void check(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
        }
    }

    /**
     * Prices {@code logicalBytes} under {@code layout}, {@code reduction}, a metadata overhead
     * and a rebuild reserve (both fractions, ≥ 0).
     */
    public static CapacityBreakdown price(long logicalBytes, Layout layout, ReductionFigures reduction,
                                          double metadataOverhead, double rebuildReserve) {
        return new CapacityModel(metadataOverhead, rebuildReserve).price(logicalBytes, layout, reduction);
    }

    /** Prices {@code logicalBytes} under {@code layout} and {@code reduction} with this model's overheads. */
    public CapacityBreakdown price(long logicalBytes, Layout layout, ReductionFigures reduction) {
        if (logicalBytes < 0) {
            throw new IllegalArgumentException("logical bytes must be >= 0, got " + logicalBytes);
        }
        double reductionFactor = 1 / reduction.ratio();
        double redundancy = layout.redundancyFactor();
        double metadata = 1 + metadataOverhead;
        double reserve = 1 + rebuildReserve;
        double stored = logicalBytes * reductionFactor;
        double prot = stored * redundancy;
        double withMeta = prot * metadata;
        double physical = withMeta * reserve;
        return new CapacityBreakdown(layout, reduction, logicalBytes, reductionFactor, redundancy, metadata, reserve,
                Math.round(stored), Math.round(prot), Math.round(withMeta), Math.round(physical));
    }

    /** Prices {@code logicalBytes} under every layout in {@code layouts}, in order. */
    public List<CapacityBreakdown> priceAll(long logicalBytes, List<? extends Layout> layouts, ReductionFigures reduction) {
        List<CapacityBreakdown> out = new ArrayList<>(layouts.size());
        for (Layout l : layouts) {
            out.add(price(logicalBytes, l, reduction));
        }
        return out;
    }
}
