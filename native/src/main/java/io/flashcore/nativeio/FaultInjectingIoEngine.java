package io.flashcore.nativeio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.flashcore.nativeio.SerialQueue.Op;

/**
 * An {@link IoEngine} that injects the device faults of a {@link FaultPlan} around another
 * engine: failed operations (EIO), torn writes, bit flips on read, stalls, and power cuts that
 * drop writes not yet made durable. For reliability tests and drills; see {@link FaultInjection}
 * for how the array picks it up.
 *
 * <p>Queued operations run one at a time through the wrapped engine when submitted, in queue
 * order, with the same link semantics (an operation linked to a failed one fails with ECANCELED)
 * and the same {@link DeviceIoException}s naming the operation, path, offset, length and errno.
 *
 * <p>Not thread-safe, like every engine; the plan it shares with other engines is.
 */
public final class FaultInjectingIoEngine implements IoEngine {
    private static final byte WRITE = IoUringEngine.K_WRITE;
    private static final byte READ = IoUringEngine.K_READ;
    private static final byte FSYNC = IoUringEngine.K_FSYNC;
    private static final byte FDATASYNC = IoUringEngine.K_FDATASYNC;
    private static final byte FALLOCATE = IoUringEngine.K_FALLOCATE;
    private static final byte DISCARD = IoUringEngine.K_DISCARD;

    private final IoEngine delegate;
    private final FaultPlan plan;
    private final List<Path> drives;
    private final SerialQueue queue;

