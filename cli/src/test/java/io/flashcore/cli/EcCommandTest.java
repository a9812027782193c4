package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcCommandTest {

    @Test
    void shouldWriteIsalParityFiles(@TempDir Path dir) throws IOException {
        // ISA-L vector A1: RS(4,2) Cauchy, data[i][j] = 16 i + j, 16-byte shards.
        String[] args = new String[8 + 4];
        args[0] = "ec";
        args[1] = "encode";
        args[2] = "--k";
        args[3] = "4";
        args[4] = "--m";
        args[5] = "2";
        args[6] = "--out";
        args[7] = dir.resolve("out").toString();
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[16];
            for (int j = 0; j < 16; j++) {
                b[j] = (byte) (16 * i + j);
            }
            Path p = dir.resolve("d" + i);
            Files.write(p, b);
            args[8 + i] = p.toString();
        }
        MainTest.Result r = MainTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(HexFormat.of().parseHex("e8c8a88868482808f5d5b59575553515"),
                Files.readAllBytes(dir.resolve("out/parity-0")));
        assertArrayEquals(HexFormat.of().parseHex("d2f292b252721232cfef8faf4f6f0f2f"),
                Files.readAllBytes(dir.resolve("out/parity-1")));
    }

    @Test
    void shouldRejectWrongShardCount(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("d0");
        Files.write(p, new byte[8]);
        MainTest.Result r = MainTest.run("ec", "encode", "--k", "2", "--m", "1", "--out", dir.toString(), p.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected --k 2"), r.err());
    }

    @Test
    void shouldPrintEcBenchJson() {
        MainTest.Result r = MainTest.run("bench", "ec", "--k", "4", "--m", "2", "--shard", "4096", "--seconds", "0.05", "--warmup", "0",
                "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertTrue(line.startsWith("{\"encodeGBps\":"), line);
        assertTrue(line.contains("\"decodeGBps\":") && line.contains("\"backend\":\"java\""), line);
    }
}
