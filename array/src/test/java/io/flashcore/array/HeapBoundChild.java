package io.flashcore.array;

import java.nio.file.Path;

import io.flashcore.testdata.DataGenerator;

/**
 * A child JVM (run with a small {@code -Xmx}) that puts an object of more small chunks than its heap can
 * hold until the commit, then a small one; prints {@code TOO_LARGE <message>}, {@code OUT_OF_MEMORY} or
 * {@code STORED} for the first and {@code SMALL_STORED} when the second is read back whole.
 */
final class HeapBoundChild {
    private HeapBoundChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        ArrayConfig cfg = ArrayConfig.builder().driveFiles(dir.resolve("drives"), 6).layout(4, 2)
                .shardBytes(64 * 1024).driveBytes(256L << 20).chunker("fastcdc2020", 64, 256, 1024).build();
        try (FlashArray array = FlashArray.create(dir.resolve("a"), cfg)) {
            try {
                array.put("huge", DataGenerator.of(1, 1, 1, 65536).stream(bytes));
                System.out.println("STORED");
            } catch (ObjectTooLargeException e) {
                System.out.println("TOO_LARGE " + e.getMessage());
            } catch (OutOfMemoryError e) {
                System.out.println("OUT_OF_MEMORY");
            }
            System.out.println(array.exists("huge") ? "HUGE_VISIBLE" : "HUGE_ABSENT");
            byte[] small = DataGenerator.of(2, 1, 2, 65536).bytes(100_000);
            array.put("small", new java.io.ByteArrayInputStream(small));
            System.out.println(java.util.Arrays.equals(small, array.getBytes("small")) ? "SMALL_STORED" : "SMALL_WRONG");
        }
    }
}
