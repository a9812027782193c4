package io.flashcore.nativeio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Queues device operations, submits them in batches and reports their completions: the one I/O
 * interface the array engine uses, with an io_uring and a FileChannel implementation.
 *
 * <p>Use: queue operations ({@link #write}, {@link #read}, {@link #fdatasync}, ...), each with a
 * caller-chosen tag; then either {@link #awaitAll()} (submit everything, wait for every completion,
 * throw on any failure) or {@link #submit()} and {@link #poll(int, IoCompletionHandler)} to keep
 * a queue full. Short reads and writes are completed internally; EINTR, EAGAIN and EBUSY are retried.
 * Buffers must stay valid and untouched until their operation completes.
 *
 * <p>With O_DIRECT devices, buffer address, offset and length are checked against the device's
 * alignment when queued ({@link AlignmentException}); a failed completion becomes a
 * {@link DeviceIoException} naming the operation, path, offset, length and errno.
 *
 * <p><b>Not thread-safe</b>: an engine belongs to one thread at a time; give each I/O thread its own
 * engine (devices and buffer pools may be shared). Closing waits for operations in flight.
 */
public interface IoEngine extends AutoCloseable {
    /** System property forcing a back-end: {@code io_uring} or {@code filechannel}. */
    String BACKEND_PROPERTY = "flashcore.io.backend";

    /** Opens an engine with {@link IoEngineConfig#defaults()}. */
    static IoEngine open() throws IOException {
        return open(IoEngineConfig.defaults());
    }

    /**
     * Opens an engine. The back-end is the configured one, else the one the system property
     * {@value #BACKEND_PROPERTY} names, else io_uring when available and FileChannel otherwise (logged
     * once, with the reason).
     *
     * @throws IOException when io_uring was asked for and cannot be set up
     */
    static IoEngine open(IoEngineConfig config) throws IOException {
        IoBackend b = IoUringSupport.chooseBackend(config.backend());
        return b == IoBackend.IO_URING ? new IoUringEngine(config) : new FileChannelEngine(config);
    }

    /** The back-end this engine uses. */
    IoBackend backend();

    /** The most operations that can be queued or in flight at once; queueing more reaps first. */
    int queueDepth();

    /**
     * Registers {@code pool}'s buffers with the kernel (io_uring fixed buffers); operations on
     * memory inside a registered buffer then skip per-operation page pinning. At most one pool per
     * engine; a no-op on the FileChannel back-end. The pool must outlive the engine.
     */
    void registerBuffers(BufferPool pool) throws IOException;

    /** Queues a write of all of {@code source} to {@code device} at byte {@code offset}. */
    void write(BlockDevice device, long offset, MemorySegment source, long tag) throws IOException;

    /**
     * Queues a read filling all of {@code destination} from {@code device} at byte {@code offset}. A
     * read the end of the file cuts short fails with a {@link DeviceIoException} (errno 0, "end of file
     * after N bytes"); it never completes with fewer bytes.
     */
    void read(BlockDevice device, long offset, MemorySegment destination, long tag) throws IOException;

    /** Queues an fdatasync: completes once data written before it completed is durable. */
    void fdatasync(BlockDevice device, long tag) throws IOException;

    /** Queues an fsync (data and metadata). */
    void fsync(BlockDevice device, long tag) throws IOException;

    /** Queues {@code fallocate(mode, offset, length)} on a file (mode as in fallocate(2)). */
    void fallocate(BlockDevice device, int mode, long offset, long length, long tag) throws IOException;

    /**
     * Queues a discard of {@code length} bytes at {@code offset}: a punched hole in a file (reads then
     * return zeros), a discard (BLKDISCARD semantics) on a block device (reads then return unspecified data).
     */
    void discard(BlockDevice device, long offset, long length, long tag) throws IOException;

    /**
     * Links the operation queued last to the next one queued: the next starts only after this one
     * succeeded, and fails (ECANCELED) if it did not. Call right after queueing, before submitting.
     */
    void linkWithNext();

    /** Hands queued operations to the kernel without waiting; returns how many were submitted. */
    int submit() throws IOException;

    /**
     * Submits what is queued, waits until at least {@code minCompletions} operations have finished
     * (fewer if fewer are outstanding), and hands the finished ones to {@code handler}. The handler
     * may queue new operations; completions reaped while it runs wait for the next call. Returns the
     * number handed over.
     */
    int poll(int minCompletions, IoCompletionHandler handler) throws IOException;

    /**
     * Submits what is queued and waits for every outstanding operation, consuming their completions.
     *
     * @throws IOException the first failure, with any others attached as suppressed
     */
    void awaitAll() throws IOException;

    /** Operations queued, in flight, or finished but not yet handed to {@link #poll}. */
    int outstanding();

    /**
     * Submits what is queued and waits for every operation in flight, then releases the engine's
     * kernel resources; completions not yet handed to {@link #poll} are dropped, failures among them
     * reported. Devices and buffer pools stay open. Closing again does nothing.
     *
     * @throws IOException when an operation still in flight failed, or when waiting for them failed
     *     (the message then says how many operations were abandoned; the engine is closed either way)
     */
    @Override
    void close() throws IOException;
}
