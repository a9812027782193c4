package io.flashcore.nativeio;

import static io.flashcore.nativeio.IoUringLayout.*;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted {@code io_uring_enter} for one ring, installed through {@link IoUring#interceptEnter}:
 * fails chosen calls with a chosen errno before the kernel sees them (as the kernel does: nothing
 * submitted), shortens chosen reads and writes before they are submitted (so the kernel really
 * transfers fewer bytes), records every entry submitted, and fails the test with an
 * {@link AssertionError} instead of letting a call wait for completions that can never come.
 * For rings without SQPOLL (with it, the kernel takes entries without a call).
 */
final class EnterScript {
    /** {@code IORING_NOP_INJECT_RESULT}: a NOP completes with the result its {@code len} carries. */
    private static final int NOP_INJECT_RESULT = 1;

    /** A submission entry as the kernel received it. */
    record Sqe(int opcode, long offset, long address, int length, long userData) {
        boolean isTransfer() {
            return opcode == OP_READ || opcode == OP_WRITE || opcode == OP_READ_FIXED || opcode == OP_WRITE_FIXED;
        }
    }

    private final IoUring ring;
    private IoUring.Enter kernel;
    private int failuresLeft;
    private int failEvery;
    private int failErrno;
    private boolean failSubmissions;
    private boolean failedLastSubmission;
    private long calls;
    private int injected;
    private int shortenLeft;
    private int shortenTo;
    private long submitted;
    private boolean overflowSeen;
    private int cancelled;
    private final List<Sqe> sqes = new ArrayList<>();

    EnterScript(IoUring ring) {
        this.ring = ring;
        ring.interceptEnter(k -> {
            kernel = k;
            return this::call;
        });
    }

    /** The next {@code n} calls fail with {@code errno}. */
    void failNext(int n, int errno) {
        failuresLeft = n;
        failEvery = 0;
        failSubmissions = false;
        failErrno = errno;
    }

    /** From now on every {@code period}-th call fails with {@code errno}. */
    void failEvery(int period, int errno) {
        failuresLeft = 0;
        failEvery = period;
        failSubmissions = false;
        failErrno = errno;
    }

    /** From now on every call that submits entries fails once with {@code errno} before it goes through. */
    void failEachSubmissionOnce(int errno) {
        failuresLeft = 0;
        failEvery = 0;
        failSubmissions = true;
        failErrno = errno;
    }

    /** The next {@code n} reads or writes submitted transfer at most {@code bytes} bytes each. */
    void shortenNext(int n, int bytes) {
        shortenLeft = n;
        shortenTo = bytes;
    }

    /** A call straight to the kernel, past the script's faults (its accounting still applies). */
    long kernel(int toSubmit, int minComplete, int flags) {
        return real(toSubmit, minComplete, flags);
    }

    int injected() {
        return injected;
    }

    int failuresLeft() {
        return failuresLeft;
    }

    int shortenLeft() {
        return shortenLeft;
    }

    /** Linked successors of shortened entries turned into cancellations, as the kernel would cancel them. */
    int cancelled() {
        return cancelled;
    }

    long calls() {
        return calls;
    }

    /** True once any call returned with completions held back by the kernel (CQ overflow). */
    boolean overflowSeen() {
        return overflowSeen;
    }

    /** Every entry the kernel accepted, in submission order. */
    List<Sqe> submitted() {
        return List.copyOf(sqes);
    }

    private long call(int toSubmit, int minComplete, int flags) {
        calls++;
        boolean fail = failuresLeft > 0 || (failEvery > 0 && calls % failEvery == 0);
        if (failSubmissions && toSubmit > 0) {
            fail = !failedLastSubmission;
            failedLastSubmission = fail;
        }
        if (fail) {
            if (failuresLeft > 0) {
                failuresLeft--;
            }
            injected++;
            // Ready first, owed second: the kernel posts completions meanwhile, and this order can only
            // under-count the total, never ask to wait for a completion that will not come.
            int ready = ring.completionsReady();
            int coming = coming(0);
            if (toSubmit == 0 && (flags & ENTER_GETEVENTS) != 0 && coming > 0) {
                // The worst a failed wait can do: let every completion in flight arrive, then fail.
                real(0, Math.min(ready + coming, ring.cqEntries), ENTER_GETEVENTS);
            }
            return -failErrno;
        }
        return real(toSubmit, minComplete, flags);
    }

    /** Completions the kernel owes: entries submitted whose completion is not in the ring yet. */
    private int coming(int toSubmit) {
        return (int) (submitted + toSubmit - Integer.toUnsignedLong(ring.cqTail()));
    }

    private long real(int toSubmit, int minComplete, int flags) {
        if ((flags & ENTER_GETEVENTS) != 0 && minComplete > 0) {
            // Owed first, ready second: completions posted in between are counted twice at worst, so a
            // completion arriving during the check cannot make a correct wait look like a hang.
            int coming = coming(toSubmit);
            int ready = ring.completionsReady();
            if (minComplete > ready + coming || minComplete > ring.cqEntries) {
                throw new AssertionError("io_uring_enter would wait for " + minComplete + " completions with "
                        + ready + " ready and only " + coming + " to come");
            }
        }
        long[] pending = ring.unsubmittedSqes();
        int n = Math.min(toSubmit, pending.length);
        for (int i = 0; i < n; i++) {
            long o = pending[i];
            int opcode = Byte.toUnsignedInt(ring.sqes.get(ValueLayout.JAVA_BYTE, o + SQE_OPCODE));
            Sqe s = sqe(o, opcode);
            if (s.isTransfer() && shortenLeft > 0 && s.length() > shortenTo) {
                shortenLeft--;
                ring.sqes.set(ValueLayout.JAVA_INT, o + SQE_LEN, shortenTo);
                boolean linked = (ring.sqes.get(ValueLayout.JAVA_BYTE, o + SQE_FLAGS) & SQE_IO_LINK) != 0;
                if (linked && i + 1 < n) {
                    // The kernel breaks a chain at a short transfer; the entry was shortened
                    // before the kernel saw it, so break the chain as the kernel would.
                    cancelAsTheKernelWould(pending[++i]);
                }
            }
        }
        long r = kernel.call(toSubmit, minComplete, flags);
        if (r > 0) {
            for (int i = 0; i < Math.min(r, pending.length); i++) {
                long o = pending[i];
                sqes.add(sqe(o, Byte.toUnsignedInt(ring.sqes.get(ValueLayout.JAVA_BYTE, o + SQE_OPCODE))));
            }
            submitted += r;
        }
        overflowSeen |= ring.cqOverflowed();
        return r;
    }

    /** Turns the entry at {@code o} into a NOP completing with -ECANCELED, still linked onward. */
    private void cancelAsTheKernelWould(long o) {
        long userData = ring.sqes.get(ValueLayout.JAVA_LONG, o + SQE_USER_DATA);
        byte link = (byte) (ring.sqes.get(ValueLayout.JAVA_BYTE, o + SQE_FLAGS) & SQE_IO_LINK);
        for (long k = 0; k < SQE_BYTES; k += 8) {
            ring.sqes.set(ValueLayout.JAVA_LONG, o + k, 0L);
        }
        ring.sqes.set(ValueLayout.JAVA_BYTE, o + SQE_OPCODE, (byte) OP_NOP);
        ring.sqes.set(ValueLayout.JAVA_BYTE, o + SQE_FLAGS, link);
        ring.sqes.set(ValueLayout.JAVA_INT, o + SQE_OP_FLAGS, NOP_INJECT_RESULT);
        ring.sqes.set(ValueLayout.JAVA_INT, o + SQE_LEN, -Errno.ECANCELED);
        ring.sqes.set(ValueLayout.JAVA_LONG, o + SQE_USER_DATA, userData);
        cancelled++;
    }

    private Sqe sqe(long o, int opcode) {
        return new Sqe(opcode, ring.sqes.get(ValueLayout.JAVA_LONG, o + SQE_OFF),
                ring.sqes.get(ValueLayout.JAVA_LONG, o + SQE_ADDR), ring.sqes.get(ValueLayout.JAVA_INT, o + SQE_LEN),
                ring.sqes.get(ValueLayout.JAVA_LONG, o + SQE_USER_DATA));
    }
}
