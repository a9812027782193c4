package io.flashcore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flashcore ec …}: erasure-code files, for checks against other Reed-Solomon implementations. */
@Command(name = "ec", mixinStandardHelpOptions = true,
        description = "Erasure-code files with the ISA-L-compatible Reed-Solomon code.",
        subcommands = {EcEncodeCommand.class})
public final class EcCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
