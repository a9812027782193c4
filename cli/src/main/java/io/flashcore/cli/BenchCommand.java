package io.flashcore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench …}: one subcommand per hot path. Each warms up before it times, runs on one
 * thread unless told otherwise, and prints one JSON object with {@code --json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a hot path on this machine (prints JSON with --json).",
        subcommands = {
                BenchIoCommand.class,
                BenchHashCommand.class,
                BenchIndexCommand.class,
                BenchCompressCommand.class,
                BenchReduceCommand.class,
                BenchIngestCommand.class,
                BenchEcCommand.class,
                BenchPlaceCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
