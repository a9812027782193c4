package io.flashcore.reduction.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames we write decompress with the {@code zstd} tool, and frames it writes decompress with ours. */
class ZstdToolInteropTest {
    @TempDir
    Path dir;

    static void requireZstd() {
        boolean present;
        try {
            Process p = new ProcessBuilder("zstd", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "the zstd tool is not installed");
    }

    static void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), cmd + ": " + out);
    }

    @Test
    void shouldWriteFramesTheZstdToolDecodes() throws Exception {
        requireZstd();
        int[] levels = {-5, 1, 3, 19};
        try (Arena arena = Arena.ofConfined()) {
            for (int level : levels) {
                for (boolean checksum : new boolean[] {false, true}) {
                    byte[] data = Segments.text(level * 7L + (checksum ? 1 : 0), 100_000);
                    try (ZstdCodec codec = new ZstdCodec(level, checksum)) {
                        MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(data.length));
                        int n = codec.compress(Segments.of(arena, data), frame);
                        Path z = dir.resolve("ours-" + level + checksum + ".zst");
                        Files.write(z, frame.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                        Path back = dir.resolve("ours-" + level + checksum + ".out");
                        run("zstd", "-q", "-d", "-f", z.toString(), "-o", back.toString());
                        assertArrayEquals(data, Files.readAllBytes(back), "level " + level);
                    }
                }
            }
        }
    }

    @Test
    void shouldDecodeFramesTheZstdToolWrites() throws Exception {
        requireZstd();
        byte[] data = Segments.text(42, 300_000);
        Path in = dir.resolve("in");
        Files.write(in, data);
        String[][] variants = {{"-1"}, {"-3", "--check"}, {"--fast=4"}, {"-19"}, {"-3", "--no-check"}};
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, false)) {
            for (String[] v : variants) {
                Path z = dir.resolve("tool.zst");
                List<String> cmd = new ArrayList<>(List.of("zstd", "-q", "-f"));
                cmd.addAll(List.of(v));
                cmd.addAll(List.of(in.toString(), "-o", z.toString()));
                run(cmd.toArray(String[]::new));
                MemorySegment frame = Segments.of(arena, Files.readAllBytes(z));
                MemorySegment dst = arena.allocate(data.length);
                codec.decompress(frame, dst);
                assertArrayEquals(data, Segments.bytes(dst), String.join(" ", v));
            }
        }
    }

    @Test
    void shouldDecodeDeltaFramesWithTheToolGivenTheReferenceAsDictionary() throws Exception {
        requireZstd();
        byte[] reference = Segments.text(1, 16384);
        byte[] target = reference.clone();
        target[500] = '#';
        try (Arena arena = Arena.ofConfined(); ZstdCodec codec = new ZstdCodec(3, true)) {
            MemorySegment frame = arena.allocate(ZstdCodec.maxFrameLength(target.length));
            int n = codec.compressAgainst(Segments.of(arena, target), Segments.of(arena, reference), frame);
            Path z = dir.resolve("delta.zst");
            Path ref = dir.resolve("ref");
            Path back = dir.resolve("delta.out");
            Files.write(z, frame.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            Files.write(ref, reference);
            run("zstd", "-q", "-d", "-f", "-D", ref.toString(), z.toString(), "-o", back.toString());
            assertArrayEquals(target, Files.readAllBytes(back));
        }
    }
}
