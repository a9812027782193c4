package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import io.flashcore.array.ReplaceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore replace-drive}: puts a failed or rebuilt-away drive back into service on the device
 * now at its path, restoring the shards the array still needs there.
 */
@Command(name = "replace-drive", mixinStandardHelpOptions = true,
        description = {"Put drive I (numbered from 0), failed or out, back into service on the device now at its "
                + "configured path (a missing drive file is created): a failed drive's shards are rebuilt onto it "
                + "from the other drives; an out drive comes back empty."})
public final class ReplaceDriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Mixin
    DriveOption drive;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ReplaceReport r;
        try (FlashArray a = array.open()) {
            int d = drive.of(a);
            try (Progress p = Progress.start("replace", -1, false, json)) {
                r = a.replaceDrive(d, p.listener());
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("drive", r.drive()).put("previousState", r.previousState())
                    .put("stripesChecked", r.stripesChecked()).put("shardsRestored", r.shardsRestored())
                    .put("unrepairableStripes", r.unrepairable()).put("seconds", r.seconds()));
        } else {
            out.printf("drive %d (was %s) is back in service: restored %d shards of %d stripes in %.2f s%n", r.drive(),
                    r.previousState().toLowerCase(java.util.Locale.ROOT), r.shardsRestored(), r.stripesChecked(),
                    r.seconds());
            if (!r.unrepairable().isEmpty()) {
                out.println("unrepairable stripes (more than m shards bad): " + r.unrepairable());
            }
        }
        return r.unrepairable().isEmpty() ? Main.OK : Main.FAILURE;
    }
}
