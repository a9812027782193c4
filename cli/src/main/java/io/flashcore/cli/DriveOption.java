package io.flashcore.cli;

import io.flashcore.array.FlashArray;
import picocli.CommandLine.Option;

/** The {@code --drive I} option of the commands that act on one drive. */
final class DriveOption {
    @Option(names = "--drive", required = true, paramLabel = "I", description = "The drive, numbered from 0.")
    int drive;

    /** The drive, checked against {@code array}'s drive count; out of range is bad usage naming the range. */
    int of(FlashArray array) {
        int n = array.config().drives().size();
        if (drive < 0 || drive >= n) {
            throw new UsageException("--drive must be in [0, " + n + "), got " + drive);
        }
        return drive;
    }
}
