package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing an array while other threads use it. */
class CloseTest {
    @TempDir
    Path dir;

    /** A source that hands out its bytes in small reads and says when the put has started reading. */
    private static ByteArrayInputStream slowSource(byte[] bytes, CountDownLatch started) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                started.countDown();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.read(b, off, Math.min(len, 256 << 10));
            }
        };
    }

    /**
     * close() waits for the put and the get in flight on other threads: the put is acknowledged and
     * durable (it reads back after reopening), the get returns every byte; operations after close are
     * refused with a typed error; close from inside an operation is refused rather than waiting for
     * itself.
     */
    @Test
    void closeWaitsForOperationsInFlightAndRefusesLaterOnes() throws Exception {
        Path a = dir.resolve("a");
        byte[] stored = FlashArrayTest.data(1, 6 << 20, 1.5, 2);
        byte[] big = FlashArrayTest.data(2, 24 << 20, 1.5, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            FlashArray array = FlashArray.create(a, FlashArrayTest.config(dir, 8, 4, 2));
            array.put("stored", new ByteArrayInputStream(stored));
            IllegalStateException inside = assertThrows(IllegalStateException.class,
                    () -> array.put("x", new ByteArrayInputStream(stored), (op, done, total) -> {
                        try {
                            array.close();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
            assertTrue(inside.getMessage().contains("inside an operation"), inside.getMessage());

            CountDownLatch putStarted = new CountDownLatch(1);
            Future<ObjectInfo> put = pool.submit(() -> array.put("big", slowSource(big, putStarted)));
            SlowSink got = new SlowSink(20);
            Future<Long> get = pool.submit(() -> array.get("stored", got));
            assertTrue(putStarted.await(30, TimeUnit.SECONDS) && got.awaitWriting(30));
            array.close();
            assertTrue(put.isDone() && get.isDone(), "close returned before the operations in flight ended");
            assertEquals(big.length, put.get().logicalBytes());
            assertEquals(stored.length, get.get());
            assertArrayEquals(stored, got.toByteArray());
            FlashArrayException closed = assertThrows(FlashArrayException.class, () -> array.stat("stored"));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertThrows(FlashArrayException.class, () -> array.put("late", new ByteArrayInputStream(stored)));
            array.close(); // a second close does nothing
        } finally {
            pool.shutdownNow();
        }
        try (FlashArray array = FlashArray.open(a)) {
            assertArrayEquals(big, array.getBytes("big"));
            assertArrayEquals(stored, array.getBytes("stored"));
            assertEquals(false, array.exists("x"));
        }
    }
}
