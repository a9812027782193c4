package io.flashcore.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The portable {@link IoEngine}: queued operations run one after another with positional
 * {@link FileChannel} calls when submitted (or when the queue is full). Same checks, errors and
 * link semantics as the io_uring back-end; no parallelism within one engine.
 *
 * <p>Not thread-safe (see {@link IoEngine}).
 */
final class FileChannelEngine implements IoEngine {
    private record Op(byte kind, BlockDevice device, long offset, long length, MemorySegment segment, int mode,
            long tag, boolean linkedFromPrevious) {
    }

    private static final String[] KIND_NAMES = {"write", "read", "fsync", "fdatasync", "fallocate", "discard"};

    private final int capacity;
    private final ArrayDeque<Op> queued = new ArrayDeque<>();
    private final FinishedOps finished = new FinishedOps();
    private boolean linkPending;
    private boolean closed;

    FileChannelEngine(IoEngineConfig config) {
        capacity = config.queueDepth();
    }

    @Override
    public IoBackend backend() {
        return IoBackend.FILECHANNEL;
    }

    @Override
    public int queueDepth() {
        return capacity;
    }

    @Override
    public void registerBuffers(BufferPool pool) {
        ensureOpen();
        Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void write(BlockDevice d, long off, MemorySegment source, long tag) throws IOException {
        d.ensureWritable("write");
        transfer(IoUringEngine.K_WRITE, d, off, source, tag);
    }

    @Override
    public void read(BlockDevice d, long off, MemorySegment destination, long tag) throws IOException {
        d.ensureOpen();
        if (destination.isReadOnly()) {
            throw new IllegalArgumentException("read into a read-only segment");
        }
        transfer(IoUringEngine.K_READ, d, off, destination, tag);
    }

    private void transfer(byte k, BlockDevice d, long off, MemorySegment seg, long tag) throws IOException {
        ensureOpen();
        if (!seg.isNative()) {
            throw new IllegalArgumentException(KIND_NAMES[k] + " needs a native segment, got a heap segment");
        }
        IoUringEngine.checkRange(d, off, seg.byteSize(), IoUringEngine.MAX_TRANSFER_BYTES);
        AlignmentException.check(d, off, seg.byteSize(), seg.address());
        enqueue(new Op(k, d, off, seg.byteSize(), seg, 0, tag, takeLink()));
    }

    @Override
    public void fdatasync(BlockDevice d, long tag) throws IOException {
        d.ensureWritable("fdatasync");
        ensureOpen();
        enqueue(new Op(IoUringEngine.K_FDATASYNC, d, 0, 0, null, 0, tag, takeLink()));
    }

    @Override
    public void fsync(BlockDevice d, long tag) throws IOException {
        d.ensureWritable("fsync");
        ensureOpen();
        enqueue(new Op(IoUringEngine.K_FSYNC, d, 0, 0, null, 0, tag, takeLink()));
    }

    @Override
    public void fallocate(BlockDevice d, int mode, long off, long len, long tag) throws IOException {
        d.ensureWritable("fallocate");
        ensureOpen();
        IoUringEngine.checkRange(d, off, len, Long.MAX_VALUE);
        if (d.isBlockDevice()) {
            throw new IllegalArgumentException("fallocate on block device " + d.path() + ": use discard");
        }
        enqueue(new Op(IoUringEngine.K_FALLOCATE, d, off, len, null, mode, tag, takeLink()));
    }

    @Override
    public void discard(BlockDevice d, long off, long len, long tag) throws IOException {
        d.ensureWritable("discard");
        ensureOpen();
        IoUringEngine.checkRange(d, off, len, Long.MAX_VALUE);
        AlignmentException.check(d, off, len, 0);
        enqueue(new Op(IoUringEngine.K_DISCARD, d, off, len, null, 0, tag, takeLink()));
    }

    @Override
    public void linkWithNext() {
        ensureOpen();
        if (queued.isEmpty()) {
            throw new IllegalStateException("linkWithNext() must directly follow queueing the operation it links");
        }
        linkPending = true;
    }

    private boolean takeLink() {
        boolean l = linkPending;
        linkPending = false;
        return l;
    }

    private void enqueue(Op op) {
        if (queued.size() >= capacity && !op.linkedFromPrevious()) {
            runQueued();
        }
        queued.add(op);
    }

    private int runQueued() {
        int n = 0;
        boolean previousFailed = false;
        while (!queued.isEmpty()) {
            Op op = queued.poll();
            n++;
            if (op.linkedFromPrevious() && previousFailed) {
                finished.add(op.tag(), 0, failure(op, Errno.ECANCELED,
                        "not run: the operation linked before it failed", null));
                continue;
            }
            try {
                finished.add(op.tag(), run(op), null);
                previousFailed = false;
            } catch (DeviceIoException e) {
                finished.add(op.tag(), 0, e);
                previousFailed = true;
            } catch (IOException | RuntimeException e) {
                finished.add(op.tag(), 0, failure(op, 0, e.getMessage() != null ? e.getMessage() : e.toString(), e));
                previousFailed = true;
            }
        }
        return n;
    }

    private static DeviceIoException failure(Op op, int errno, String detail, Throwable cause) {
        boolean whole = op.kind() == IoUringEngine.K_FSYNC || op.kind() == IoUringEngine.K_FDATASYNC;
        DeviceIoException e = new DeviceIoException(KIND_NAMES[op.kind()], op.device().path(),
                whole ? 0 : op.offset(), whole ? 0 : op.length(), errno, detail);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static long run(Op op) throws IOException {
        BlockDevice d = op.device();
        d.ensureOpen();
        switch (op.kind()) {
            case IoUringEngine.K_WRITE -> {
                FileChannel ch = d.channel();
                ByteBuffer b = op.segment().asByteBuffer();
                long pos = op.offset();
                while (b.hasRemaining()) {
                    int w = ch.write(b, pos);
                    pos += w;
                }
                return op.length();
            }
            case IoUringEngine.K_READ -> {
                FileChannel ch = d.channel();
                ByteBuffer b = op.segment().asByteBuffer();
                long pos = op.offset();
                while (b.hasRemaining()) {
                    int r = ch.read(b, pos);
                    if (r < 0) {
                        throw failure(op, 0, "end of file after " + (pos - op.offset()) + " bytes", null);
                    }
                    pos += r;
                }
                return op.length();
            }
            case IoUringEngine.K_FSYNC -> {
                d.channel().force(true);
                return 0;
            }
            case IoUringEngine.K_FDATASYNC -> {
                d.channel().force(false);
                return 0;
            }
            case IoUringEngine.K_FALLOCATE -> {
                if (d.fd() < 0) {
                    throw failure(op, Errno.EOPNOTSUPP, "fallocate needs libc", null);
                }
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment st = Libc.newCallState(a);
                    if (Libc.fallocate(st, d.fd(), op.mode(), op.offset(), op.length()) < 0) {
                        throw failure(op, Libc.errno(st), null, null);
                    }
                }
                return 0;
            }
            case IoUringEngine.K_DISCARD -> {
                d.discardNow(op.offset(), op.length());
                return 0;
            }
            default -> throw new AssertionError(op.kind());
        }
    }

    @Override
    public int submit() {
        ensureOpen();
        return runQueued();
    }

    @Override
    public int poll(int minCompletions, IoCompletionHandler handler) {
        ensureOpen();
        Objects.requireNonNull(handler, "handler");
        runQueued();
        return finished.drainTo(handler);
    }

    @Override
    public void awaitAll() throws IOException {
        ensureOpen();
        runQueued();
        IOException f = finished.drainFailures();
        if (f != null) {
            throw f;
        }
    }

    @Override
    public int outstanding() {
        return queued.size() + finished.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("I/O engine is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        runQueued();
        closed = true;
        IOException f = finished.drainFailures();
        if (f != null) {
            throw new IOException("operations queued when the engine closed failed: " + f.getMessage(), f);
        }
    }
}
