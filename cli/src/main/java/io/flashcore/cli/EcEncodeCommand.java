package io.flashcore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.flashcore.placement.ec.EcBackend;
import io.flashcore.placement.ec.ReedSolomon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore ec encode}: reads k data shard files and writes {@code parity-0} …
 * {@code parity-(m-1)} into a folder. Shorter shards are padded with zero bytes to the longest, as a
 * stripe's shards all have one length.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Write parity-0 ... parity-(m-1) for k data shard files (ISA-L Cauchy Reed-Solomon).")
public final class EcEncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--k", required = true, description = "Data shards: the number of SHARD files.")
    int k;

    @Option(names = "--m", required = true, description = "Parity shards to write.")
    int m;

    @Option(names = "--out", required = true, description = "Folder for the parity files (created if missing).")
    Path out;

    @Option(names = "--backend", defaultValue = "java", description = "java, isal or auto (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "The k data shard files, in shard order.")
    List<Path> shards;

    @Override
    public Integer call() throws IOException {
        if (k < 1 || m < 1 || k + m > ReedSolomon.MAX_TOTAL_SHARDS) {
            throw new UsageException("--k " + k + " --m " + m + ": expected k >= 1, m >= 1, k + m <= 256");
        }
        if (shards.size() != k) {
            throw new UsageException(shards.size() + " SHARD files given, expected --k " + k);
        }
        EcBackend be = switch (backend.toLowerCase(Locale.ROOT)) {
            case "java" -> EcBackend.JAVA;
            case "isal" -> EcBackend.ISAL;
            case "auto" -> EcBackend.AUTO;
            default -> throw new UsageException("--backend " + backend + ": expected java, isal or auto");
        };
        if (!be.isAvailable()) {
            throw new UsageException("--backend isal: ISA-L is not available here");
        }
        byte[][] stripe = new byte[k + m][];
        int len = 0;
        for (int i = 0; i < k; i++) {
            long size = Files.size(shards.get(i));
            if (size > Integer.MAX_VALUE - 64) {
                throw new UsageException(shards.get(i) + " is " + size + " bytes; shards up to 2 GiB are supported");
            }
            len = Math.max(len, (int) size);
        }
        for (int i = 0; i < k; i++) {
            byte[] b = Files.readAllBytes(shards.get(i));
            stripe[i] = b.length == len ? b : java.util.Arrays.copyOf(b, len);
        }
        for (int i = k; i < k + m; i++) {
            stripe[i] = new byte[len];
        }
        ReedSolomon rs = ReedSolomon.create(k, m, be);
        rs.encode(stripe, 0, len);
        Files.createDirectories(out);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            Path p = out.resolve("parity-" + i);
            Files.write(p, stripe[k + i]);
            written.add(p.toString());
        }
        var o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.object().put("k", k).put("m", m).put("shardBytes", len).put("code", rs.kind().id())
                    .put("parity", written));
        } else {
            o.printf(Locale.ROOT, "%s %d+%d, %d-byte shards: wrote %s%n", rs.kind().id(), k, m, len,
                    String.join(", ", written));
        }
        return Main.OK;
    }
}
