package io.flashcore.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    static ReportData sample() {
        long[] lengths = new long[5000];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 4096 + r.nextInt(60_000);
        }
        List<ReportData.DriveFill> drives = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            drives.add(new ReportData.DriveFill("d" + i, 1_000_000L + i * 1000, 10_000_000L, i == 3));
        }
        return new ReportData("flashcore report <test>", "generated", List.of(
                new ReportData.Stage("logical", 1_000_000_000L),
                new ReportData.Stage("after dedup", 500_000_000L),
                new ReportData.Stage("after compression", 200_000_000L),
                new ReportData.Stage("after similarity", 150_000_000L),
                new ReportData.Stage("+ parity", 210_000_000L),
                new ReportData.Stage("+ metadata", 212_000_000L),
                new ReportData.Stage("+ reserve", 230_000_000L)),
                lengths,
                List.of(new ReportData.FileType(".txt", 600_000_000L, 120_000_000L),
                        new ReportData.FileType(".jpg", 400_000_000L, 398_000_000L)),
                drives,
                List.of(new ReportData.RebuildPoint(6, 1.0, 4.0), new ReportData.RebuildPoint(14, 2.0, 4.0)),
                List.of(new ReportData.LayoutBill("3x", 2.0, 0.01, 0.1, 0.5),
                        new ReportData.LayoutBill("10+4", 0.4, 0.01, 0.1, 0.23)),
                Map.of("chunker", "fastcdc2020 16 KiB"));
    }

    @Test
    void shouldEmbedEveryChartAsADecodablePng(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.html");
        HtmlReport.write(sample(), file);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(1));
            assertNotNull(ImageIO.read(new ByteArrayInputStream(png)), "chart " + images + " is not a PNG");
            images++;
        }
        assertEquals(5, images, "waterfall, histogram, file types, drive fill, rebuild");
        assertTrue(html.contains("&lt;test&gt;"), "title is escaped");
        assertTrue(html.contains("10+4"));
        assertTrue(!html.contains("http://") && !html.contains("https://"), "self-contained");
    }

    @Test
    void shouldLoadEveryImageInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "chromium not installed");
        Path file = dir.resolve("report.html");
        HtmlReport.write(sample(), file);
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000",
                "--dump-dom", file.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(dom.contains("data-images=\"5\""), "the load handler ran and saw 5 images");
        assertTrue(dom.contains("data-images-broken=\"0\""), "every image loaded");
    }
}
