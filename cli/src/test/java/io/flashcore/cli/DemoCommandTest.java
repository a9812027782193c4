package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.flashcore.testdata.DataGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldVerifyEveryObjectWithTwoDrivesFailedAndWriteTheReport() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("sub"));
        DataGenerator g = DataGenerator.of(11, 2.0, 2.5, 64 * 1024);
        Files.write(in.resolve("one.dat"), g.bytes(3 << 20));
        Files.write(in.resolve("sub").resolve("two.dat"), g.bytes(1 << 20));
        Files.write(in.resolve("sub").resolve("small.txt"), "hello flash".getBytes());
        Path work = dir.resolve("work");
        MainTest.Result r = MainTest.run("demo", "--dir", work.toString(), "--input", in.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertTrue(json.contains("\"objects\":3"), json);
        assertTrue(json.contains("\"verified\":3"), json);
        assertTrue(json.contains("\"rangesRead\":200") && json.contains("\"rangesVerified\":200"), json);
        assertTrue(json.contains("\"scrubClean\":true"), json);
        assertTrue(json.contains("\"drivesReplaced\":[3,8]"), json);
        Path report = work.resolve("report.html");
        assertTrue(json.contains("\"report\":\"" + report + "\""), json);
        assertTrue(Files.readString(report).contains("data:image/png;base64,"));
        assertFalse(Files.exists(work.resolve("array")), "the array is removed without --keep");
    }

    @Test
    void shouldRefuseAMissingInput() {
        MainTest.Result r = MainTest.run("demo", "--dir", dir.toString(), "--input", dir.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope"), r.err());
    }
}
