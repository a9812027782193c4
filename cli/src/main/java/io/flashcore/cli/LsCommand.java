package io.flashcore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import io.flashcore.array.ObjectInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flashcore ls}: the objects of an array, in name order. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the objects (optionally those starting with PREFIX).")
public final class LsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only names starting with PREFIX.")
    String prefix = "";

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ObjectInfo> objects;
        try (FlashArray a = array.open()) {
            objects = a.list(prefix);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ObjectInfo o : objects) {
                list.add(Map.of("name", o.name(), "logicalBytes", o.logicalBytes(), "chunks", o.chunks(),
                        "created", o.created().toString()));
            }
            out.println(Json.object().put("objects", list).put("count", objects.size()));
        } else {
            for (ObjectInfo o : objects) {
                out.printf("%14d  %s  %s%n", o.logicalBytes(), o.created(), o.name());
            }
        }
        return Main.OK;
    }
}
