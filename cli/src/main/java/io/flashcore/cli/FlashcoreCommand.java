package io.flashcore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code flashcore} command: prints its usage when run without a subcommand. */
@Command(name = "flashcore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Reduce, protect, place and write data on flash, and price what it costs.",
        subcommands = {
                VersionCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                CreateCommand.class,
                PutCommand.class,
                GetCommand.class,
                LsCommand.class,
                RmCommand.class,
                StatCommand.class,
                FailDriveCommand.class,
                RebuildCommand.class,
                ReplaceDriveCommand.class,
                ScrubCommand.class,
                StatsCommand.class,
                ChunkCommand.class,
                EstimateCommand.class,
                EcCommand.class,
                SimulateCommand.class,
                ReportCommand.class})
public final class FlashcoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
