package io.flashcore.reduction.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs longer than the official vectors (several 1 MiB subtrees) against {@code b3sum}, when installed. */
class Blake3ReferenceToolTest {

    @Test
    void shouldMatchB3sumOnMultiMebibyteInputs(@TempDir Path dir) throws IOException, InterruptedException {
        Path b3sum = Path.of("/usr/bin/b3sum");
        Assumptions.assumeTrue(Files.isExecutable(b3sum), "b3sum not installed");
        for (int len : new int[] {(1 << 20) * 3 + 12345, (1 << 22) + 1024}) {
            byte[] data = new byte[len];
            new Random(len).nextBytes(data);
            Path f = dir.resolve("in-" + len);
            Files.write(f, data);
            Process p = new ProcessBuilder(b3sum.toString(), "--no-names", "-l", "40", f.toString())
                    .redirectErrorStream(true).start();
            String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            assertEquals(0, p.waitFor(), expected);
            byte[] out = new byte[40];
            Blake3.newHasher().update(data).digest(out, 0, 40);
            assertEquals(expected, HexFormat.of().formatHex(out), len + " bytes");
        }
    }
}
