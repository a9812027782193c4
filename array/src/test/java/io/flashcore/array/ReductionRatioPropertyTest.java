package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.flashcore.testdata.DataGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class ReductionRatioPropertyTest {
    /**
     * With fixed 16 KiB chunks aligned to the generator's blocks, the array's dedup ratio is the
     * generator's exactly (up to the last partial block), and its compression ratio is within 30 %
     * of the target (zstd on 1 KiB segments of random-then-constant bytes).
     */
    @Property(tries = 6)
    void generatedRatiosMeasureBackWithinTolerance(@ForAll @DoubleRange(min = 1, max = 4) double dedup,
                                                   @ForAll @DoubleRange(min = 1.5, max = 4) double compression,
                                                   @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
        Path dir = Files.createTempDirectory("flashcore-ratio");
        try {
            int block = 16 * 1024;
            int blocks = 160;
            DataGenerator g = DataGenerator.of(seed, dedup, compression, block);
            ArrayConfig cfg = ArrayConfig.builder().driveFiles(dir.resolve("drives"), 6).layout(4, 2)
                    .shardBytes(64 * 1024).driveBytes(128L << 20).chunker("fixed", block, block, block)
                    .similarity(false).build();
            try (FlashArray array = FlashArray.create(dir.resolve("a"), cfg)) {
                array.put("gen", g.stream((long) blocks * block));
                ArrayStats s = array.stats();
                assertEquals((long) blocks * block, s.logicalBytes());
                assertEquals(g.distinctBlocks(blocks), s.chunks(), s.toString());
                double measured = (double) s.uniqueBytes() / s.storedBytes();
                assertTrue(Math.abs(measured - compression) / compression < 0.30,
                        "compression " + measured + " for target " + compression);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
