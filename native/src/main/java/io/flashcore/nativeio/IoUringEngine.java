package io.flashcore.nativeio;

import static io.flashcore.nativeio.IoUringLayout.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.Objects;

/**
 * The io_uring {@link IoEngine}: one ring, a fixed table of operation slots (one per queue-depth
 * entry, so the completion ring, twice as large, does not overflow; completions the kernel holds
 * back when it does are drained all the same), registered files and buffers. Short transfers and EAGAIN are resubmitted from the same slot; a linked successor that
 * the kernel cancelled because its predecessor had to be resubmitted is parked and resubmitted
 * once the predecessor finishes.
 *
 * <p>Not thread-safe (see {@link IoEngine}).
 */
final class IoUringEngine implements IoEngine {
    /** The largest read or write accepted in one operation, in bytes. */
    static final long MAX_TRANSFER_BYTES = 1L << 30;
    private static final int MAX_RETRIES = 10_000;
    private static final int FILE_SLOTS = 64;

    static final byte K_WRITE = 0;
    static final byte K_READ = 1;
    static final byte K_FSYNC = 2;
    static final byte K_FDATASYNC = 3;
    static final byte K_FALLOCATE = 4;
    static final byte K_DISCARD = 5;
    static final String[] KIND_NAMES = {"write", "read", "fsync", "fdatasync", "fallocate", "discard"};

    private static final byte S_FREE = 0;
    private static final byte S_ACTIVE = 1;
    private static final byte S_PARKED = 2;
    private static final byte P_PENDING = 0;
    private static final byte P_OK = 1;
    private static final byte P_FAILED = 2;

    private final IoUring ring;
    private final int capacity;
    private final byte[] kind;
    private final byte[] state;
    private final byte[] predState;
    private final boolean[] hasPred;
    private final BlockDevice[] device;
    private final MemorySegment[] segment;
    private final long[] offset;
    private final long[] address;
    private final long[] length;
    private final long[] done;
    private final long[] tag;
    private final int[] aux;
    private final int[] next;
    private final int[] retries;
    private final IOException[] earlyFailure;
    private final int[] freeSlots;
    private int freeTop;
    private final FinishedOps finished = new FinishedOps();
    private int lastSlot = -1;
    private long lastSqe = -1;
    private boolean linkPending;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment filesUpdate;
    private final IdentityHashMap<BlockDevice, Integer> fileSlots = new IdentityHashMap<>();
    private boolean filesRegistered;
    private BlockDevice lastDevice;
    private int lastFileSlot = -1;
    private BufferPool pool;
    private boolean uringDiscard;
    private final boolean nodrop;
    private boolean closed;

    IoUringEngine(IoEngineConfig config) throws IOException {
        this(config, IoUring.create(config.queueDepth(), config.sqPoll(), config.singleIssuer()), 0);
    }

