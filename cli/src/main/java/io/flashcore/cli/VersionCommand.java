package io.flashcore.cli;

import java.util.concurrent.Callable;

import io.flashcore.nativeio.IoUringSupport;
import jdk.incubator.vector.ByteVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashcore version}: the version, the JDK, and which fast paths this machine offers. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version, the JDK, and whether io_uring and the Vector API are available.")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** The flashcore version from the jar manifest, or {@code "dev"} when run from classes. */
    public static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        String java = Runtime.version().toString();
        String vendor = System.getProperty("java.vendor", "?");
        String home = System.getProperty("java.home", "?");
        boolean uring = IoUringSupport.isAvailable();
        int vectorBits = ByteVector.SPECIES_PREFERRED.vectorBitSize();
        if (json) {
            out.println(Json.object()
                    .put("version", version())
                    .put("java", java)
                    .put("javaVendor", vendor)
                    .put("javaHome", home)
                    .put("ioUring", uring)
                    .put("ioUringUnavailableReason", IoUringSupport.unavailableReason().orElse(null))
                    .put("vectorSpecies", ByteVector.SPECIES_PREFERRED.toString())
                    .put("vectorBits", vectorBits)
                    .put("systemZstd", io.flashcore.nativeio.ZstdPrefix.version().orElse(null))
                    .put("systemZstdUnavailableReason", io.flashcore.nativeio.ZstdPrefix.unavailableReason().orElse(null))
                    .put("cores", Runtime.getRuntime().availableProcessors()));
        } else {
            out.println("flashcore " + version());
            out.println("java      " + java + " (" + vendor + ", " + home + ")");
            out.println("io_uring  " + (uring ? "available"
                    : "unavailable: " + IoUringSupport.unavailableReason().orElse("?")
                    + " (the FileChannel back-end is used)"));
            out.println("vector    " + vectorBits + "-bit preferred species ("
                    + ByteVector.SPECIES_PREFERRED.length() + " byte lanes)");
            out.println("libzstd   " + io.flashcore.nativeio.ZstdPrefix.version()
                    .map(v -> v + " (system; deltas against a prefix)")
                    .orElse("unavailable: " + io.flashcore.nativeio.ZstdPrefix.unavailableReason().orElse("?")
                            + " (deltas build a dictionary with zstd-jni)"));
            out.println("cores     " + Runtime.getRuntime().availableProcessors());
        }
        return Main.OK;
    }

    /** Supplies {@code flashcore --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flashcore " + version() + " (java " + Runtime.version() + ")"};
        }
    }
}
