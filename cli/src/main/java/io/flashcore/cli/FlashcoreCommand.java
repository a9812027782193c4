package io.flashcore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code flashcore} command: prints its usage when run without a subcommand. Its
 * subcommands are registered by {@link Main} ({@link #NAMES}, {@link #subcommand}), only the one
 * asked for when there is one: picocli builds a command's model by reflection when it is
 * registered, and building all of them took a one-shot command ~0.2 s of start-up.
 */
@Command(name = "flashcore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Reduce, protect, place and write data on flash, and price what it costs.")
public final class FlashcoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean debug;

    /** The subcommands' names, in the order the usage lists them. */
    static final java.util.List<String> NAMES = java.util.List.of("version", "demo", "bench", "create", "put", "get",
            "ls", "rm", "stat", "fail-drive", "rebuild", "replace-drive", "scrub", "stats", "chunk", "estimate", "ec",
            "simulate", "report");

    /** A new instance of subcommand {@code name}, or null when there is no such subcommand. */
    static Object subcommand(String name) {
        return switch (name) {
            case "version" -> new VersionCommand();
            case "demo" -> new DemoCommand();
            case "bench" -> new BenchCommand();
            case "create" -> new CreateCommand();
            case "put" -> new PutCommand();
            case "get" -> new GetCommand();
            case "ls" -> new LsCommand();
            case "rm" -> new RmCommand();
            case "stat" -> new StatCommand();
            case "fail-drive" -> new FailDriveCommand();
            case "rebuild" -> new RebuildCommand();
            case "replace-drive" -> new ReplaceDriveCommand();
            case "scrub" -> new ScrubCommand();
            case "stats" -> new StatsCommand();
            case "chunk" -> new ChunkCommand();
            case "estimate" -> new EstimateCommand();
            case "ec" -> new EcCommand();
            case "simulate" -> new SimulateCommand();
            case "report" -> new ReportCommand();
            default -> null;
        };
    }

    /**
     * The top-level command line with the subcommand {@code args} name registered, or all of them when
     * they name none (usage, help, a mistyped name: picocli then lists or suggests them all).
     */
    static picocli.CommandLine commandLine(String... args) {
        picocli.CommandLine cl = new picocli.CommandLine(new FlashcoreCommand());
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        Object only = first == null ? null : subcommand(first);
        if (only != null) {
            cl.addSubcommand(only);
        } else {
            for (String name : NAMES) {
                cl.addSubcommand(subcommand(name));
            }
        }
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