    /**
     * An engine driving {@code ring} (closed with the engine) with {@code slots} operation slots, or,
     * when {@code slots} is 0, as many as fit both rings, so that completions never overflow. More
     * slots than completion entries let completions overflow into the kernel's backlog.
     */
    IoUringEngine(IoEngineConfig config, IoUring ring, int slots) {
        this.ring = ring;
        capacity = slots > 0 ? slots : Math.min(ring.sqEntries, ring.cqEntries);
        kind = new byte[capacity];
        state = new byte[capacity];
        predState = new byte[capacity];
        hasPred = new boolean[capacity];
        device = new BlockDevice[capacity];
        segment = new MemorySegment[capacity];
        offset = new long[capacity];
        address = new long[capacity];
        length = new long[capacity];
        done = new long[capacity];
        tag = new long[capacity];
        aux = new int[capacity];
        next = new int[capacity];
        retries = new int[capacity];
        earlyFailure = new IOException[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        freeTop = capacity;
        filesUpdate = arena.allocate(24, 8);
        uringDiscard = ring.supports(OP_URING_CMD);
        nodrop = (ring.features & FEAT_NODROP) != 0;
        if (config.registerFiles()) {
            MemorySegment fds = arena.allocate(4L * FILE_SLOTS, 8);
            fds.fill((byte) 0xff);
            filesRegistered = ring.register(REGISTER_FILES, fds, FILE_SLOTS) >= 0;
        }
    }

    @Override
    public IoBackend backend() {
        return IoBackend.IO_URING;
    }

    @Override
    public int queueDepth() {
        return capacity;
    }

    /** True when the kernel reported {@code opcode} as supported by this ring. */
    boolean supports(int opcode) {
        return ring.supports(opcode);
    }

    @Override
    public void registerBuffers(BufferPool p) throws IOException {
        ensureOpen();
        Objects.requireNonNull(p, "pool");
        if (pool != null) {
            throw new IllegalStateException("a buffer pool is already registered with this engine");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment iov = a.allocate(16L * p.count(), 8);
            for (int i = 0; i < p.count(); i++) {
                iov.set(ValueLayout.JAVA_LONG, 16L * i, p.buffer(i).address());
                iov.set(ValueLayout.JAVA_LONG, 16L * i + 8, p.bufferBytes());
            }
            long r = ring.register(REGISTER_BUFFERS, iov, p.count());
            if (r < 0) {
                int e = (int) -r;
                throw new IOException("io_uring_register(BUFFERS, " + p.count() + " x " + p.bufferBytes()
                        + " bytes) failed: " + Errno.name(e)
                        + (e == Errno.ENOMEM ? " (raise the locked-memory limit, ulimit -l)" : ""));
            }
        }
        pool = p;
    }

    @Override
    public void write(BlockDevice d, long off, MemorySegment source, long t) throws IOException {
        d.ensureWritable("write");
        queueTransfer(K_WRITE, d, off, source, t);
    }

    @Override
    public void read(BlockDevice d, long off, MemorySegment destination, long t) throws IOException {
        d.ensureOpen();
        if (destination.isReadOnly()) {
            throw new IllegalArgumentException("read into a read-only segment");
        }
        queueTransfer(K_READ, d, off, destination, t);
    }

    private void queueTransfer(byte k, BlockDevice d, long off, MemorySegment seg, long t) throws IOException {
        ensureOpen();
        if (!seg.isNative()) {
            throw new IllegalArgumentException(KIND_NAMES[k] + " needs a native segment, got a heap segment");
        }
        long len = seg.byteSize();
        checkRange(d, off, len, MAX_TRANSFER_BYTES);
        AlignmentException.check(d, off, len, seg.address());
        int slot = newSlot(k, d, off, len, t);
        segment[slot] = seg;
        address[slot] = seg.address();
        aux[slot] = pool != null ? pool.indexOf(seg) : -1;
        push(slot, false);
    }

    static void checkRange(BlockDevice d, long off, long len, long max) {
        if (off < 0) {
            throw new IllegalArgumentException("offset " + off + " is negative");
        }
        if (len <= 0 || len > max) {
            throw new IllegalArgumentException("length " + len + " bytes must be between 1 and " + max);
        }
        if (d.isBlockDevice() && off + len > d.sizeBytes()) {
            throw new IllegalArgumentException("range [" + off + ", " + (off + len) + ") lies beyond the end of "
                    + d.path() + " (" + d.sizeBytes() + " bytes)");
        }
    }

    @Override
    public void fdatasync(BlockDevice d, long t) throws IOException {
        d.ensureWritable("fdatasync");
        ensureOpen();
        push(newSlot(K_FDATASYNC, d, 0, 0, t), false);
    }

    @Override
    public void fsync(BlockDevice d, long t) throws IOException {
        d.ensureWritable("fsync");
        ensureOpen();
        push(newSlot(K_FSYNC, d, 0, 0, t), false);
    }

    @Override
    public void fallocate(BlockDevice d, int mode, long off, long len, long t) throws IOException {
        d.ensureWritable("fallocate");
        ensureOpen();
        checkRange(d, off, len, Long.MAX_VALUE);
        if (d.isBlockDevice()) {
            throw new IllegalArgumentException("fallocate on block device " + d.path() + ": use discard");
        }
        int slot = newSlot(K_FALLOCATE, d, off, len, t);
        aux[slot] = mode;
        push(slot, false);
    }

    @Override
    public void discard(BlockDevice d, long off, long len, long t) throws IOException {
        d.ensureWritable("discard");
        ensureOpen();
        checkRange(d, off, len, Long.MAX_VALUE);
        AlignmentException.check(d, off, len, 0);
        int slot = newSlot(K_DISCARD, d, off, len, t);
        if (d.isBlockDevice() && !uringDiscard) {
            // Kernels without the block discard command: discard now, complete through a NOP.
            try {
                d.discardNow(off, len);
            } catch (IOException e) {
                earlyFailure[slot] = e;
            }
        }
        push(slot, false);
    }

    @Override
    public void linkWithNext() {
        ensureOpen();
        if (lastSlot < 0 || state[lastSlot] != S_ACTIVE || !ring.isUnsubmitted(lastSqe)) {
            throw new IllegalStateException("linkWithNext() must directly follow queueing the operation it links");
        }
        if (linkPending) {
            return;
        }
        if (freeTop == 0) {
            waitForFreeSlotWithoutSubmitting();
        }
        MemorySegment s = ring.sqes;
        s.set(ValueLayout.JAVA_BYTE, lastSqe + SQE_FLAGS,
                (byte) (s.get(ValueLayout.JAVA_BYTE, lastSqe + SQE_FLAGS) | SQE_IO_LINK));
        linkPending = true;
    }

    private void waitForFreeSlotWithoutSubmitting() {
        if (capacity - freeTop == ring.unsubmitted()) {
            throw new IllegalStateException("cannot link: all " + capacity
                    + " operation slots are queued and unsubmitted; submit() or awaitAll() first");
        }
        try {
            while (freeTop == 0) {
                reap(1, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("waiting for a free slot to link into failed", e);
        }
    }

    private int newSlot(byte k, BlockDevice d, long off, long len, long t) throws IOException {
        while (freeTop == 0) {
            reap(1, true);
        }
        int slot = freeSlots[--freeTop];
        kind[slot] = k;
        state[slot] = S_ACTIVE;
        device[slot] = d;
        offset[slot] = off;
        length[slot] = len;
        done[slot] = 0;
        tag[slot] = t;
        aux[slot] = -1;
        next[slot] = -1;
        retries[slot] = 0;
        earlyFailure[slot] = null;
        segment[slot] = null;
        address[slot] = 0;
        if (linkPending) {
            linkPending = false;
            hasPred[slot] = true;
            predState[slot] = P_PENDING;
            next[lastSlot] = slot;
        } else {
            hasPred[slot] = false;
        }
        lastSlot = slot;
        return slot;
    }

    /** Writes the SQE for (the rest of) {@code slot}'s operation. */
    private void push(int slot, boolean link) throws IOException {
        while (ring.sqSpace() == 0) {
            // Submitting may reap completions whose handling queues entries too: check again.
            enter(0, true);
        }
        long o = ring.claimSqe();
        MemorySegment s = ring.sqes;
        BlockDevice d = device[slot];
        int fileSlot = fileSlot(d);
        int flags = (link ? SQE_IO_LINK : 0) | (fileSlot >= 0 ? SQE_FIXED_FILE : 0);
        s.set(ValueLayout.JAVA_INT, o + SQE_FD, fileSlot >= 0 ? fileSlot : d.fd());
        int opcode;
        switch (kind[slot]) {
            case K_WRITE, K_READ -> {
                boolean fixed = aux[slot] >= 0;
                boolean w = kind[slot] == K_WRITE;
                opcode = fixed ? (w ? OP_WRITE_FIXED : OP_READ_FIXED) : (w ? OP_WRITE : OP_READ);
                long d0 = done[slot];
                s.set(ValueLayout.JAVA_LONG, o + SQE_OFF, offset[slot] + d0);
                s.set(ValueLayout.JAVA_LONG, o + SQE_ADDR, address[slot] + d0);
                s.set(ValueLayout.JAVA_INT, o + SQE_LEN, (int) (length[slot] - d0));
                if (fixed) {
                    s.set(ValueLayout.JAVA_SHORT, o + SQE_BUF_INDEX, (short) aux[slot]);
                }
            }
            case K_FSYNC, K_FDATASYNC -> {
                opcode = OP_FSYNC;
                s.set(ValueLayout.JAVA_INT, o + SQE_OP_FLAGS, kind[slot] == K_FDATASYNC ? FSYNC_DATASYNC : 0);
            }
            case K_FALLOCATE -> {
                opcode = OP_FALLOCATE;
                s.set(ValueLayout.JAVA_LONG, o + SQE_OFF, offset[slot]);
                s.set(ValueLayout.JAVA_LONG, o + SQE_ADDR, length[slot]);
                s.set(ValueLayout.JAVA_INT, o + SQE_LEN, aux[slot]);
            }
            case K_DISCARD -> {
                if (!d.isBlockDevice()) {
                    opcode = OP_FALLOCATE;
                    s.set(ValueLayout.JAVA_LONG, o + SQE_OFF, offset[slot]);
                    s.set(ValueLayout.JAVA_LONG, o + SQE_ADDR, length[slot]);
                    s.set(ValueLayout.JAVA_INT, o + SQE_LEN, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE);
                } else if (uringDiscard && earlyFailure[slot] == null) {
                    opcode = OP_URING_CMD;
                    s.set(ValueLayout.JAVA_INT, o + SQE_OFF, BLOCK_URING_CMD_DISCARD);
                    s.set(ValueLayout.JAVA_LONG, o + SQE_ADDR, offset[slot]);
                    s.set(ValueLayout.JAVA_LONG, o + SQE_ADDR3, length[slot]);
                } else {
                    opcode = OP_NOP;
                }
            }
            default -> throw new AssertionError(kind[slot]);
        }
        s.set(ValueLayout.JAVA_BYTE, o + SQE_OPCODE, (byte) opcode);
        s.set(ValueLayout.JAVA_BYTE, o + SQE_FLAGS, (byte) flags);
        s.set(ValueLayout.JAVA_LONG, o + SQE_USER_DATA, slot);
        lastSqe = o;
    }

    private int fileSlot(BlockDevice d) {
        if (!filesRegistered) {
            return -1;
        }
        if (d == lastDevice) {
            return lastFileSlot;
        }
        Integer known = fileSlots.get(d);
        int slot;
        if (known != null) {
            slot = known;
        } else if (fileSlots.size() < FILE_SLOTS && d.fd() >= 0) {
            slot = fileSlots.size();
            MemorySegment fdCell = filesUpdate.asSlice(16, 4);
            fdCell.set(ValueLayout.JAVA_INT, 0, d.fd());
            filesUpdate.set(ValueLayout.JAVA_INT, 0, slot);
            filesUpdate.set(ValueLayout.JAVA_INT, 4, 0);
            filesUpdate.set(ValueLayout.JAVA_LONG, 8, fdCell.address());
            if (ring.register(REGISTER_FILES_UPDATE, filesUpdate, 1) < 0) {
                slot = -1;
            }
            fileSlots.put(d, slot);
        } else {
            slot = -1;
        }
        lastDevice = d;
        lastFileSlot = slot;
        return slot;
    }

    @Override
    public int submit() throws IOException {
        ensureOpen();
        return enter(0, true);
    }

    /**
     * Submits (when asked) and waits for {@code min} completions, retrying EAGAIN and EBUSY (EINTR is
     * retried by the ring); returns entries submitted. Completions handled while retrying count
     * toward {@code min}: waiting for them again could wait for operations that no longer exist.
     */
    private int enter(int min, boolean submit) throws IOException {
        int spins = 0;
        while (true) {
            int r = submit ? ring.submit(min) : ring.waitOnly(min);
            if (r >= 0) {
                return r;
            }
            int e = -r;
            if (e != Errno.EAGAIN && e != Errno.EBUSY) {
                throw enterFailure(e);
            }
            // The kernel wants completions consumed (or resources freed) before it takes more.
            int handled = processCompletions();
            min = Math.max(0, min - handled);
            if (handled == 0 && ++spins > 100) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }

    private IOException enterFailure(int errno) {
        return new IOException("io_uring_enter failed: " + Errno.name(errno) + " ("
                + (capacity - freeTop) + " operations queued or in flight)");
    }

    private void reap(int min, boolean submit) throws IOException {
        if (ring.completionsReady() < min) {
            enter(min, submit);
        } else if (submit && ring.unsubmitted() > 0) {
            enter(0, true);
        }
        processCompletions();
    }

    /**
     * Handles every completion in the ring, and those the kernel held back because the ring was
     * full, one at a time; returns how many.
     */
    private int processCompletions() throws IOException {
        int total = 0;
        while (true) {
            if (ring.completionsReady() > 0) {
                long o = ring.cqeOffset(0);
                int slot = (int) ring.cqeUserData(o);
                int res = ring.cqeRes(o);
                // Consumed before it is handled: handling may resubmit, and a resubmission that
                // must retry reaps completions itself, from the ring's head.
                ring.consume(1);
                complete(slot, res);
                total++;
                continue;
            }
            if (ring.cqOverflowed()) {
                int r = ring.flushOverflow();
                if (r < 0 && r != -Errno.EAGAIN && r != -Errno.EBUSY) {
                    throw enterFailure(-r);
                }
                continue;
            }
            if (!nodrop && ring.overflowCount() != 0) {
                throw new IOException("the kernel dropped " + ring.overflowCount()
                        + " io_uring completions (no IORING_FEAT_NODROP); the operations they ended are lost");
            }
            return total;
        }
    }

    private void complete(int slot, int res) throws IOException {
        if (slot < 0 || slot >= capacity || state[slot] == S_FREE) {
            throw new IllegalStateException("completion for unknown operation slot " + slot);
        }
        if (earlyFailure[slot] != null) {
            fail(slot, earlyFailure[slot]);
            return;
        }
        byte k = kind[slot];
        if (res >= 0) {
            if (k == K_WRITE || k == K_READ) {
                done[slot] += res;
                if (done[slot] < length[slot]) {
                    if (res == 0) {
                        fail(slot, failure(slot, 0, k == K_READ
                                ? "end of file after " + done[slot] + " bytes"
                                : "no progress after " + done[slot] + " bytes"));
                    } else {
                        push(slot, false);
                    }
                    return;
                }
                succeed(slot, length[slot]);
            } else {
                succeed(slot, 0);
            }
            return;
        }
        int e = -res;
        if ((e == Errno.EAGAIN || e == Errno.EINTR) && retries[slot]++ < MAX_RETRIES) {
            push(slot, false);
            return;
        }
        if (e == Errno.ECANCELED && hasPred[slot]) {
            switch (predState[slot]) {
                case P_OK -> pushChain(slot);
                case P_FAILED -> fail(slot, failure(slot, e, "not run: the operation linked before it failed"));
                default -> state[slot] = S_PARKED;
            }
            return;
        }
        if (k == K_DISCARD && device[slot].isBlockDevice() && uringDiscard
                && (e == Errno.EOPNOTSUPP || e == Errno.EINVAL || e == 25 /* ENOTTY */)) {
            // This kernel lacks the io_uring block discard command: fall back to the ioctl for good.
            uringDiscard = false;
            try {
                device[slot].discardNow(offset[slot], length[slot]);
                succeed(slot, 0);
            } catch (IOException x) {
                fail(slot, x);
            }
            return;
        }
        fail(slot, failure(slot, e, null));
    }

    private DeviceIoException failure(int slot, int errno, String detail) {
        byte k = kind[slot];
        boolean whole = k == K_FSYNC || k == K_FDATASYNC;
        return new DeviceIoException(KIND_NAMES[k], device[slot].path(), whole ? 0 : offset[slot],
                whole ? 0 : length[slot], errno, detail);
    }

    /** Resubmits {@code slot} and the parked successors linked behind it, as one chain. */
    private void pushChain(int slot) throws IOException {
        int s = slot;
        while (s >= 0) {
            state[s] = S_ACTIVE;
            int n = next[s];
            boolean more = n >= 0 && state[n] == S_PARKED;
            if (more) {
                predState[n] = P_PENDING;
            }
            push(s, more);
            s = more ? n : -1;
        }
    }

    private void succeed(int slot, long bytes) throws IOException {
        finished.add(tag[slot], bytes, null);
        int n = next[slot];
        release(slot);
        if (n >= 0) {
            if (state[n] == S_PARKED) {
                predState[n] = P_OK;
                pushChain(n);
            } else {
                predState[n] = P_OK;
            }
        }
    }

    private void fail(int slot, IOException failure) {
        finished.add(tag[slot], 0, failure);
        int n = next[slot];
        release(slot);
        if (n >= 0) {
            if (state[n] == S_PARKED) {
                fail(n, failure(n, Errno.ECANCELED, "not run: the operation linked before it failed"));
            } else {
                predState[n] = P_FAILED;
            }
        }
    }

    private void release(int slot) {
        state[slot] = S_FREE;
        device[slot] = null;
        segment[slot] = null;
        earlyFailure[slot] = null;
        freeSlots[freeTop++] = slot;
    }

    @Override
    public int poll(int minCompletions, IoCompletionHandler handler) throws IOException {
        ensureOpen();
        Objects.requireNonNull(handler, "handler");
        if (finished.size() >= minCompletions) {
            reap(0, true);
        } else {
            while (finished.size() < minCompletions && capacity - freeTop > 0) {
                reap(1, true);
            }
        }
        return finished.drainTo(handler);
    }

    @Override
    public void awaitAll() throws IOException {
        ensureOpen();
        while (capacity - freeTop > 0) {
            reap(1, true);
        }
        IOException f = finished.drainFailures();
        if (f != null) {
            throw f;
        }
    }

    @Override
    public int outstanding() {
        return capacity - freeTop + finished.size();
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
        IOException failure = null;
        try {
            while (capacity - freeTop > 0) {
                reap(1, true);
            }
        } catch (IOException | RuntimeException e) {
            failure = new IOException("closing the io_uring engine: waiting for the " + (capacity - freeTop)
                    + " operations still queued or in flight failed (" + e.getMessage() + "); they are cancelled"
                    + " with the ring and never reported, and the kernel may use their buffers until it has"
                    + " finished them", e);
        } finally {
            closed = true;
            ring.close();
            arena.close();
        }
        IOException failed = finished.drainFailures();
        if (failed != null) {
            if (failure == null) {
                failure = new IOException("operations in flight when the engine closed failed: " + failed.getMessage(),
                        failed);
            } else {
                failure.addSuppressed(failed);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
