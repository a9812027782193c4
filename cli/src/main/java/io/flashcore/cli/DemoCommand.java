package io.flashcore.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore demo}: the main job on an embedded default array. Until the array module is
 * composed it describes the run it will make and exits with a failure code, so nobody mistakes
 * the description for a result.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Ingest real data into a 12-drive array, price it, fail two drives, verify, rebuild, scrub, report.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Folder for the array's drive files (default: a temporary folder).")
    Path dir;

    @Option(names = "--input", arity = "1..*", description = "Files or folders to ingest (default: the JDK's own files, plus the shared corpora when present).")
    List<Path> input;

    @Option(names = "--keep", description = "Keep the array after the run.")
    boolean keep;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        String plan = "create 12 drive files -> ingest -> print the bill -> fail 2 drives -> read back and verify"
                + " -> rebuild -> scrub -> write the HTML report";
        if (json) {
            out.println(Json.object().put("objects", 0).put("verified", false).put("report", null)
                    .put("status", "not available yet").put("plan", plan));
        } else {
            out.println("flashcore demo will: " + plan + ".");
            out.println("The composed array is not part of this build yet; nothing was run.");
        }
        return Main.FAILURE;
    }
}
