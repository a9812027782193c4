package io.flashcore.array;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

/**
 * The child process of {@link CrashSafetyTest}: puts generated objects into an existing array
 * and prints {@code ACK name} on stdout after each put returns (that is, after it is durable),
 * until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    /** Arguments: array folder, seed, first object number. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int first = Integer.parseInt(args[2]);
        try (FlashArray array = FlashArray.open(dir)) {
            for (int i = first; ; i++) {
                String name = CrashSafetyTest.name(i);
                array.put(name, new ByteArrayInputStream(CrashSafetyTest.content(seed, i)));
                System.out.println("ACK " + name);
                System.out.flush();
            }
        }
    }
}
