package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import io.flashcore.array.ScrubReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashcore scrub}: verifies every shard and parity, repairs what it can, reports what it cannot. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Verify every shard (header, CRC32C, parity) and repair bad ones from parity.")
public final class ScrubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ScrubReport r;
        try (FlashArray a = array.open()) {
            try (Progress p = Progress.start("scrub", -1, false, json)) {
                r = a.scrub(p.listener());
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("stripesChecked", r.stripesChecked()).put("shardsChecked", r.shardsChecked())
                    .put("corruptShards", r.corruptShards()).put("repairedShards", r.repairedShards())
                    .put("missingShards", r.missingShards()).put("parityMismatches", r.parityMismatches())
                    .put("unrepairableStripes", r.unrepairableStripes()).put("clean", r.clean()));
        } else {
            out.printf("scrubbed %d stripes, %d shards: %d corrupt, %d repaired, %d missing (failed drives), "
                            + "%d parity mismatches%n", r.stripesChecked(), r.shardsChecked(), r.corruptShards(),
                    r.repairedShards(), r.missingShards(), r.parityMismatches());
            if (!r.unrepairableStripes().isEmpty()) {
                out.println("unrepairable stripes: " + r.unrepairableStripes());
            }
        }
        return r.unrepairableStripes().isEmpty() ? Main.OK : Main.FAILURE;
    }
}
