package io.flashcore.cli;

import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import io.flashcore.array.ObjectInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flashcore put}: stores a file (or stdin) as a named object; durable when it returns. */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Store FILE (or - for stdin) as object NAME.")
public final class PutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOption array;

    @Parameters(index = "0", paramLabel = "NAME", description = "The object's name.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file to store, or - for stdin.")
    String file;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
            throw new UsageException("no such file: " + file);
        }
        long t0 = System.nanoTime();
        ObjectInfo info;
        long missing;
        try (FlashArray a = array.open();
             ReadableByteChannel in = file.equals("-") ? Channels.newChannel(System.in) : FileChannel.open(Path.of(file))) {
            long total = file.equals("-") ? -1 : Files.size(Path.of(file));
            try (Progress p = Progress.start("put " + name, total, true, json)) {
                info = a.put(name, in, p.listener());
            }
            missing = a.metrics().shardsWrittenMissing();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("name", info.name()).put("logicalBytes", info.logicalBytes())
                    .put("chunks", info.chunks()).put("seconds", secs).put("shardsWrittenMissing", missing));
        } else {
            out.println("stored " + info.name() + ": " + ByteSizes.human(info.logicalBytes()) + " in " + info.chunks()
                    + " chunks");
        }
        if (missing > 0) {
            spec.commandLine().getErr().println("flashcore: warning: drives are down: " + missing + " shards were"
                    + " written missing (degraded stripes, one shard of redundancy less); replace-drive or scrub"
                    + " writes them once drives are back");
        }
        return Main.OK;
    }
}
