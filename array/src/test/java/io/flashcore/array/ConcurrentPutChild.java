package io.flashcore.array;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.flashcore.nativeio.FaultInjection;

/**
 * The child process of {@link ConcurrentPowerCutTest}: several threads put small objects into an
 * existing array at once (their commits overlap: one syncs while the others pack), each printing
 * {@code ACK name} after its put returns, until the injected power cut (then it prints {@code CUT}
 * and exits with status 3) or a kill.
 */
public final class ConcurrentPutChild {
    private ConcurrentPutChild() {
    }

    /** Arguments: array folder, content seed, name prefix, threads. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        String prefix = args[2];
        int threads = Integer.parseInt(args[3]);
        var plan = FaultInjection.installed();
        try (FlashArray array = ChildJvm.openArmed(dir, plan)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int j = 0; ; j++) {
                        String name = prefix + "-" + thread + "-" + j;
                        try {
                            array.put(name, new ByteArrayInputStream(ConcurrentPowerCutTest.content(seed, name)));
                        } catch (java.io.IOException e) {
                            if (plan != null && plan.powerLost()) {
                                say("CUT");
                                System.exit(3);
                            }
                            say("FAILED " + name + " " + e);
                            System.exit(4);
                        }
                        say("ACK " + name);
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
