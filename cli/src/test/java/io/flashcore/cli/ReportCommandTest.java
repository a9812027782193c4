package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashcore.testdata.DataGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    private void writeInputs() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        DataGenerator g = DataGenerator.of(7, 2.0, 3.0, 64 * 1024);
        Files.write(dir.resolve("in").resolve("a.log"), g.bytes(1 << 20));
        Files.write(dir.resolve("in").resolve("b.bin"), DataGenerator.of(8, 1.0, 1.0, 64 * 1024).bytes(512 * 1024));
        Files.write(dir.resolve("in").resolve("c.log"), g.bytes(1 << 20));
    }

    @Test
    void shouldPriceEveryStandardLayoutAndBreakDownByType() throws Exception {
        writeInputs();
        MainTest.Result r = MainTest.run("estimate", dir.resolve("in").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        for (String layout : new String[] {"3x", "4+2", "8+2", "10+4", "16+4", "146+4", "LRC 12+2+2"}) {
            assertTrue(json.contains("{\"name\":\"" + layout + "\",\"physicalBytesPerLogicalByte\":"), layout);
        }
        assertTrue(json.contains("\"type\":\".log\"") && json.contains("\"type\":\".bin\""), json);
        // c.log repeats a.log, so the .log type dedups at least 2x; random .bin does not reduce.
        Matcher m = Pattern.compile("\"type\":\"\\.log\",\"files\":2,\"logicalBytes\":(\\d+),\"afterDedupBytes\":(\\d+)")
                .matcher(json);
        assertTrue(m.find(), json);
        assertTrue(Long.parseLong(m.group(1)) >= 2 * Long.parseLong(m.group(2)) - 70_000, json);
    }

    @Test
    void shouldStateAnErrorBoundWhenSampling() throws Exception {
        writeInputs();
        MainTest.Result r = MainTest.run("estimate", dir.resolve("in").toString(), "--sample", "0.5", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sampled") || r.out().contains("in 3 files"), r.out());
        assertEquals(2, MainTest.run("estimate", dir.resolve("in").toString(), "--sample", "0").code());
    }

    @Test
    void shouldWriteAReportForInputFiles() throws Exception {
        writeInputs();
        Path html = dir.resolve("out").resolve("report.html");
        MainTest.Result r = MainTest.run("report", "--input", dir.resolve("in").toString(), "--html", html.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        int images = page.split("data:image/png;base64,", -1).length - 1;
        assertEquals(4, images, "waterfall, chunk sizes, file types, rebuild time (no drives for an estimate)");
        assertTrue(page.contains("10+4"));
    }

    @Test
    void shouldRefuseBadUsage() {
        assertEquals(2, MainTest.run("report", "--html", dir.resolve("x.html").toString()).code());
        assertEquals(2, MainTest.run("report", "--input", dir.toString(), "--array", dir.toString(), "--html",
                dir.resolve("x.html").toString()).code());
        assertEquals(2, MainTest.run("report", "--array", dir.resolve("none").toString(), "--html",
                dir.resolve("x.html").toString()).code());
        assertEquals(2, MainTest.run("report", "--input", dir.toString(), "--layout", "2+9x", "--html",
                dir.resolve("x.html").toString()).code());
    }
}
