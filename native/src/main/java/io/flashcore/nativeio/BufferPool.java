package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A fixed set of equally sized, page-aligned native buffers carved from one slab, suitable for
 * O_DIRECT on any device whose alignment divides the page size. An {@link IoEngine} can register
 * the pool ({@link IoEngine#registerBuffers(BufferPool)}); operations on a registered buffer (or a
 * slice of one) then use io_uring's fixed-buffer opcodes automatically.
 *
 * <p>Thread-safe: {@link #acquire()}/{@link #release(MemorySegment)} may be called from any thread.
 * The creator closes the pool, after every engine that registered it is closed; closing frees the
 * memory, so buffers must not be used afterwards.
 */
public final class BufferPool implements AutoCloseable {
    /** The alignment of every buffer, in bytes. */
    public static final int PAGE_BYTES = 4096;

    private final Arena arena;
    private final MemorySegment slab;
    private final int bufferBytes;
    private final int count;
    private final MemorySegment[] buffers;
    private final BlockingQueue<MemorySegment> free;
    private final AtomicIntegerArray taken;

    private BufferPool(int count, int bufferBytes) {
        this.count = count;
        this.bufferBytes = bufferBytes;
        this.arena = Arena.ofShared();
        this.slab = arena.allocate((long) count * bufferBytes, PAGE_BYTES);
        this.buffers = new MemorySegment[count];
        this.free = new ArrayBlockingQueue<>(count);
        this.taken = new AtomicIntegerArray(count);
        for (int i = 0; i < count; i++) {
            buffers[i] = slab.asSlice((long) i * bufferBytes, bufferBytes);
            free.add(buffers[i]);
        }
    }

    /**
     * Allocates {@code count} zeroed buffers of {@code bufferBytes} bytes each.
     *
     * @throws IllegalArgumentException when count is not positive or bufferBytes is not a positive
     *                                  multiple of {@link #PAGE_BYTES} up to 1 GiB
     */
    public static BufferPool allocate(int count, int bufferBytes) {
        if (count <= 0) {
            throw new IllegalArgumentException("buffer count " + count + " must be positive");
        }
        if (bufferBytes <= 0 || bufferBytes % PAGE_BYTES != 0 || bufferBytes > (1 << 30)) {
            throw new IllegalArgumentException("buffer size " + bufferBytes + " bytes must be a positive multiple of "
                    + PAGE_BYTES + " up to 1 GiB");
        }
        return new BufferPool(count, bufferBytes);
    }

    /** The number of buffers. */
    public int count() {
        return count;
    }

    /** The size of each buffer, in bytes. */
    public int bufferBytes() {
        return bufferBytes;
    }

    /** Buffer {@code index} (0-based), whether or not it is acquired. */
    public MemorySegment buffer(int index) {
        return buffers[java.util.Objects.checkIndex(index, count)];
    }

    /** Takes a free buffer, waiting until one is released. */
    public MemorySegment acquire() throws InterruptedException {
        return mark(free.take());
    }

    private MemorySegment mark(MemorySegment m) {
        if (m != null) {
            taken.set(indexOf(m), 1);
        }
        return m;
    }

    /** Takes a free buffer, or returns null when none is free within {@code timeout}. */
    public MemorySegment tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return mark(free.poll(timeout, unit));
    }

    /** The number of buffers not acquired right now. */
    public int available() {
        return free.size();
    }

    /**
     * Returns a buffer obtained from {@link #acquire()}.
     *
     * @throws IllegalArgumentException when {@code buffer} is not one of this pool's whole buffers
     */
    public void release(MemorySegment buffer) {
        int i = indexOf(buffer);
        if (i < 0 || buffer.byteSize() != bufferBytes || buffer.address() != buffers[i].address()) {
            throw new IllegalArgumentException("segment at 0x" + Long.toHexString(buffer.address())
                    + " is not a buffer of this pool");
        }
        if (!taken.compareAndSet(i, 1, 0)) {
            throw new IllegalStateException("buffer " + i + " released but not acquired");
        }
        free.add(buffers[i]);
    }

    /** The index of the buffer that wholly contains {@code segment}, or -1 when none does. */
    public int indexOf(MemorySegment segment) {
        long rel = segment.address() - slab.address();
        if (rel < 0 || rel >= slab.byteSize()) {
            return -1;
        }
        int i = (int) (rel / bufferBytes);
        return rel + segment.byteSize() <= (long) (i + 1) * bufferBytes ? i : -1;
    }

    /** The slab all buffers are carved from. */
    MemorySegment slab() {
        return slab;
    }

    /** Frees the memory; buffers must not be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}
