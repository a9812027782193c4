package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashcore fail-drive}: marks a drive failed, as if it had been lost; reads go degraded until a rebuild. */
@Command(name = "fail-drive", mixinStandardHelpOptions = true,
        description = "Mark drive I (numbered from 0) failed: it is no longer read or written.")
public final class FailDriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Option(names = "--drive", required = true, paramLabel = "I", description = "The drive, numbered from 0.")
    int drive;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (FlashArray a = array.open()) {
            int n = a.config().drives().size();
            if (drive < 0 || drive >= n) {
                throw new UsageException("--drive must be in [0, " + n + "), got " + drive);
            }
            a.failDrive(drive);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("failedDrive", drive));
        } else {
            out.println("drive " + drive + " marked failed; reads are served from parity until 'flashcore rebuild'");
        }
        return Main.OK;
    }
}
