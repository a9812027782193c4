package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A get racing a delete or a replacement of its object returns the whole object it started on or
 * fails with {@link ObjectNotFoundException} / {@link ObjectChangedException} — never a corruption
 * report, which would send an operator after damage that is not there.
 */
class ReadWhileDeletedTest {
    @TempDir
    Path dir;

    @Test
    void aGetRacingADeleteOrReplacementIsWholeOrNotFoundNeverCorrupt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int whole = 0;
        int gone = 0;
        try (FlashArray array = FlashArray.create(dir.resolve("a"), FlashArrayTest.config(dir, 8, 4, 2))) {
            for (int round = 0; round < 8; round++) {
                byte[] bytes = FlashArrayTest.data(100 + round, 24 << 20, 1, 2); // 6 runs of 4 MiB: more than a get decodes ahead
                array.put("x", new ByteArrayInputStream(bytes));
                SlowSink got = new SlowSink(30); // a slow reader: later runs are looked up after the removal
                Future<Long> get = pool.submit(() -> array.get("x", got));
                assertTrue(got.awaitWriting(30));
                if (round % 2 == 0) {
                    array.delete("x");
                } else {
                    array.put("x", new ByteArrayInputStream(FlashArrayTest.data(500 + round, 3 << 20, 1, 2)));
                }
                try {
                    get.get();
                    assertArrayEquals(bytes, got.toByteArray(), "round " + round);
                    whole++;
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    assertTrue(c instanceof ObjectNotFoundException || c instanceof ObjectChangedException,
                            "round " + round + ": " + c);
                    gone++;
                }
                if (array.exists("x")) {
                    array.delete("x");
                }
            }
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, "after the races");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(gone > 0, "no get met its object's removal (whole " + whole + ")");
    }
}