    /**
     * Wraps {@code delegate} (closed with this engine) with the faults of {@code plan};
     * {@code drives} numbers the devices for rules with {@code drive=N} (a device not in it matches
     * only rules without a drive).
     */
    public FaultInjectingIoEngine(IoEngine delegate, FaultPlan plan, List<Path> drives) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.drives = drives.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.queue = new SerialQueue(delegate.queueDepth(), this::run);
    }

    /** The plan this engine injects. */
    public FaultPlan plan() {
        return plan;
    }

    @Override
    public IoBackend backend() {
        return delegate.backend();
    }

    @Override
    public int queueDepth() {
        return delegate.queueDepth();
    }

    @Override
    public void registerBuffers(BufferPool pool) throws IOException {
        delegate.registerBuffers(pool);
    }

    @Override
    public void write(BlockDevice device, long offset, MemorySegment source, long tag) throws IOException {
        device.ensureWritable("write");
        AlignmentException.check(device, offset, source.byteSize(), source.address());
        enqueue(WRITE, device, offset, source.byteSize(), source, 0, tag);
    }

    @Override
    public void read(BlockDevice device, long offset, MemorySegment destination, long tag) throws IOException {
        device.ensureOpen();
        AlignmentException.check(device, offset, destination.byteSize(), destination.address());
        enqueue(READ, device, offset, destination.byteSize(), destination, 0, tag);
    }

    @Override
    public void fdatasync(BlockDevice device, long tag) throws IOException {
        device.ensureWritable("fdatasync");
        enqueue(FDATASYNC, device, 0, 0, null, 0, tag);
    }

    @Override
    public void fsync(BlockDevice device, long tag) throws IOException {
        device.ensureWritable("fsync");
        enqueue(FSYNC, device, 0, 0, null, 0, tag);
    }

    @Override
    public void fallocate(BlockDevice device, int mode, long offset, long length, long tag) throws IOException {
        device.ensureWritable("fallocate");
        enqueue(FALLOCATE, device, offset, length, null, mode, tag);
    }

    @Override
    public void discard(BlockDevice device, long offset, long length, long tag) throws IOException {
        device.ensureWritable("discard");
        enqueue(DISCARD, device, offset, length, null, 0, tag);
    }

    @Override
    public void linkWithNext() {
        ensureOpen();
        queue.linkWithNext();
    }

    private void enqueue(byte kind, BlockDevice device, long offset, long length, MemorySegment segment, int mode,
            long tag) {
        ensureOpen();
        queue.add(kind, device, offset, length, segment, mode, tag);
    }

    private int driveOf(BlockDevice d) {
        return drives.indexOf(d.path().toAbsolutePath().normalize());
    }

    private static DeviceIoException failure(Op op, int errno, String detail) {
        return SerialQueue.failure(op, errno, detail, null);
    }

    private long run(Op op) throws IOException {
        if (plan.powerLost()) {
            throw failure(op, Errno.EIO, "(injected: power lost)");
        }
        FaultPlan.Op kind = switch (op.kind()) {
            case WRITE, DISCARD, FALLOCATE -> FaultPlan.Op.WRITE;
            case READ -> FaultPlan.Op.READ;
            default -> FaultPlan.Op.SYNC;
        };
        FaultPlan.Rule fault = plan.decide(kind, driveOf(op.device()));
        if (fault != null) {
            switch (fault.kind) {
                case STALL -> sleep(fault.ms);
                case EIO -> throw failure(op, Errno.EIO, "(injected)");
                case POWERCUT -> {
                    for (FaultPlan.CachedWrite w : plan.takeSurvivors()) {
                        persist(op.device(), w);
                    }
                    throw failure(op, Errno.EIO, "(injected: power lost)");
                }
                case TORN -> {
                    long blocks = op.length() / 4096;
                    long keep = blocks == 0 ? 0 : 4096 * plan.nextInt((int) Math.min(blocks, Integer.MAX_VALUE));
                    if (keep > 0) {
                        delegate.write(op.device(), op.offset(), op.segment().asSlice(0, keep), op.tag());
                        delegate.awaitAll();
                    }
                    throw failure(op, Errno.EIO, "(injected: torn after " + keep + " bytes)");
                }
                default -> {
                    // BITFLIP is applied after the read below.
                }
            }
        }
        switch (op.kind()) {
            case WRITE -> {
                if (plan.cached()) {
                    plan.cacheWrite(op.device().path(), op.offset(), op.segment(), op.device().memoryAlignment());
                } else {
                    delegate.write(op.device(), op.offset(), op.segment(), op.tag());
                    delegate.awaitAll();
                }
                return op.length();
            }
            case READ -> {
                delegate.read(op.device(), op.offset(), op.segment(), op.tag());
                delegate.awaitAll();
                if (plan.cached()) {
                    plan.overlayCached(op.device().path(), op.offset(), op.segment());
                }
                if (fault != null && fault.kind == FaultPlan.Kind.BITFLIP && op.length() > 0) {
                    long at = plan.nextInt((int) Math.min(op.length(), Integer.MAX_VALUE));
                    byte b = op.segment().get(ValueLayout.JAVA_BYTE, at);
                    op.segment().set(ValueLayout.JAVA_BYTE, at, (byte) (b ^ (1 << plan.nextInt(8))));
                }
                return op.length();
            }
            case FSYNC, FDATASYNC -> {
                flushCache(op.device());
                if (op.kind() == FSYNC) {
                    delegate.fsync(op.device(), op.tag());
                } else {
                    delegate.fdatasync(op.device(), op.tag());
                }
                delegate.awaitAll();
                return 0;
            }
            case DISCARD -> {
                flushCache(op.device());
                delegate.discard(op.device(), op.offset(), op.length(), op.tag());
                delegate.awaitAll();
                return 0;
            }
            default -> {
                flushCache(op.device());
                delegate.fallocate(op.device(), op.mode(), op.offset(), op.length(), op.tag());
                delegate.awaitAll();
                return 0;
            }
        }
    }

    private void flushCache(BlockDevice device) throws IOException {
        if (!plan.cached()) {
            return;
        }
        for (FaultPlan.CachedWrite w : plan.takeCached(device.path())) {
            persist(device, w);
        }
    }

    /** Writes a cached write to the media; a survivor of a power cut may belong to another device. */
    private void persist(BlockDevice device, FaultPlan.CachedWrite w) throws IOException {
        if (!w.path().equals(device.path())) {
            try (BlockDevice other = BlockDevice.open(w.path(), device.isDirect() ? new DeviceOption[0]
                    : new DeviceOption[] {DeviceOption.BUFFERED})) {
                delegate.write(other, w.offset(), w.data(), 0);
                delegate.awaitAll();
            }
            return;
        }
        delegate.write(device, w.offset(), w.data(), 0);
        delegate.awaitAll();
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during an injected stall");
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
        queue.drainFailures();
        delegate.close();
    }
}
