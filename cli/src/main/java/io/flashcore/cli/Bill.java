package io.flashcore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.flashcore.cli.report.ReportData;
import io.flashcore.placement.capacity.CapacityBreakdown;
import io.flashcore.placement.capacity.CapacityModel;
import io.flashcore.placement.capacity.ErasureLayout;
import io.flashcore.placement.capacity.Layout;
import io.flashcore.placement.capacity.LrcLayout;
import io.flashcore.placement.capacity.ReductionFigures;
import io.flashcore.placement.capacity.ReplicationLayout;

/**
 * The infrastructure bill: the physical flash that logical data needs under each of the layouts a
 * buyer compares, with the reduction measured on the data itself. Priced by the placement module's
 * {@link CapacityModel} (physical ÷ logical = 1/reduction × redundancy × (1+metadata) × (1+reserve)).
 *
 * <p>The rebuild reserve of a layout tolerating f failures is the spare space that re-protects the
 * data after f drives fail in a pool of {@code max(24, width + f)} drives: f ÷ (pool − f) per used
 * byte. Stateless.
 */
public final class Bill {
    /** One petabyte (10^15 bytes): the volume the bill prices. */
    public static final long PETABYTE = 1_000_000_000_000_000L;
    /** Drives in the reference pool a rebuild reserve is computed for (at least a stripe width more). */
    public static final int REFERENCE_POOL_DRIVES = 24;
    /**
     * Metadata bytes per chunk reference (the fingerprint in an object's recipe) when no array has
     * measured it: the array's recipe entry is the 32-byte fingerprint.
     */
    public static final int RECIPE_BYTES_PER_CHUNK = 32;
    /**
     * Metadata bytes per unique chunk when no array has measured it: the 32-byte key and a ~20-byte
     * location record of the array's metadata store, plus its per-entry overhead.
     */
    public static final int RECORD_BYTES_PER_UNIQUE_CHUNK = 64;

    private Bill() {
    }

    /** The layouts every bill prices, in the order shown. */
    public static List<Layout> standardLayouts() {
        return List.of(new ReplicationLayout(3), new ErasureLayout(4, 2), new ErasureLayout(8, 2),
                new ErasureLayout(10, 4), new ErasureLayout(16, 4), new ErasureLayout(146, 4),
                new LrcLayout(12, 2, 2));
    }

    /** The rebuild reserve per used byte for {@code layout} in the reference pool. */
    public static double rebuildReserve(Layout layout) {
        int f = layout.toleratedFailures();
        int pool = Math.max(REFERENCE_POOL_DRIVES, layout.width() + f);
        return (double) f / (pool - f);
    }

    /** The rebuild reserve per used byte of an array of {@code drives} drives tolerating {@code f} failures. */
    public static double rebuildReserve(int drives, int f) {
        return drives > f ? (double) f / (drives - f) : 0;
    }

    /** Metadata ÷ stored bytes modelled from chunk counts when no array has measured it. */
    public static double modelledMetadataOverhead(long chunks, long uniqueChunks, long storedBytes) {
        if (storedBytes <= 0) {
            return 0;
        }
        return (double) (chunks * RECIPE_BYTES_PER_CHUNK + uniqueChunks * RECORD_BYTES_PER_UNIQUE_CHUNK)
                / storedBytes;
    }

    /**
     * Prices {@code logicalBytes} under every standard layout.
     *
     * @param reduction        the measured reduction
     * @param metadataOverhead metadata bytes per protected byte
     */
    public static List<CapacityBreakdown> price(long logicalBytes, ReductionFigures reduction, double metadataOverhead) {
        List<CapacityBreakdown> out = new ArrayList<>();
        for (Layout l : standardLayouts()) {
            out.add(CapacityModel.price(logicalBytes, l, reduction, metadataOverhead, rebuildReserve(l)));
        }
        return out;
    }

    /** The bill as report rows. */
    public static List<ReportData.LayoutBill> rows(List<CapacityBreakdown> priced) {
        List<ReportData.LayoutBill> rows = new ArrayList<>();
        for (CapacityBreakdown b : priced) {
            rows.add(new ReportData.LayoutBill(b.layout().name(), b.redundancyFactor() - 1, b.metadataFactor() - 1,
                    b.reserveFactor() - 1, b.physicalPerLogical()));
        }
        return rows;
    }

    /** The bill as JSON objects: {@code name}, {@code physicalBytesPerLogicalByte} and each factor. */
    public static List<Json> json(List<CapacityBreakdown> priced) {
        List<Json> out = new ArrayList<>();
        for (CapacityBreakdown b : priced) {
            out.add(Json.object()
                    .put("name", b.layout().name())
                    .put("physicalBytesPerLogicalByte", round(b.physicalPerLogical()))
                    .put("physicalBytesPerPetabyte", Math.round(b.physicalPerLogical() * PETABYTE))
                    .put("reductionFactor", round(b.reductionFactor()))
                    .put("redundancyFactor", round(b.redundancyFactor()))
                    .put("metadataFactor", round(b.metadataFactor()))
                    .put("reserveFactor", round(b.reserveFactor()))
                    .put("toleratedFailures", b.layout().toleratedFailures())
                    .put("physicalBytes", b.physicalBytes()));
        }
        return out;
    }

    /** Prints the bill as a table: flash to buy per petabyte of such data, per layout. */
    public static void print(PrintWriter out, List<CapacityBreakdown> priced) {
        double best = priced.stream().mapToDouble(CapacityBreakdown::physicalPerLogical).min().orElse(0);
        out.printf(Locale.ROOT, "  %-10s %9s %9s %9s %9s %12s   %s%n", "layout", "reduction", "parity", "metadata",
                "reserve", "phys/logical", "flash per PB of this data");
        for (CapacityBreakdown b : priced) {
            out.printf(Locale.ROOT, "  %-10s %8.3fx %8.1f%% %8.2f%% %8.1f%% %12.3f   %7.1f TB%s%n", b.layout().name(),
                    1 / b.reductionFactor(), 100 * (b.redundancyFactor() - 1), 100 * (b.metadataFactor() - 1),
                    100 * (b.reserveFactor() - 1), b.physicalPerLogical(), b.physicalPerLogical() * 1000,
                    b.physicalPerLogical() == best ? "  <- least flash" : "");
        }
    }

    /** Bytes in binary units, e.g. {@code 1.50 GiB}. */
    public static String bytes(long b) {
        return ByteSizes.human(b);
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
