package io.flashcore.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.flashcore.array.ArrayStats;
import io.flashcore.array.DriveInfo;
import io.flashcore.array.FlashArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashcore stats}: the array's space accounting: logical, unique, stored, physical and metadata bytes. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print logical, unique, stored, physical and metadata bytes, the ratios and per-drive fill.")
public final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ArrayStats s;
        String layout;
        try (FlashArray a = array.open()) {
            a.flushMetadata();
            s = a.stats();
            layout = a.config().k() + "+" + a.config().m();
        }
        var out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> drives = new ArrayList<>();
            for (DriveInfo d : s.drives()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("drive", d.index());
                m.put("state", d.state());
                m.put("usedBytes", d.usedBytes());
                m.put("fill", d.fill());
                drives.add(m);
            }
            out.println(Json.object().put("logicalBytes", s.logicalBytes()).put("uniqueBytes", s.uniqueBytes())
                    .put("storedBytes", s.storedBytes()).put("physicalBytes", s.physicalBytes())
                    .put("metadataBytes", s.metadataBytes()).put("objects", s.objects()).put("chunks", s.chunks())
                    .put("stripes", s.stripes()).put("degradedStripes", s.degradedStripes()).put("layout", layout).put("dedupRatio", s.dedupRatio())
                    .put("compressionRatio", s.compressionRatio()).put("reductionRatio", s.reductionRatio())
                    .put("physicalPerLogical", s.physicalPerLogical()).put("metadataFraction", s.metadataFraction())
                    .put("liveBytes", s.liveBytes()).put("deadBytes", s.deadBytes()).put("unfilledBytes", s.unfilledBytes())
                    .put("spaceAmplification", s.spaceAmplification())
                    .put("drives", drives));
        } else {
            out.printf("objects    %d (%d unique chunks, %d stripes of %s)%n", s.objects(), s.chunks(), s.stripes(), layout);
            if (s.degradedStripes() > 0) {
                out.printf("degraded   %d stripes miss a shard (drives down): scrub or replace-drive writes them%n",
                        s.degradedStripes());
            }
            out.printf("logical    %s%n", ByteSizes.human(s.logicalBytes()));
            out.printf("unique     %s  (dedup %.2fx)%n", ByteSizes.human(s.uniqueBytes()), s.dedupRatio());
            out.printf("stored     %s  (compression %.2fx, reduction %.2fx)%n", ByteSizes.human(s.storedBytes()),
                    s.compressionRatio(), s.reductionRatio());
            out.printf("physical   %s  (parity and headers: %.2fx stored)%n", ByteSizes.human(s.physicalBytes()),
                    s.physicalOverhead());
            out.printf("space amp  %.3fx  (physical over live data with parity; dead %s awaiting compaction, unfilled %s)%n",
                    s.spaceAmplification(), ByteSizes.human(s.deadBytes()), ByteSizes.human(s.unfilledBytes()));
            out.printf("metadata   %s  (%.3f %% of logical)%n", ByteSizes.human(s.metadataBytes()),
                    100 * s.metadataFraction());
            for (DriveInfo d : s.drives()) {
                out.printf("drive %3d  %-6s %10s  %6.3f %% full%s%n", d.index(), d.state(), ByteSizes.human(d.usedBytes()),
                        100 * d.fill(), d.problem() == null ? "" : "  (" + d.problem() + ")");
            }
        }
        return Main.OK;
    }
}
