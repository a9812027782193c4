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

    @Mixin
    DriveOption drive;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int d;
        try (FlashArray a = array.open()) {
            d = drive.of(a);
            a.failDrive(d);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("failedDrive", d));
        } else {
            out.println("drive " + d + " marked failed; reads are served from parity until 'flashcore rebuild'");
        }
        return Main.OK;
    }
}
