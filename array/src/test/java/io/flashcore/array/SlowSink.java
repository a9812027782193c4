package io.flashcore.array;

import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/** A get's sink that keeps what it is given, says when the first bytes arrive, and takes its time over each write. */
final class SlowSink extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CountDownLatch writing = new CountDownLatch(1);
    private final long millisPerWrite;

    SlowSink(long millisPerWrite) {
        this.millisPerWrite = millisPerWrite;
    }

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws InterruptedIOException {
        writing.countDown();
        try {
            Thread.sleep(millisPerWrite);
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
        synchronized (this) {
            bytes.write(b, off, len);
        }
    }

    /** Waits until the first bytes were handed over; false after {@code seconds}. */
    boolean awaitWriting(long seconds) throws InterruptedException {
        return writing.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    synchronized byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
