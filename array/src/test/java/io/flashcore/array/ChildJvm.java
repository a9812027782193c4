package io.flashcore.array;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.flashcore.nativeio.FaultInjection;
import io.flashcore.nativeio.FaultPlan;

/** Child JVMs of the crash tests: the command that starts one, and the array a child opens. */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The command running {@code main} with {@code args} on this JVM's class path and the flags the array
     * needs, with fault plan {@code faults} (seeded with {@code faultSeed}) installed when not null.
     */
    static List<String> command(Class<?> main, String faults, long faultSeed, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        for (String check : new String[] {"flashcore.array.verifySlotMaps", "flashcore.array.verifyUnreferencedMarks"}) {
            if (Boolean.getBoolean(check)) {
                cmd.add("-D" + check + "=true");
            }
        }
        if (faults != null) {
            cmd.add("-D" + FaultInjection.PROPERTY + "=" + faults);
            cmd.add("-D" + FaultInjection.SEED_PROPERTY + "=" + faultSeed);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Opens the array in {@code dir} with the installed fault plan (if any) disarmed, then arms it. */
    static FlashArray openArmed(Path dir, FaultPlan plan) throws java.io.IOException {
        if (plan != null) {
            plan.arm(false);
        }
        FlashArray array = FlashArray.open(dir);
        if (plan != null) {
            plan.arm(true);
        }
        return array;
    }

    /**
     * A child's standard output read to its end on a thread of its own: every line, and how many
     * start with {@code ACK }. Kill the child through its {@code ProcessHandle}, not
     * {@code Process.destroyForcibly}, which also closes the pipe and loses the lines not read yet.
     */
    static final class Output {
        private final List<String> lines = new ArrayList<>();
        private final AtomicInteger acks = new AtomicInteger();
        private final AtomicReference<IOException> failure = new AtomicReference<>();
        private final Thread reader;

        Output(Process p) {
            reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = br.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.startsWith("ACK ")) {
                            acks.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    failure.set(e);
                }
            });
        }

        /** Lines starting with {@code ACK } so far. */
        int acks() {
            return acks.get();
        }

        /** Waits for the end of the output (the child has ended) and returns every line; a failed read fails the test. */
        List<String> lines() throws InterruptedException {
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError("reading the child's output failed", failure.get());
            }
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }
    }
}
