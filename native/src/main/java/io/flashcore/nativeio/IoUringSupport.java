package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this process may use io_uring: Linux on x86-64 or aarch64, and an
 * {@code io_uring_setup} that succeeds (it fails when disabled by the {@code
 * kernel.io_uring_disabled} sysctl or blocked by seccomp).
 *
 * <p>The probe runs once, on first use, and creates and closes a two-entry ring. Thread-safe.
 */
public final class IoUringSupport {
    private static final String REASON = probe();

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

    private static String probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "not Linux (" + System.getProperty("os.name") + ")";
        }
        String arch = System.getProperty("os.arch", "");
        long setupSyscall = switch (arch) {
            case "amd64", "x86_64", "aarch64" -> 425L; // io_uring_setup on both ABIs
            default -> -1L;
        };
        if (setupSyscall < 0) {
            return "unsupported architecture " + arch;
        }
        try {
            return trySetup(setupSyscall);
        } catch (Throwable t) {
            return "io_uring probe failed: " + t;
        }
    }

    @SuppressWarnings("restricted")
    private static String trySetup(long setupSyscall) throws Throwable {
        Linker linker = Linker.nativeLinker();
        StructLayout capture = Linker.Option.captureStateLayout();
        VarHandle errnoHandle = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        MethodHandle syscall = linker.downcallHandle(
                linker.defaultLookup().findOrThrow("syscall"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(120, 8); // struct io_uring_params, zeroed
            MemorySegment state = arena.allocate(capture);
            long fd = (long) syscall.invokeExact(state, setupSyscall, 2, params);
            if (fd < 0) {
                int errno = (int) errnoHandle.get(state, 0L);
                return "io_uring_setup failed with errno " + errno
                        + (errno == 1 || errno == 13 ? " (disabled by sysctl kernel.io_uring_disabled or seccomp)"
                        : errno == 38 ? " (ENOSYS: kernel without io_uring)" : "");
            }
            int ignored = (int) close.invokeExact((int) fd);
            return null;
        }
    }

}
