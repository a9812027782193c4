package io.flashcore.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.flashcore.array.FlashArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flashcore get}: writes an object to stdout or a file; degraded reads are served from parity. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Write object NAME, or --length bytes of it from --offset on, to stdout or --out FILE.")
public final class GetCommand implements Callable<Integer> {
    @Mixin
    ArrayOption array;

    @Parameters(index = "0", paramLabel = "NAME", description = "The object's name.")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path outFile;

    @Option(names = "--offset", paramLabel = "BYTES",
            description = "Start at this byte of the object, e.g. 4096 or 1M (default: ${DEFAULT-VALUE}).")
    String offset = "0";

    @Option(names = "--length", paramLabel = "BYTES",
            description = "Write at most this many bytes, e.g. 64K (default: to the object's end).")
    String length;

    @Override
    public Integer call() throws Exception {
        long from = ByteSizes.parse("--offset", offset);
        long most = length == null ? Long.MAX_VALUE : ByteSizes.parse("--length", length);
        try (FlashArray a = array.open()) {
            long size = a.stat(name).logicalBytes();
            if (from > size) {
                throw new UsageException("--offset " + offset + " lies beyond the end of '" + name + "' (" + size
                        + " bytes)");
            }
            if (outFile != null) {
                Path tmp = outFile.resolveSibling(outFile.getFileName() + ".part");
                try (OutputStream o = new BufferedOutputStream(new FileOutputStream(tmp.toFile()), 1 << 20);
                     Progress p = Progress.start("get " + name, Math.min(most, size - from), true, false)) {
                    a.get(name, from, most, o, p.listener());
                } catch (Exception e) {
                    java.nio.file.Files.deleteIfExists(tmp);
                    throw e;
                }
                java.nio.file.Files.move(tmp, outFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                // stdout carries the object's bytes: no progress bar.
                OutputStream o = new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 20);
                a.get(name, from, most, o);
                o.flush();
            }
        }
        return Main.OK;
    }
}
