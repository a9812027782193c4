package io.flashcore.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: charts drawn with XChart and
 * embedded as PNG data URIs, the bill as a table, no external resources. The page marks on its
 * {@code body} how many images it has and how many failed to load (read by a browser test).
 *
 * <p>Stateless and thread-safe; rendering needs a headless AWT, which it selects itself.
 */
public final class HtmlReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final Color ACCENT = new Color(0x1f, 0x6f, 0xb2);

    private HtmlReport() {
    }

    /** Writes the page to {@code file} atomically (a temporary file renamed into place). */
    public static void write(ReportData data, Path file) throws IOException {
        String html = render(data);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".report", ".html");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The page as a string. */
    public static String render(ReportData data) {
        System.setProperty("java.awt.headless", "true");
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(esc(data.title())).append("</title><style>")
                .append("body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;max-width:960px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th{background:#eef3f8}td:first-child,th:first-child{text-align:left}")
                .append("img{display:block;margin:1em 0;max-width:100%}h2{margin-top:2em;border-bottom:1px solid #ddd}")
                .append(".best{font-weight:bold;background:#e7f5e7}</style></head><body>\n");
        h.append("<h1>").append(esc(data.title())).append("</h1>\n<p>").append(esc(data.source())).append("</p>\n");

        if (!data.layouts().isEmpty()) {
            h.append("<h2>The bill</h2>\n");
            billTable(h, data);
        }
        if (!data.waterfall().isEmpty()) {
            h.append("<h2>Reduction waterfall</h2>\n");
            image(h, waterfall(data), "reduction waterfall");
        }
        if (data.chunkLengths().length > 0) {
            h.append("<h2>Chunk sizes</h2>\n");
            image(h, chunkHistogram(data.chunkLengths()), "chunk size histogram");
        }
        if (!data.fileTypes().isEmpty()) {
            h.append("<h2>Reduction by file type</h2>\n");
            image(h, fileTypes(data.fileTypes()), "reduction ratio by file type");
        }
        if (!data.driveFill().isEmpty()) {
            h.append("<h2>Drive fill</h2>\n");
            image(h, driveFill(data.driveFill()), "per-drive fill");
        }
        if (!data.rebuild().isEmpty()) {
            h.append("<h2>Rebuild time against stripe width</h2>\n");
            image(h, rebuild(data.rebuild()), "rebuild time against stripe width");
        }
        if (!data.facts().isEmpty()) {
            h.append("<h2>Details</h2>\n<table>");
            for (Map.Entry<String, String> e : new TreeMap<>(data.facts()).entrySet()) {
                h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue()))
                        .append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("<script>window.addEventListener('load',function(){var im=document.images,bad=0;")
                .append("for(var i=0;i<im.length;i++){if(!im[i].complete||im[i].naturalWidth===0)bad++;}")
                .append("document.body.setAttribute('data-images',im.length);")
                .append("document.body.setAttribute('data-images-broken',bad);});</script>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void billTable(StringBuilder h, ReportData data) {
        double best = data.layouts().stream().mapToDouble(ReportData.LayoutBill::physicalBytesPerLogicalByte)
                .min().orElse(0);
        long logical = data.waterfall().isEmpty() ? 0 : data.waterfall().getFirst().bytes();
        h.append("<table><tr><th>layout</th><th>parity</th><th>metadata</th><th>rebuild reserve</th>")
                .append("<th>physical ÷ logical</th><th>flash per PB of this data</th>");
        if (logical > 0) {
            h.append("<th>flash for this data</th>");
        }
        h.append("</tr>\n");
        for (ReportData.LayoutBill b : data.layouts()) {
            h.append(b.physicalBytesPerLogicalByte() == best ? "<tr class=\"best\">" : "<tr>")
                    .append("<td>").append(esc(b.name())).append("</td>")
                    .append("<td>").append(pct(b.parityOverhead())).append("</td>")
                    .append("<td>").append(pct(b.metadataOverhead())).append("</td>")
                    .append("<td>").append(pct(b.rebuildReserve())).append("</td>")
                    .append("<td>").append(String.format(Locale.ROOT, "%.3f", b.physicalBytesPerLogicalByte()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f TB",
                            b.physicalBytesPerLogicalByte() * 1000.0)).append("</td>");
            if (logical > 0) {
                h.append("<td>").append(bytes((long) (b.physicalBytesPerLogicalByte() * logical))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static Chart<?, ?> waterfall(ReportData data) {
        long max = data.waterfall().stream().mapToLong(ReportData.Stage::bytes).max().orElse(1);
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (unit < units.length - 1 && max >= 1024L << (10 * unit)) {
            unit++;
        }
        double scale = Math.pow(1024, unit);
        long logical = data.waterfall().getFirst().bytes();
        CategoryChart c = base(new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Flash after each stage (per logical byte in brackets)").yAxisTitle(units[unit]).build());
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (ReportData.Stage s : data.waterfall()) {
            names.add(logical > 0 ? String.format(Locale.ROOT, "%s (%.3f)", s.name(), (double) s.bytes() / logical)
                    : s.name());
            values.add(s.bytes() / scale);
        }
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(20);
        c.addSeries("bytes", names, values).setFillColor(ACCENT);
        return c;
    }

    private static Chart<?, ?> chunkHistogram(long[] lengths) {
        long max = 1;
        for (long l : lengths) {
            max = Math.max(max, l);
        }
        int bins = 24;
        double width = Math.max(1.0, Math.ceil((double) max / bins));
        long[] counts = new long[bins];
        for (long l : lengths) {
            counts[(int) Math.min(bins - 1, (long) (l / width))]++;
        }
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.0f", (i + 0.5) * width / 1024.0));
            values.add(counts[i]);
        }
        CategoryChart c = base(new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(lengths.length + " chunks").xAxisTitle("chunk size (KiB, bin centre)").yAxisTitle("chunks")
                .build());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        c.addSeries("chunks", labels, values).setFillColor(ACCENT);
        return c;
    }

    private static Chart<?, ?> fileTypes(List<ReportData.FileType> types) {
        CategoryChart c = base(new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Logical ÷ stored bytes").yAxisTitle("reduction ratio").build());
        List<String> names = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (ReportData.FileType t : types) {
            names.add(t.type() + " (" + bytes(t.logicalBytes()) + ")");
            ratios.add(t.ratio());
        }
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(30);
        c.addSeries("ratio", names, ratios).setFillColor(ACCENT);
        return c;
    }

    private static Chart<?, ?> driveFill(List<ReportData.DriveFill> drives) {
        CategoryChart c = base(new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Used bytes per drive").xAxisTitle("drive").yAxisTitle("used (% of capacity)").build());
        List<String> names = new ArrayList<>();
        List<Double> used = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        for (ReportData.DriveFill d : drives) {
            names.add(d.drive());
            double pct = d.capacityBytes() == 0 ? 0 : 100.0 * d.usedBytes() / d.capacityBytes();
            used.add(d.failed() ? 0 : pct);
            failed.add(d.failed() ? pct : 0);
        }
        c.getStyler().setStacked(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setYAxisDecimalPattern("0.##");
        c.addSeries("up", names, used).setFillColor(ACCENT);
        c.addSeries("failed", names, failed).setFillColor(new Color(0xc0, 0x39, 0x2b));
        return c;
    }

    private static Chart<?, ?> rebuild(List<ReportData.RebuildPoint> points) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Time to rebuild one failed drive")
                .xAxisTitle("stripe width k+m").yAxisTitle("hours").build();
        styleCommon(c.getStyler());
        double[] x = new double[points.size()];
        double[] declustered = new double[points.size()];
        double[] dedicated = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = points.get(i).width();
            declustered[i] = points.get(i).declusteredHours();
            dedicated[i] = points.get(i).dedicatedHours();
        }
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries a = c.addSeries("declustered over all survivors", x, declustered);
        a.setLineColor(ACCENT);
        a.setLineStyle(new BasicStroke(2.5f));
        XYSeries b = c.addSeries("onto one dedicated spare", x, dedicated);
        b.setLineColor(new Color(0xc0, 0x39, 0x2b));
        b.setLineStyle(new BasicStroke(2.5f));
        return c;
    }

    private static CategoryChart base(CategoryChart c) {
        styleCommon(c.getStyler());
        c.getStyler().setOverlapped(false);
        return c;
    }

    private static void styleCommon(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAntiAlias(true);
    }

    private static void image(StringBuilder h, Chart<?, ?> chart, String alt) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart '" + alt + "'", e);
        }
        h.append("<img alt=\"").append(esc(alt)).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    /** Bytes in binary units with three significant digits ({@code 1.50 GiB}). */
    public static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = b;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s",
                v, units[u]);
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * f);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
