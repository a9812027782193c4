package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

class WindowHandOffTest {
    /**
     * A helper that fails with an Error (an OutOfMemoryError, say) hands it over as it is: the putting
     * thread's take ends with it instead of waiting for a window that never comes.
     */
    @Test
    void shouldHandAHelpersErrorToTheTakingThread() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            FlashArray.WindowHandOff h = new FlashArray.WindowHandOff();
            OutOfMemoryError oom = new OutOfMemoryError("simulated");
            h.start(pool, () -> {
                throw oom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, h::take);
            assertSame(oom, e.getCause());
            h.awaitQuietly(); // nothing pending any more: returns at once
        } finally {
            pool.shutdownNow();
        }
    }
}
