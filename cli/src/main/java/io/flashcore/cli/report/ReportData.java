package io.flashcore.cli.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one HTML report shows, as plain figures. Built by {@code flashcore report} from an
 * array's statistics or from an estimate of input files; rendered by {@link HtmlReport}.
 *
 * @param title        the page heading
 * @param source       what the figures describe (an array folder, input paths)
 * @param waterfall    bytes after each stage, in order: logical, after dedup, after compression,
 *                     after similarity, with parity, with metadata, with rebuild reserve
 * @param chunkLengths chunk lengths in bytes (a sample is fine), for the size histogram
 * @param fileTypes    logical and stored bytes per file type
 * @param driveFill    used and capacity bytes per drive; empty for an estimate
 * @param rebuild      rebuild time against stripe width
 * @param layouts      the bill: physical bytes per logical byte for each priced layout
 * @param facts        labelled one-line facts shown in a table (configuration, timings)
 */
public record ReportData(String title, String source, List<Stage> waterfall, long[] chunkLengths,
                         List<FileType> fileTypes, List<DriveFill> driveFill, List<RebuildPoint> rebuild,
                         List<LayoutBill> layouts, Map<String, String> facts) {

    /** Validates and copies. */
    public ReportData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(source, "source");
        waterfall = List.copyOf(waterfall);
        chunkLengths = chunkLengths.clone();
        fileTypes = List.copyOf(fileTypes);
        driveFill = List.copyOf(driveFill);
        rebuild = List.copyOf(rebuild);
        layouts = List.copyOf(layouts);
        facts = Map.copyOf(facts);
    }

    /** Bytes after one stage of the waterfall. */
    public record Stage(String name, long bytes) {
    }

    /** Logical and stored (reduced, before parity) bytes of one file type. */
    public record FileType(String type, long logicalBytes, long storedBytes) {
        /** Logical ÷ stored bytes; 1 when nothing was stored. */
        public double ratio() {
            return storedBytes == 0 ? 1.0 : (double) logicalBytes / storedBytes;
        }
    }

    /** One drive's used and total bytes. */
    public record DriveFill(String drive, long usedBytes, long capacityBytes, boolean failed) {
    }

    /**
     * Predicted rebuild time of one failed drive for a stripe width.
     *
     * @param width             k + m
     * @param declusteredHours  rebuild spread over every survivor
     * @param dedicatedHours    rebuild onto one dedicated spare drive
     */
    public record RebuildPoint(int width, double declusteredHours, double dedicatedHours) {
    }

    /**
     * One priced layout of the bill.
     *
     * @param name                        e.g. {@code "10+4"}, {@code "3x"}
     * @param parityOverhead              (k+m)/k − 1
     * @param metadataOverhead            metadata ÷ stored bytes
     * @param rebuildReserve              spare fraction reserved for rebuild
     * @param physicalBytesPerLogicalByte the bill
     */
    public record LayoutBill(String name, double parityOverhead, double metadataOverhead, double rebuildReserve,
                             double physicalBytesPerLogicalByte) {
    }
}
