package io.flashcore.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.FlashArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashcore create}: a new array of sparse drive files (or given devices) and its metadata store. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an array of N drive files (sparse) with k+m erasure coding.")
public final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Option(names = "--drives", required = true, description = "Number of drives.")
    int drives;

    @Option(names = "--k", required = true, description = "Data shards per stripe.")
    int k;

    @Option(names = "--m", required = true, description = "Parity shards per stripe (drive failures tolerated).")
    int m;

    @Option(names = "--drive-size", paramLabel = "BYTES", defaultValue = "64G",
            description = "Bytes per drive file; files are sparse (default: ${DEFAULT-VALUE}).")
    String driveSize;

    @Option(names = "--drive-dir", paramLabel = "DIR", description = "Folder for the drive files (default: DIR/drives).")
    Path driveDir;

    @Option(names = "--shard-size", paramLabel = "BYTES", defaultValue = "128K",
            description = "Bytes per shard slot, header included (default: ${DEFAULT-VALUE}).")
    String shardSize;

    @Option(names = "--chunker", defaultValue = "fastcdc2020",
            description = "fastcdc2020, fastcdc2016, ronomon, fixed or vector (default: ${DEFAULT-VALUE}).")
    String chunker;

    @Option(names = "--avg-chunk", paramLabel = "BYTES", defaultValue = "16K",
            description = "Average chunk bytes; min is a quarter, max four times (default: ${DEFAULT-VALUE}).")
    String avgChunk;

    @Option(names = "--fingerprint", defaultValue = "blake3", description = "blake3 or sha256 (default: ${DEFAULT-VALUE}).")
    String fingerprint;

    @Option(names = "--level", defaultValue = "3", description = "zstd level (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(names = "--no-similarity", description = "Store no chunk as a delta against a similar one.")
    boolean noSimilarity;

    @Option(names = "--drives-per-node", defaultValue = "1",
            description = "Consecutive drives per failure domain (node) (default: ${DEFAULT-VALUE}).")
    int drivesPerNode;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (drives < 1) {
            throw new UsageException("--drives must be at least 1, got " + drives);
        }
        if (k < 1 || m < 0 || k + m > drives) {
            throw new UsageException("--k " + k + " --m " + m + " needs k >= 1, m >= 0 and k+m <= --drives (" + drives
                    + ")");
        }
        int avg = (int) ByteSizes.parse("--avg-chunk", avgChunk);
        String algo = chunker.toLowerCase(java.util.Locale.ROOT);
        ArrayConfig config;
        try {
            ArrayConfig.Builder b = ArrayConfig.builder()
                    .driveFiles(driveDir != null ? driveDir : array.dir.resolve("drives"), drives)
                    .layout(k, m)
                    .driveBytes(ByteSizes.parse("--drive-size", driveSize))
                    .shardBytes((int) Math.min(Integer.MAX_VALUE, ByteSizes.parse("--shard-size", shardSize)))
                    .fingerprint(fingerprint)
                    .compressionLevel(level)
                    .similarity(!noSimilarity)
                    .failureDomains(drivesPerNode, 1);
            if (algo.equals("fixed")) {
                b.chunker(algo, avg, avg, avg);
            } else {
                b.chunker(algo, Math.max(64, avg / 4), avg, avg * 4);
            }
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        FlashArray.create(array.dir, config).close();
        {
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object().put("array", array.dir.toString()).put("arrayId", config.arrayId().toString())
                        .put("drives", drives).put("k", k).put("m", m).put("driveBytes", config.driveBytes())
                        .put("shardBytes", config.shardBytes()));
            } else {
                out.println("created array " + config.arrayId() + " in " + array.dir + ": " + drives + " drives of "
                        + ByteSizes.human(config.driveBytes()) + ", " + k + "+" + m + " stripes of "
                        + ByteSizes.human(config.shardBytes()) + " shards");
            }
        }
        return Main.OK;
    }
}
