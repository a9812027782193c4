package io.flashcore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.flashcore.array.ArrayStats;
import io.flashcore.array.FlashArray;
import io.flashcore.cli.report.HtmlReport;
import io.flashcore.cli.report.ReportData;
import io.flashcore.placement.capacity.CapacityBreakdown;
import io.flashcore.placement.capacity.Layout;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.pipeline.ReductionSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore report}: one self-contained HTML page with the bill and its charts, for an
 * existing array ({@code --array D}) or for input files priced without storing ({@code --input}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write an HTML report (the bill, reduction waterfall, chunk sizes, file types, drive fill,"
                + " rebuild time) for an array or for input files.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--array", paramLabel = "DIR", description = "The array to report on.")
        Path array;

        @Option(names = "--input", arity = "1..*", paramLabel = "PATH",
                description = "Files or folders to estimate and report on (nothing is stored).")
        List<Path> input;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--html", required = true, paramLabel = "FILE", description = "Where to write the page.")
    Path html;

    @Option(names = "--layout", defaultValue = "10+4",
            description = "With --input: the layout the waterfall shows, e.g. 10+4, '3x', 'LRC 12+2+2' (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--drives", defaultValue = "24",
            description = "With --input: drives of the pool the rebuild chart simulates (default: ${DEFAULT-VALUE}).")
    int drives;

    @Option(names = "--sample", defaultValue = "1", paramLabel = "FRACTION",
            description = "With --input: reduce only this fraction of the files (default: ${DEFAULT-VALUE}).")
    double sample;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ReportData data = source.array != null ? fromArray() : fromInput();
        HtmlReport.write(data, html);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("report", html.toAbsolutePath().toString())
                    .put("logicalBytes", data.waterfall().isEmpty() ? 0 : data.waterfall().getFirst().bytes()));
        } else {
            out.println("report: " + html.toAbsolutePath());
        }
        return Main.OK;
    }

    private ReportData fromArray() throws Exception {
        ArrayOption opt = new ArrayOption();
        opt.dir = source.array;
        try (FlashArray array = opt.open()) {
            ArrayStats s = array.stats();
            return ArrayReport.build(array, s, "flashcore report", "array " + source.array.toAbsolutePath(),
                    Map.of("objects", Long.toString(s.objects())), List.of());
        }
    }

    private ReportData fromInput() throws Exception {
        Layout shown;
        try {
            shown = Layout.parse(layout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--layout: " + e.getMessage());
        }
        if (drives < shown.width() + 1) {
            throw new UsageException("--drives " + drives + " is too few for " + shown.name() + " (needs at least "
                    + (shown.width() + 1) + ")");
        }
        for (Path p : source.input) {
            if (!Files.exists(p)) {
                throw new UsageException("input " + p + " does not exist");
            }
        }
        List<Path> files = InputFiles.list(source.input);
        ChunkerSpec chunker = ChunkerSpec.withDefaults(ChunkerAlgorithm.FASTCDC2020, null, null, null, null, null);
        Estimator.Estimate e;
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        try (Progress p = Progress.start("estimate", Math.round(total * sample), true, json)) {
            e = new Estimator(chunker, ReductionSettings.DEFAULT, 256 << 20).run(files, sample, 1, p::step);
        }
        List<CapacityBreakdown> bill = EstimateCommand.bill(e);
        CapacityBreakdown b = EstimateCommand.priceOne(e, shown);
        List<ReportData.Stage> waterfall = List.of(
                new ReportData.Stage("logical", e.logicalBytes()),
                new ReportData.Stage("after dedup", e.afterDedupBytes()),
                new ReportData.Stage("after compression", e.afterCompressionBytes() < 0 ? e.afterSimilarityBytes()
                        : e.afterCompressionBytes()),
                new ReportData.Stage("after similarity", e.afterSimilarityBytes()),
                new ReportData.Stage("+ parity (" + shown.name() + ")", b.protectedBytes()),
                new ReportData.Stage("+ metadata", b.withMetadataBytes()),
                new ReportData.Stage("+ rebuild reserve", b.physicalBytes()));
        List<ReportData.FileType> types = new ArrayList<>();
        for (Estimator.TypeFigures t : e.types()) {
            if (types.size() == 14) {
                break;
            }
            types.add(new ReportData.FileType(t.type(), t.logicalBytes(), t.afterSimilarityBytes()));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("files", e.files() + (e.sampledFiles() < e.files() ? " (" + e.sampledFiles() + " sampled, reduction"
                + String.format(Locale.ROOT, " within +/-%.1f %%)", 100 * e.errorBound()) : ""));
        facts.put("chunker", chunker.identity());
        facts.put("reduction", String.format(Locale.ROOT, "x%.3f (dedup x%.3f)", e.reductionRatio(),
                (double) e.logicalBytes() / Math.max(1, e.afterDedupBytes())));
        facts.put("metadata", "modelled: " + Bill.RECIPE_BYTES_PER_CHUNK + " B per chunk reference + "
                + Bill.RECORD_BYTES_PER_UNIQUE_CHUNK + " B per unique chunk");
        facts.put("rebuild chart assumes", String.format(Locale.ROOT, "%s per drive, %.1f GB/s per drive, m = %d, %d drives",
                Bill.bytes(ArrayReport.REBUILD_DRIVE_BYTES), ArrayReport.REBUILD_BYTES_PER_SECOND / 1e9,
                shown.toleratedFailures(), drives));
        return new ReportData("flashcore estimate report", "input " + source.input, waterfall,
                e.chunkLengthSample(), types, List.of(), ArrayReport.rebuildCurve(drives, shown.toleratedFailures()),
                Bill.rows(bill), facts);
    }
}
