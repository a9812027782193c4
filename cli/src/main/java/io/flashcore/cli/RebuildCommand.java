package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import io.flashcore.array.RebuildReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashcore rebuild}: moves the shards of failed drives onto the survivors, declustered. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild the shards of failed drives onto the surviving drives.")
public final class RebuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RebuildReport r;
        try (FlashArray a = array.open()) {
            try (Progress p = Progress.start("rebuild", -1, false, json)) {
                r = a.rebuild(p.listener());
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("failedDrives", r.failedDrives()).put("stripesRebuilt", r.stripesRebuilt())
                    .put("shardsRebuilt", r.shardsRebuilt()).put("bytesWritten", r.bytesWritten())
                    .put("writesPerDrive", r.writesPerDrive()).put("unrecoverableStripes", r.unrecoverable())
                    .put("stripesLeftDegraded", r.leftDegraded()).put("seconds", r.seconds()));
        } else {
            out.printf("rebuilt %d shards of %d stripes from drives %s in %.2f s (%s written)%n", r.shardsRebuilt(),
                    r.stripesRebuilt(), r.failedDrives(), r.seconds(), ByteSizes.human(r.bytesWritten()));
            out.println("shards written per drive: " + java.util.Arrays.toString(r.writesPerDrive()));
            if (!r.unrecoverable().isEmpty()) {
                out.println("unrecoverable stripes (more than m shards lost): " + r.unrecoverable());
            }
            if (!r.leftDegraded().isEmpty()) {
                out.println(r.leftDegraded().size() + " stripes left degraded: fewer drives are up than a stripe is"
                        + " wide; they are read through parity until a drive is replaced (replace-drive)");
            }
        }
        return r.unrecoverable().isEmpty() ? Main.OK : Main.FAILURE;
    }
}
