package io.flashcore.nativeio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process may use io_uring: Linux on x86-64 or aarch64, and an
 * {@code io_uring_setup} that succeeds (it fails when disabled by the {@code
 * kernel.io_uring_disabled} sysctl or blocked by seccomp).
 *
 * <p>The probe runs once, on first use: it creates a two-entry ring, records which opcodes the
 * kernel supports, and closes it. Thread-safe.
 */
public final class IoUringSupport {
    private static final System.Logger LOG = System.getLogger("io.flashcore.nativeio");
    private static final String REASON;
    private static final boolean[] OPS = new boolean[IoUringLayout.PROBE_OPS];
    private static volatile boolean fallbackLogged;

    static {
        String reason;
        if (!Libc.isAvailable()) {
            reason = Libc.UNAVAILABLE;
        } else {
            try (IoUring ring = IoUring.create(2, false)) {
                for (int op = 0; op < OPS.length; op++) {
                    OPS[op] = ring.supports(op);
                }
                reason = null;
            } catch (Throwable t) {
                reason = t.getMessage() != null ? t.getMessage() : t.toString();
            }
        }
        REASON = reason;
    }

    private IoUringSupport() {
    }

    /** True when io_uring rings can be created in this process. */
    public static boolean isAvailable() {
        return REASON == null;
    }

    /** Why io_uring cannot be used here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(REASON);
    }

    /** The io_uring opcodes (numbers) the kernel reports as supported; empty when unavailable. */
    public static List<Integer> supportedOpcodes() {
        List<Integer> ops = new ArrayList<>();
        for (int op = 0; op < OPS.length; op++) {
            if (OPS[op]) {
                ops.add(op);
            }
        }
        return ops;
    }

    /**
     * The back-end to use: {@code requested} when non-null, else the one the system property
     * {@value IoEngine#BACKEND_PROPERTY} names, else io_uring when available, else FileChannel (with
     * one log line saying why, the first time).
     *
     * @throws IllegalArgumentException when the property names no back-end
     * @throws java.io.UncheckedIOException never; an unavailable forced io_uring fails at ring setup
     */
    public static IoBackend chooseBackend(IoBackend requested) {
        if (requested != null) {
            return requested;
        }
        String forced = System.getProperty(IoEngine.BACKEND_PROPERTY);
        if (forced != null && !forced.isBlank() && !forced.equalsIgnoreCase("auto")) {
            return IoBackend.parse(forced);
        }
        if (isAvailable()) {
            return IoBackend.IO_URING;
        }
        if (!fallbackLogged) {
            fallbackLogged = true;
            LOG.log(System.Logger.Level.INFO, "io_uring unavailable (" + REASON
                    + "); using the FileChannel I/O back-end");
        }
        return IoBackend.FILECHANNEL;
    }
}
