package io.flashcore.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.ArrayStats;
import io.flashcore.array.DriveInfo;
import io.flashcore.array.FlashArray;
import io.flashcore.cli.report.ReportData;
import io.flashcore.placement.capacity.ReductionFigures;
import io.flashcore.placement.place.PlacementRule;
import io.flashcore.placement.rebuild.PlacementSimulation;

/**
 * Turns an array's statistics into the figures of the bill and the HTML report: the reduction
 * waterfall measured on the array, per-drive fill, a chunk-size sample from its metadata, and
 * rebuild time against stripe width from the placement simulation on the array's drive count.
 */
public final class ArrayReport {
    /** Capacity of the drive the rebuild chart assumes: a 30.72 TB NVMe drive, 90 % full. */
    static final long REBUILD_DRIVE_BYTES = 27_648_000_000_000L;
    /** Rebuild bandwidth per drive the rebuild chart assumes, bytes per second. */
    static final double REBUILD_BYTES_PER_SECOND = 1e9;
    private static final long SIMULATED_STRIPES = 20_000;

    private ArrayReport() {
    }

    /** The array's measured reduction: dedup (logical ÷ unique) and compression (unique ÷ stored). */
    public static ReductionFigures reduction(ArrayStats s) {
        return s.logicalBytes() == 0 ? ReductionFigures.NONE
                : ReductionFigures.ofBytes(s.logicalBytes(), s.uniqueBytes(), Math.max(1, s.storedBytes()));
    }

    /** The array's measured metadata bytes per physical (protected) byte. */
    public static double metadataOverhead(ArrayStats s) {
        return s.physicalBytes() == 0 ? 0 : (double) s.metadataBytes() / s.physicalBytes();
    }

    /**
     * The report figures of {@code array}.
     *
     * @param fileTypes logical and stored bytes per file type, when an estimate measured them (may be empty)
     */
    public static ReportData build(FlashArray array, ArrayStats s, String title, String source,
                                   Map<String, String> facts, List<ReportData.FileType> fileTypes) throws IOException {
        ArrayConfig c = array.config();
        int drives = c.drives().size();
        double reserve = Bill.rebuildReserve(drives, c.m());
        long withMeta = s.physicalBytes() + s.metadataBytes();
        List<ReportData.Stage> waterfall = List.of(
                new ReportData.Stage("logical", s.logicalBytes()),
                new ReportData.Stage("after dedup", s.uniqueBytes()),
                new ReportData.Stage("after compression + similarity", s.storedBytes()),
                new ReportData.Stage("+ parity (" + c.k() + "+" + c.m() + ")", s.physicalBytes()),
                new ReportData.Stage("+ metadata", withMeta),
                new ReportData.Stage("+ rebuild reserve", Math.round(withMeta * (1 + reserve))));
        List<ReportData.DriveFill> fill = new ArrayList<>();
        for (DriveInfo d : s.drives()) {
            fill.add(new ReportData.DriveFill("d" + d.index(), d.usedBytes(), c.driveBytes(),
                    !"up".equalsIgnoreCase(d.state())));
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(facts);
        all.put("layout", c.k() + "+" + c.m() + " on " + drives + " drives, " + Bill.bytes(c.shardBytes()) + " shards");
        all.put("chunker", c.chunker() + " " + Bill.bytes(c.minChunk()) + " / " + Bill.bytes(c.avgChunk()) + " / "
                + Bill.bytes(c.maxChunk()));
        all.put("fingerprint", c.fingerprint());
        all.put("compression", "zstd level " + c.compressionLevel() + (c.similarity()
                ? ", similarity deltas on (sketch version " + c.sketchVersion() + ")" : ""));
        all.put("reduction", String.format(Locale.ROOT, "dedup x%.3f, compression x%.3f, total x%.3f", s.dedupRatio(),
                s.compressionRatio(), s.reductionRatio()));
        all.put("metadata", String.format(Locale.ROOT, "%s (%.3f %% of logical)", Bill.bytes(s.metadataBytes()),
                100 * s.metadataFraction()));
        all.put("rebuild chart assumes", String.format(Locale.ROOT,
                "%s per drive, %.1f GB/s per drive, m = %d, %d drives, simulated with %d stripes",
                Bill.bytes(REBUILD_DRIVE_BYTES), REBUILD_BYTES_PER_SECOND / 1e9, c.m(), drives, SIMULATED_STRIPES));
        return new ReportData(title, source, waterfall, array.chunkLengthSample(50_000), fileTypes, fill,
                rebuildCurve(drives, c.m()),
                Bill.rows(Bill.price(Bill.PETABYTE, reduction(s), metadataOverhead(s))), all);
    }

    /** Rebuild time of one failed drive against stripe width k+m on {@code drives} drives, m fixed. */
    public static List<ReportData.RebuildPoint> rebuildCurve(int drives, int m) {
        List<ReportData.RebuildPoint> points = new ArrayList<>();
        for (int k = 2; k + m <= drives - 1; k++) {
            PlacementSimulation.Result r = PlacementSimulation.run(new PlacementSimulation.Config(drives, List.of(),
                    new int[0], k, m, SIMULATED_STRIPES, PlacementSimulation.Change.FAIL_DRIVES, 1,
                    REBUILD_DRIVE_BYTES, REBUILD_BYTES_PER_SECOND, 1, PlacementRule.Strategy.EXACT));
            points.add(new ReportData.RebuildPoint(k + m, r.rebuildSeconds() / 3600, r.dedicatedSpareSeconds() / 3600));
        }
        return points;
    }
}
