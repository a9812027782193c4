package io.flashcore.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

import io.flashcore.nativeio.SerialQueue.Op;

/**
 * The portable {@link IoEngine}: queued operations run one after another with positional
 * {@link FileChannel} calls when submitted (or when the queue is full). Same checks, errors and
 * link semantics as the io_uring back-end; no parallelism within one engine.
 *
 * <p>Not thread-safe (see {@link IoEngine}).
 */
final class FileChannelEngine implements IoEngine {
    private final int capacity;
    private final SerialQueue queue;

    FileChannelEngine(IoEngineConfig config) {
        capacity = config.queueDepth();
        queue = new SerialQueue(capacity, FileChannelEngine::runReportingFailures);
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
            throw new IllegalArgumentException(IoUringEngine.KIND_NAMES[k] + " needs a native segment, got a heap segment");
        }
        IoUringEngine.checkRange(d, off, seg.byteSize(), IoUringEngine.MAX_TRANSFER_BYTES);
        AlignmentException.check(d, off, seg.byteSize(), seg.address());
        queue.add(k, d, off, seg.byteSize(), seg, 0, tag);
    }

    @Override
    public void fdatasync(BlockDevice d, long tag) throws IOException {
        d.ensureWritable("fdatasync");
        ensureOpen();
        queue.add(IoUringEngine.K_FDATASYNC, d, 0, 0, null, 0, tag);
    }

    @Override
    public void fsync(BlockDevice d, long tag) throws IOException {
        d.ensureWritable("fsync");
        ensureOpen();
        queue.add(IoUringEngine.K_FSYNC, d, 0, 0, null, 0, tag);
    }

    @Override
    public void fallocate(BlockDevice d, int mode, long off, long len, long tag) throws IOException {
        d.ensureWritable("fallocate");
        ensureOpen();
        IoUringEngine.checkRange(d, off, len, Long.MAX_VALUE);
        if (d.isBlockDevice()) {
            throw new IllegalArgumentException("fallocate on block device " + d.path() + ": use discard");
        }
        queue.add(IoUringEngine.K_FALLOCATE, d, off, len, null, mode, tag);
    }

    @Override
    public void discard(BlockDevice d, long off, long len, long tag) throws IOException {
        d.ensureWritable("discard");
        ensureOpen();
        IoUringEngine.checkRange(d, off, len, Long.MAX_VALUE);
        AlignmentException.check(d, off, len, 0);
        queue.add(IoUringEngine.K_DISCARD, d, off, len, null, 0, tag);
    }

    @Override
    public void linkWithNext() {
        ensureOpen();
        queue.linkWithNext();
    }

    /** Runs {@code op}; any failure becomes a {@link DeviceIoException} naming it. */
    private static long runReportingFailures(Op op) throws IOException {
        try {
            return run(op);
        } catch (DeviceIoException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SerialQueue.failure(op, 0, e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
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
                        throw SerialQueue.failure(op, 0, "end of file after " + (pos - op.offset()) + " bytes", null);
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
                    throw SerialQueue.failure(op, Errno.EOPNOTSUPP, "fallocate needs libc", null);
                }
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment st = Libc.newCallState(a);
                    if (Libc.fallocate(st, d.fd(), op.mode(), op.offset(), op.length()) < 0) {
                        throw SerialQueue.failure(op, Libc.errno(st), null, null);
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
        return queue.submit();
    }

    @Override
    public int poll(int minCompletions, IoCompletionHandler handler) {
        return queue.poll(handler);
    }

    @Override
    public void awaitAll() throws IOException {
        queue.awaitAll();
    }

    @Override
    public int outstanding() {
        return queue.outstanding();
    }

    private void ensureOpen() {
        queue.ensureOpen();
    }

    @Override
    public void close() throws IOException {
        if (!queue.close()) {
            return;
        }
        IOException f = queue.drainFailures();
        if (f != null) {
            throw new IOException("operations queued when the engine closed failed: " + f.getMessage(), f);
        }
    }
}
