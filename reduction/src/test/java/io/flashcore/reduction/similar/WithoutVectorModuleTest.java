package io.flashcore.reduction.similar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.flashcore.reduction.hash.Blake3;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without the {@code jdk.incubator.vector} module (an embedding application need not
 * add it) still fingerprints and sketches, on the scalar code, with the same results.
 */
class WithoutVectorModuleTest {

    /** 256 KiB with runs and repeats: enough for anchors, a multi-chunk BLAKE3 tree and the lanes. */
    static byte[] data() {
        byte[] b = new byte[256 << 10];
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(5) == 0 && i > 0 ? b[i - 1] : (byte) r.nextInt(64);
        }
        return b;
    }

    /** BLAKE3 of the data, then both sketch versions of it, one line each in hex. */
    static List<String> results() {
        byte[] d = data();
        List<String> out = new ArrayList<>();
        out.add(HexFormat.of().formatHex(Blake3.hash(d)));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(d.length);
            MemorySegment.copy(d, 0, seg, ValueLayout.JAVA_BYTE, 0, d.length);
            for (int version : new int[] {SimilaritySketcher.GEAR_SAMPLED, SimilaritySketcher.ANCHORED}) {
                long[] sketch = new long[SimilaritySketcher.SUPER_FEATURES];
                boolean has = new SimilaritySketcher(version, 64, SimilaritySketcher.LANES).sketch(seg, sketch);
                out.add(has + " " + java.util.Arrays.toString(sketch));
            }
        }
        return out;
    }

    /** The child: prints whether the lanes are available, then {@link #results}. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("lanes " + SimilaritySketcher.lanesAvailable());
            results().forEach(System.out::println);
        }
    }

    @Test
    void shouldFingerprintAndSketchAlikeWithoutTheVectorModule() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Child.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not end");
        assertEquals(0, p.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals("lanes false", lines.get(0), output);
        assertEquals(results(), lines.subList(1, lines.size()), output);
    }
}
