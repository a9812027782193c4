package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flashcore rm}: deletes objects; space of chunks nobody references any more is reclaimed. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete objects NAME...")
public final class RmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The objects to delete.")
    java.util.List<String> names;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (FlashArray a = array.open()) {
            for (String n : names) {
                a.delete(n);
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("deleted", names));
        } else {
            for (String n : names) {
                out.println("deleted " + n);
            }
        }
        return Main.OK;
    }
}
