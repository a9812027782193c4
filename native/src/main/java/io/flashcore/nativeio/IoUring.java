package io.flashcore.nativeio;

import static io.flashcore.nativeio.IoUringLayout.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.UnaryOperator;

/**
 * One io_uring instance: the submission and completion rings mapped into this process, with
 * head/tail accesses ordered as the kernel expects (acquire when reading what the kernel wrote,
 * release when publishing what the kernel reads).
 *
 * <p>Not thread-safe: one thread at a time drives a ring.
 */
final class IoUring implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** {@code io_uring_enter(2)} on this ring, as every call the ring makes goes through it. */
    @FunctionalInterface
    interface Enter {
        /** Returns what the kernel returned (entries submitted) when non-negative, else the negated errno. */
        long call(int toSubmit, int minComplete, int flags);
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    final int fd;
    final int sqEntries;
    final int cqEntries;
    final int features;
    final int setupFlags;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    final MemorySegment sqes;
    private final long sqRingBytes;
    private final long cqRingBytes;
    private final long sqesBytes;
    private final long sqHead;
    private final long sqTail;
    private final long sqFlags;
    private final int sqMask;
    private final long cqHead;
    private final long cqTail;
    private final long cqOverflow;
    private final long cqes;
    private final int cqMask;
    private final boolean[] supportedOps = new boolean[PROBE_OPS];
    /** Our SQ tail: entries up to here are filled; the kernel sees them once published. */
    private int localSqTail;
    /** The tail the kernel has been told to consume up to. */
    private int submittedSqTail;
    private int localCqHead;
    private boolean closed;
    private Enter enter = this::enterKernel;

    private IoUring(int entries, int cqSize, int flags, int sqThreadIdleMillis) throws IOException {
        if (!Libc.isAvailable()) {
            throw new IOException("io_uring unavailable: " + Libc.UNAVAILABLE);
        }
        state = Libc.newCallState(arena);
        MemorySegment p = arena.allocate(PARAMS_BYTES, 8);
        p.set(ValueLayout.JAVA_INT, P_FLAGS, flags);
        p.set(ValueLayout.JAVA_INT, P_SQ_THREAD_IDLE, sqThreadIdleMillis);
        p.set(ValueLayout.JAVA_INT, P_CQ_ENTRIES, cqSize);
        int ringFd = (int) Libc.syscall(state, Libc.SYS_IO_URING_SETUP, entries, p.address(), 0, 0, 0, 0);
        if (ringFd < 0) {
            int e = Libc.errno(state);
            int optional = SETUP_SUBMIT_ALL | SETUP_COOP_TASKRUN | SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN;
            if (e == Errno.EINVAL && (flags & optional) != 0) {
                // Older kernels reject newer setup flags; they are optimisations, so retry without.
                p.fill((byte) 0);
                p.set(ValueLayout.JAVA_INT, P_FLAGS, flags & ~optional);
                p.set(ValueLayout.JAVA_INT, P_SQ_THREAD_IDLE, sqThreadIdleMillis);
                p.set(ValueLayout.JAVA_INT, P_CQ_ENTRIES, cqSize);
                ringFd = (int) Libc.syscall(state, Libc.SYS_IO_URING_SETUP, entries, p.address(), 0, 0, 0, 0);
                e = Libc.errno(state);
            }
            if (ringFd < 0) {
                arena.close();
                throw new IOException("io_uring_setup(" + entries + ") failed: " + Errno.name(e)
                        + (e == Errno.EPERM || e == Errno.EACCES
                                ? " (disabled by sysctl kernel.io_uring_disabled or blocked by seccomp)" : ""));
            }
        }
        fd = ringFd;
        setupFlags = p.get(ValueLayout.JAVA_INT, P_FLAGS);
        sqEntries = p.get(ValueLayout.JAVA_INT, P_SQ_ENTRIES);
        cqEntries = p.get(ValueLayout.JAVA_INT, P_CQ_ENTRIES);
        features = p.get(ValueLayout.JAVA_INT, P_FEATURES);
        long sqArray = p.get(ValueLayout.JAVA_INT, P_SQ_OFF + SQO_ARRAY);
        long cqesOff = p.get(ValueLayout.JAVA_INT, P_CQ_OFF + CQO_CQES);
        long sqBytes = sqArray + 4L * sqEntries;
        long cqBytes = cqesOff + (long) CQE_BYTES * cqEntries;
        boolean single = (features & FEAT_SINGLE_MMAP) != 0;
        if (single) {
            sqBytes = Math.max(sqBytes, cqBytes);
            cqBytes = sqBytes;
        }
        sqRingBytes = sqBytes;
        cqRingBytes = cqBytes;
        sqesBytes = (long) SQE_BYTES * sqEntries;
        MemorySegment sq = null;
        MemorySegment cq = null;
        MemorySegment se = null;
        try {
            sq = map(sqBytes, OFF_SQ_RING);
            cq = single ? sq : map(cqBytes, OFF_CQ_RING);
            se = map(sqesBytes, OFF_SQES);
        } catch (IOException e) {
            unmap(sq, sqBytes);
            if (!single) {
                unmap(cq, cqBytes);
            }
            Libc.close(state, fd);
            arena.close();
            throw e;
        }
        sqRing = sq;
        cqRing = cq;
        sqes = se;
        sqHead = p.get(ValueLayout.JAVA_INT, P_SQ_OFF + SQO_HEAD);
        sqTail = p.get(ValueLayout.JAVA_INT, P_SQ_OFF + SQO_TAIL);
        sqFlags = p.get(ValueLayout.JAVA_INT, P_SQ_OFF + SQO_FLAGS);
        sqMask = sqRing.get(ValueLayout.JAVA_INT, p.get(ValueLayout.JAVA_INT, P_SQ_OFF + SQO_RING_MASK));
        cqHead = p.get(ValueLayout.JAVA_INT, P_CQ_OFF + CQO_HEAD);
        cqTail = p.get(ValueLayout.JAVA_INT, P_CQ_OFF + CQO_TAIL);
        cqOverflow = p.get(ValueLayout.JAVA_INT, P_CQ_OFF + CQO_OVERFLOW);
        cqMask = cqRing.get(ValueLayout.JAVA_INT, p.get(ValueLayout.JAVA_INT, P_CQ_OFF + CQO_RING_MASK));
        cqes = cqesOff;
        // SQE i always sits in array slot i, so the indirection array is filled once.
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(ValueLayout.JAVA_INT, sqArray + 4L * i, i);
        }
        localSqTail = (int) INT.getAcquire(sqRing, sqTail);
        submittedSqTail = localSqTail;
        localCqHead = (int) INT.getAcquire(cqRing, cqHead);
        probe();
    }

    /**
     * Creates a ring with at least {@code entries} submission entries (rounded up to a power of two
     * by the kernel) and twice as many completion entries.
     */
    static IoUring create(int entries, boolean sqPoll) throws IOException {
        return create(entries, sqPoll, false);
    }

    /**
     * As {@link #create(int, boolean)}; {@code singleIssuer} binds the ring to the calling thread and
     * defers completion work until that thread asks for completions (fewer interrupts, less CPU).
     */
    static IoUring create(int entries, boolean sqPoll, boolean singleIssuer) throws IOException {
        return create(entries, 0, sqPoll, singleIssuer);
    }

    /**
     * As {@link #create(int, boolean, boolean)} with {@code cqSize} completion entries (at least
     * {@code entries}; rounded up to a power of two by the kernel), or the kernel's default of twice
     * {@code entries} when {@code cqSize} is 0.
     */
    static IoUring create(int entries, int cqSize, boolean sqPoll, boolean singleIssuer) throws IOException {
        int flags = SETUP_CLAMP | SETUP_SUBMIT_ALL | (sqPoll ? SETUP_SQPOLL : SETUP_COOP_TASKRUN);
        if (singleIssuer && !sqPoll) {
            flags |= SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN;
        }
        if (cqSize > 0) {
            flags |= SETUP_CQSIZE;
        }
        return new IoUring(entries, cqSize, flags, sqPoll ? 1000 : 0);
    }

    private MemorySegment map(long bytes, long offset) throws IOException {
        MemorySegment m = Libc.mmap(state, bytes, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_SHARED | Libc.MAP_POPULATE, fd, offset);
        if (m.address() == -1L) {
            throw new IOException("mmap of io_uring region at 0x" + Long.toHexString(offset) + " (" + bytes
                    + " bytes) failed: " + Errno.name(Libc.errno(state)));
        }
        return reinterpret(m, bytes);
    }

    @SuppressWarnings("restricted")
    private static MemorySegment reinterpret(MemorySegment m, long bytes) {
        return m.reinterpret(bytes);
    }

    private void unmap(MemorySegment m, long bytes) {
        if (m != null) {
            Libc.munmap(state, m, bytes);
        }
    }

    private void probe() {
        try (Arena a = Arena.ofConfined()) {
            long bytes = PROBE_HEADER_BYTES + (long) PROBE_OP_BYTES * PROBE_OPS;
            MemorySegment probe = a.allocate(bytes, 8);
            if (register(REGISTER_PROBE, probe, PROBE_OPS) < 0) {
                return;
            }
            int len = Byte.toUnsignedInt(probe.get(ValueLayout.JAVA_BYTE, 1));
            for (int i = 0; i < Math.min(len, PROBE_OPS); i++) {
                long o = PROBE_HEADER_BYTES + (long) PROBE_OP_BYTES * i;
                int op = Byte.toUnsignedInt(probe.get(ValueLayout.JAVA_BYTE, o));
                short flags = probe.get(ValueLayout.JAVA_SHORT, o + 2);
                if ((flags & PROBE_OP_SUPPORTED) != 0) {
                    supportedOps[op] = true;
                }
            }
        }
    }

    /** True when the kernel reported {@code opcode} as supported at setup. */
    boolean supports(int opcode) {
        return opcode >= 0 && opcode < PROBE_OPS && supportedOps[opcode];
    }

    /** Calls {@code io_uring_register}; returns its result, or the negated errno. */
    long register(int opcode, MemorySegment arg, int count) {
        long r = Libc.syscall(state, Libc.SYS_IO_URING_REGISTER, fd, opcode, arg.address(), count, 0, 0);
        return r < 0 ? -Libc.errno(state) : r;
    }

    /** Free submission entries right now. */
    int sqSpace() {
        return sqEntries - (localSqTail - (int) INT.getAcquire(sqRing, sqHead));
    }

    /**
     * Claims the next submission entry, zeroed, and returns its byte offset in {@link #sqes}; the
     * caller checked {@link #sqSpace()}.
     */
    long claimSqe() {
        long off = (long) (localSqTail & sqMask) * SQE_BYTES;
        localSqTail++;
        for (long k = 0; k < SQE_BYTES; k += 8) {
            sqes.set(ValueLayout.JAVA_LONG, off + k, 0L);
        }
        return off;
    }

    /** True when the entry at {@code sqeOffset} has not been handed to the kernel yet. */
    boolean isUnsubmitted(long sqeOffset) {
        int pending = localSqTail - submittedSqTail;
        for (int t = submittedSqTail; pending-- > 0; t++) {
            if ((long) (t & sqMask) * SQE_BYTES == sqeOffset) {
                return true;
            }
        }
        return false;
    }

    /** Entries filled but not yet submitted. */
    int unsubmitted() {
        return localSqTail - submittedSqTail;
    }

    /**
     * Publishes the filled entries and enters the kernel to submit them and, when
     * {@code minComplete > 0}, to wait for that many completions. Retries EINTR.
     *
     * @return entries submitted, or the negated errno (EAGAIN and EBUSY: reap completions, retry)
     */
    int submit(int minComplete) {
        INT.setRelease(sqRing, sqTail, localSqTail);
        int toSubmit = localSqTail - submittedSqTail;
        boolean deferred = (setupFlags & SETUP_DEFER_TASKRUN) != 0;
        // With deferred task work, completions are only posted when we ask for events.
        int flags = minComplete > 0 || deferred ? ENTER_GETEVENTS : 0;
        if ((setupFlags & SETUP_SQPOLL) != 0) {
            VarHandle.fullFence();
            if (((int) INT.getAcquire(sqRing, sqFlags) & SQ_NEED_WAKEUP) != 0) {
                flags |= ENTER_SQ_WAKEUP;
            }
            submittedSqTail = localSqTail;
            if (sqSpace() == 0) {
                // The poller has not taken every entry yet: wait until it has room for more.
                flags |= ENTER_SQ_WAIT;
            }
            if (flags == 0) {
                return toSubmit;
            }
        } else if (toSubmit == 0 && minComplete == 0 && !cqOverflowed() && !deferred) {
            return 0;
        }
        if (minComplete > 0 && completionsReady() >= minComplete) {
            // The completions are already here; only submission needs the kernel.
            if (!deferred) {
                flags &= ~ENTER_GETEVENTS;
            }
            minComplete = 0;
            if (toSubmit == 0 && (setupFlags & SETUP_SQPOLL) == 0) {
                return 0;
            }
        }
        while (true) {
            long r = enter.call(toSubmit, minComplete, flags);
            if (r >= 0) {
                if ((setupFlags & SETUP_SQPOLL) == 0) {
                    submittedSqTail += (int) r;
                }
                return (int) r;
            }
            if (r != -Errno.EINTR) {
                return (int) r;
            }
        }
    }

    /**
     * Waits for {@code minComplete} completions without submitting anything. Retries EINTR.
     *
     * @return 0, or the negated errno
     */
    int waitOnly(int minComplete) {
        if (completionsReady() >= minComplete) {
            return 0;
        }
        return enterRetryingEintr(0, minComplete, ENTER_GETEVENTS);
    }

    /**
     * Asks the kernel to move completions it held back (CQ overflow) into the ring, as many as fit.
     * Retries EINTR.
     *
     * @return 0, or the negated errno
     */
    int flushOverflow() {
        return enterRetryingEintr(0, 0, ENTER_GETEVENTS);
    }

    private int enterRetryingEintr(int toSubmit, int minComplete, int flags) {
        while (true) {
            long r = enter.call(toSubmit, minComplete, flags);
            if (r >= 0) {
                return 0;
            }
            if (r != -Errno.EINTR) {
                return (int) r;
            }
        }
    }

    private long enterKernel(int toSubmit, int minComplete, int flags) {
        long r = Libc.syscall(state, Libc.SYS_IO_URING_ENTER, fd, toSubmit, minComplete, flags, 0, 0);
        return r < 0 ? -Libc.errno(state) : r;
    }

    /**
     * Routes this ring's {@code io_uring_enter} calls through {@code wrap} applied to the current
     * route: the seam tests use to make the kernel's answers fail or fall short on purpose.
     */
    void interceptEnter(UnaryOperator<Enter> wrap) {
        enter = wrap.apply(enter);
    }

    /**
     * Byte offsets in {@link #sqes} of the entries filled but not yet submitted, oldest first; lets
     * an {@link Enter} interceptor inspect or alter what is about to be submitted.
     */
    long[] unsubmittedSqes() {
        long[] offsets = new long[localSqTail - submittedSqTail];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (long) ((submittedSqTail + i) & sqMask) * SQE_BYTES;
        }
        return offsets;
    }

    /** How many completions the kernel has posted to the ring since it was created (wrapping). */
    int cqTail() {
        return (int) INT.getAcquire(cqRing, cqTail);
    }

    /** True when the kernel holds completions that did not fit the CQ ring. */
    boolean cqOverflowed() {
        return ((int) INT.getAcquire(sqRing, sqFlags) & SQ_CQ_OVERFLOW) != 0;
    }

    /** Completions posted and not yet consumed. */
    int completionsReady() {
        return (int) INT.getAcquire(cqRing, cqTail) - localCqHead;
    }

    /** Byte offset in the CQ ring of the {@code i}-th ready completion. */
    long cqeOffset(int i) {
        return cqes + (long) ((localCqHead + i) & cqMask) * CQE_BYTES;
    }

    long cqeUserData(long offset) {
        return cqRing.get(ValueLayout.JAVA_LONG, offset + CQE_USER_DATA);
    }

    int cqeRes(long offset) {
        return cqRing.get(ValueLayout.JAVA_INT, offset + CQE_RES);
    }

    /** Hands {@code n} consumed completions back to the kernel. */
    void consume(int n) {
        localCqHead += n;
        INT.setRelease(cqRing, cqHead, localCqHead);
    }

    /** Completions the kernel dropped (only on kernels without IORING_FEAT_NODROP). */
    int overflowCount() {
        return (int) INT.getAcquire(cqRing, cqOverflow);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unmap(sqes, sqesBytes);
        if (cqRing != sqRing) {
            unmap(cqRing, cqRingBytes);
        }
        unmap(sqRing, sqRingBytes);
        Libc.close(state, fd);
        arena.close();
    }
}
