package io.flashcore.nativeio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Operations queued to run one after another, in queue order, when the queue is run, and their
 * results until handed over: the bookkeeping shared by the engines that run each operation
 * synchronously ({@link FileChannelEngine}, {@link FaultInjectingIoEngine}). An operation linked
 * to one that failed does not run and fails with ECANCELED, as with io_uring.
 *
 * <p>Not thread-safe, like the engines that own one.
 */
final class SerialQueue {
    /** One queued operation; {@code kind} is one of {@link IoUringEngine}'s {@code K_*} kinds. */
    record Op(byte kind, BlockDevice device, long offset, long length, MemorySegment segment, int mode, long tag,
            boolean linkedFromPrevious) {
    }

    /** Runs one operation and returns the bytes it transferred; its failure fails that operation only. */
    @FunctionalInterface
    interface Runner {
        long run(Op op) throws IOException;
    }

    private final int capacity;
    private final Runner runner;
    private final ArrayDeque<Op> queued = new ArrayDeque<>();
    private final FinishedOps finished = new FinishedOps();
    private boolean linkPending;

    private boolean closed;

    /** A queue that runs itself before it would hold more than {@code capacity} unlinked operations. */
    SerialQueue(int capacity, Runner runner) {
        this.capacity = capacity;
        this.runner = runner;
    }

    /** Links the operation queued last to the next one queued (see {@link IoEngine#linkWithNext()}). */
    void linkWithNext() {
        if (queued.isEmpty()) {
            throw new IllegalStateException("linkWithNext() must directly follow queueing the operation it links");
        }
        linkPending = true;
    }

    /**
     * Queues an operation, linked to the previous one if {@link #linkWithNext()} was called since;
     * runs what is queued first when the queue is full and the operation is not linked.
     */
    void add(byte kind, BlockDevice device, long offset, long length, MemorySegment segment, int mode, long tag) {
        Op op = new Op(kind, device, offset, length, segment, mode, tag, linkPending);
        linkPending = false;
        if (queued.size() >= capacity && !op.linkedFromPrevious()) {
            run();
        }
        queued.add(op);
    }

    /** Runs every queued operation in order, recording each result; returns how many ran or were cancelled. */
    int run() {
        int n = 0;
        boolean previousFailed = false;
        while (!queued.isEmpty()) {
            Op op = queued.poll();
            n++;
            if (op.linkedFromPrevious() && previousFailed) {
                finished.add(op.tag(), 0, failure(op, Errno.ECANCELED, "not run: the operation linked before it failed",
                        null));
                continue;
            }
            try {
                finished.add(op.tag(), runner.run(op), null);
                previousFailed = false;
            } catch (IOException e) {
                finished.add(op.tag(), 0, e);
                previousFailed = true;
            }
        }
        return n;
    }

    /** Runs what is queued, then hands every result to {@code handler} (see {@link IoEngine#poll}). */
    int poll(IoCompletionHandler handler) {
        ensureOpen();
        java.util.Objects.requireNonNull(handler, "handler");
        run();
        return finished.drainTo(handler);
    }

    /** {@link IoEngine#submit}: runs what is queued. */
    int submit() {
        ensureOpen();
        return run();
    }

    /** {@link IoEngine#awaitAll}: runs what is queued and throws the first failure among the results. */
    void awaitAll() throws IOException {
        ensureOpen();
        run();
        IOException f = drainFailures();
        if (f != null) {
            throw f;
        }
    }

    /** Throws {@link IllegalStateException} once the engine owning this queue is closed. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("I/O engine is closed");
        }
    }

    /**
     * Closes the queue for its engine: runs what is queued, so nothing accepted is dropped; false
     * when it was closed before (the engine's close then does nothing more). The results stay for
     * {@link #drainFailures}.
     */
    boolean close() {
        if (closed) {
            return false;
        }
        run();
        closed = true;
        return true;
    }

    /** Drops every recorded result and returns the first failure among them, others suppressed, or null. */
    IOException drainFailures() {
        return finished.drainFailures();
    }

    /** Operations queued or finished and not yet handed over. */
    int outstanding() {
        return queued.size() + finished.size();
    }

    /** The failure of {@code op}, naming its operation, path, offset and length (0 for syncs). */
    static DeviceIoException failure(Op op, int errno, String detail, Throwable cause) {
        boolean whole = op.kind() == IoUringEngine.K_FSYNC || op.kind() == IoUringEngine.K_FDATASYNC;
        DeviceIoException e = new DeviceIoException(IoUringEngine.KIND_NAMES[op.kind()], op.device().path(),
                whole ? 0 : op.offset(), whole ? 0 : op.length(), errno, detail);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
