package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutInterruptTest {
    @TempDir
    Path dir;

    /**
     * A put interrupted while its stream is being read on the stage-one thread fails with an
     * InterruptedIOException once that read is over (never earlier: the read fills the put's
     * buffers), keeps the interrupt, stores nothing, and leaves its buffers fit for the next put.
     */
    @Test
    void anInterruptedPutFailsTypedAfterItsReaderIsDoneAndTheNextPutIsWhole() throws Exception {
        byte[] data = FlashArrayTest.data(7, 10_000_000, 2, 2);
        int stallAt = 6_000_000; // past the first window: the stage-one thread is the one reading here
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean readAfterRelease = new AtomicBoolean();
        InputStream source = new InputStream() {
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws InterruptedIOException {
                if (pos >= data.length) {
                    return -1;
                }
                if (pos >= stallAt && stalled.getCount() > 0) {
                    stalled.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException("reader interrupted");
                    }
                    readAfterRelease.set(true);
                }
                int n = Math.min(len, data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try (FlashArray array = FlashArray.create(dir.resolve("a"), FlashArrayTest.config(dir, 8, 4, 2))) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread putter = new Thread(() -> {
                try {
                    array.put("big", source);
                } catch (Throwable t) {
                    outcome.set(t);
                }
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            putter.start();
            assertTrue(stalled.await(60, TimeUnit.SECONDS), "the stream was never read past " + stallAt);
            putter.interrupt();
            Thread.sleep(200);
            assertTrue(putter.isAlive(), "the put returned while its stream was still being read");
            release.countDown();
            putter.join(60_000);
            assertFalse(putter.isAlive());
            assertTrue(readAfterRelease.get());
            assertInstanceOf(InterruptedIOException.class, outcome.get(), String.valueOf(outcome.get()));
            assertTrue(interruptKept.get(), "the put cleared its thread's interrupt");
            assertFalse(array.exists("big"));
            // The same buffers and cutter serve the next put.
            array.put("next", new ByteArrayInputStream(data));
            assertArrayEquals(data, array.getBytes("next"));
        }
    }
}
