package io.flashcore.placement.capacity;

/**
 * The flash a logical volume needs under one layout, factor by factor:
 * physical ÷ logical = reduction × redundancy × metadata × reserve, with
 * reduction = 1 ÷ ratio, redundancy = the layout's (k+m)÷k, metadata = 1 + metadata overhead and
 * reserve = 1 + rebuild reserve. Byte figures are cumulative: each includes the previous ones.
 *
 * @param layout            the protection layout priced
 * @param reduction         the reduction figures used
 * @param logicalBytes      bytes the user writes
 * @param reductionFactor   1 ÷ reduction ratio
 * @param redundancyFactor  flash per protected byte of the layout
 * @param metadataFactor    1 + metadata bytes per protected byte
 * @param reserveFactor     1 + rebuild reserve per byte
 * @param storedBytes       bytes after reduction
 * @param protectedBytes    bytes after erasure coding or replication
 * @param withMetadataBytes bytes after adding metadata
 * @param physicalBytes     flash to buy: after adding the rebuild reserve
 */
public record CapacityBreakdown(Layout layout, ReductionFigures reduction, long logicalBytes, double reductionFactor,
                                double redundancyFactor, double metadataFactor, double reserveFactor, long storedBytes,
                                long protectedBytes, long withMetadataBytes, long physicalBytes) {
    /** Physical ÷ logical bytes: the product of the four factors. */
    public double physicalPerLogical() {
        return reductionFactor * redundancyFactor * metadataFactor * reserveFactor;
    }

    /** Logical ÷ physical bytes: what each byte of flash bought holds. */
    public double effectiveCapacityRatio() {
        return 1 / physicalPerLogical();
    }
}
