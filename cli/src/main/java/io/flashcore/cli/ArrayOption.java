package io.flashcore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.flashcore.array.FlashArray;
import picocli.CommandLine.Option;

/** The {@code --array D} option the array commands share, and opening the array it names. */
final class ArrayOption {
    @Option(names = "--array", required = true, paramLabel = "DIR", description = "The array's folder.")
    Path dir;

    /** Opens the array; a folder without one is bad usage naming the folder. */
    FlashArray open() throws IOException {
        if (!Files.isRegularFile(dir.resolve(FlashArray.CONFIG_FILE))) {
            throw new UsageException("no array in " + dir + " (create one with 'flashcore create --array " + dir + "')");
        }
        return FlashArray.open(dir);
    }
}
