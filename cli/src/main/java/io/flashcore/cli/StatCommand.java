package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import io.flashcore.array.ObjectInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flashcore stat}: one object's size, chunk count and creation time. */
@Command(name = "stat", mixinStandardHelpOptions = true, description = "Describe object NAME.")
public final class StatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Parameters(index = "0", paramLabel = "NAME", description = "The object's name.")
    String name;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ObjectInfo o;
        try (FlashArray a = array.open()) {
            o = a.stat(name);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("name", o.name()).put("logicalBytes", o.logicalBytes())
                    .put("chunks", o.chunks()).put("created", o.created().toString()));
        } else {
            out.println("name     " + o.name());
            out.println("size     " + o.logicalBytes() + " bytes (" + ByteSizes.human(o.logicalBytes()) + ")");
            out.println("chunks   " + o.chunks());
            out.println("created  " + o.created());
        }
        return Main.OK;
    }
}
