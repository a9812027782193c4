package io.flashcore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.flashcore.array.FlashArray;
import io.flashcore.nativeio.FaultInjection;
import io.flashcore.nativeio.FaultPlan;
import picocli.CommandLine.Option;

/** The {@code --array D} option the array commands share, and opening the array it names. */
final class ArrayOption {
    @Option(names = "--array", required = true, paramLabel = "DIR", description = "The array's folder.")
    Path dir;

    @Option(names = "--inject", paramLabel = "FAULTS", description = "Drill: inject device faults while the command runs, "
            + "e.g. eio:drive=3:rate=0.01,bitflip:drive=5 (kinds eio, torn, bitflip, stall, powercut, cache; keys drive, "
            + "op, rate, after, count, ms).")
    String inject;

    @Option(names = "--inject-seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the injected faults' random choices (default: ${DEFAULT-VALUE}).")
    long injectSeed;

    /** The fault plan of {@code --inject}, or null; a bad plan is bad usage naming the bad part. */
    FaultPlan faultPlan() {
        if (inject == null) {
            return null;
        }
        try {
            return FaultPlan.parse(inject, injectSeed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--inject: " + e.getMessage());
        }
    }

    /** Opens the array; a folder without one is bad usage naming the folder. */
    FlashArray open() throws IOException {
        if (!Files.isRegularFile(dir.resolve(FlashArray.CONFIG_FILE))) {
            throw new UsageException("no array in " + dir + " (create one with 'flashcore create --array " + dir + "')");
        }
        FaultPlan plan = faultPlan();
        if (plan == null) {
            return FlashArray.open(dir);
        }
        // Faults start once the array is open, so that a drill exercises the command, not the open.
        plan.arm(false);
        FaultInjection.install(plan);
        try {
            return FlashArray.open(dir);
        } finally {
            plan.arm(true);
        }
    }
}
