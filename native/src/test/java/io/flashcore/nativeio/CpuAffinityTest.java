package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class CpuAffinityTest {
    /** Runs {@code body} on a fresh thread, so pinning never touches the test runner's own thread. */
    private static void onOwnThread(ThrowingRunnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @Test
    void aPinnedThreadRunsOnlyOnItsCpu() throws Throwable {
        assumeTrue(CpuAffinity.isAvailable(), "libc not available");
        int[] allowed = CpuAffinity.currentThreadCpus();
        assertTrue(allowed.length > 0, "the calling thread may run on no CPU?");
        int last = allowed[allowed.length - 1];
        onOwnThread(() -> {
            CpuAffinity.pinCurrentThread(last);
            assertArrayEquals(new int[] {last}, CpuAffinity.currentThreadCpus());
        });
        // The other threads keep their CPUs.
        assertArrayEquals(allowed, CpuAffinity.currentThreadCpus());
    }

    @Test
    void aCpuOutsideTheSetIsATypedErrorNamingIt() throws Throwable {
        assumeTrue(CpuAffinity.isAvailable(), "libc not available");
        onOwnThread(() -> {
            IOException e = assertThrows(IOException.class, () -> CpuAffinity.pinCurrentThread(8191));
            assertTrue(e.getMessage().contains("cpu 8191") && e.getMessage().contains("EINVAL"), e.getMessage());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> CpuAffinity.pinCurrentThread(-1));
            assertTrue(bad.getMessage().contains("-1"), bad.getMessage());
        });
    }
}
