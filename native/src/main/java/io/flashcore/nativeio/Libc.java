package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The libc calls flashcore makes on Linux, resolved once. Every call takes a call-state segment
 * (from {@link #newCallState(Arena)}) that receives {@code errno}; a negative return means failure
 * and {@link #errno(MemorySegment)} tells why.
 *
 * <p>Package-private on purpose: native access is fenced here and in the ring code.
 */
final class Libc {
    /** Null when the calls below can be made; otherwise why not. */
    static final String UNAVAILABLE;

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_CLOEXEC = 0x80000;
    static final int O_DIRECT;

    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_POPULATE = 0x8000;

    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_TYPE = 0x1;
    static final int STATX_SIZE = 0x200;
    static final int STATX_DIOALIGN = 0x2000;
    static final int S_IFMT = 0xF000;
    static final int S_IFBLK = 0x6000;
    static final int S_IFREG = 0x8000;

    static final long BLKSSZGET = 0x1268;
    static final long BLKGETSIZE64 = 0x80081272L;
    static final long BLKDISCARD = 0x1277;

    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    /** Byte offsets in {@code struct statx}. */
    static final long STATX_BYTES = 256;
    static final long STX_MASK = 0;
    static final long STX_BLKSIZE = 4;
    static final long STX_MODE = 28;
    static final long STX_SIZE = 40;
    static final long STX_DIO_MEM_ALIGN = 152;
    static final long STX_DIO_OFFSET_ALIGN = 156;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SYSCALL6;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle IOCTL;
    private static final MethodHandle STATX;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle FSYNC;
    private static final MethodHandle FDATASYNC;

    static {
        String reason = null;
        MethodHandle[] h = new MethodHandle[11];
        int oDirect = 0;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux")) {
            reason = "not Linux (" + System.getProperty("os.name") + ")";
        } else if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            reason = "unsupported architecture " + arch;
        } else {
            // O_DIRECT differs between the x86-64 and the generic (aarch64) ABI.
            oDirect = arch.equals("aarch64") ? 0x10000 : 0x4000;
            try {
                bind(h);
            } catch (Throwable t) {
                reason = "libc binding failed: " + t;
            }
        }
        UNAVAILABLE = reason;
        O_DIRECT = oDirect;
        SYSCALL6 = h[0];
        OPEN = h[1];
        CLOSE = h[2];
        MMAP = h[3];
        MUNMAP = h[4];
        IOCTL = h[5];
        STATX = h[6];
        FALLOCATE = h[7];
        FTRUNCATE = h[8];
        FSYNC = h[9];
        FDATASYNC = h[10];
    }

    private Libc() {
    }

    @SuppressWarnings("restricted")
    private static void bind(MethodHandle[] h) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        ValueLayout l = ValueLayout.JAVA_LONG;
        ValueLayout i = ValueLayout.JAVA_INT;
        ValueLayout a = ValueLayout.ADDRESS;
        // syscall(2) is variadic; every argument passed as a 64-bit integer fills a full register,
        // which is what the kernel reads on both supported ABIs.
        h[0] = linker.downcallHandle(libc.findOrThrow("syscall"),
                FunctionDescriptor.of(l, l, l, l, l, l, l, l), Linker.Option.firstVariadicArg(1), errno);
        h[1] = linker.downcallHandle(libc.findOrThrow("open"),
                FunctionDescriptor.of(i, a, i, i), Linker.Option.firstVariadicArg(2), errno);
        h[2] = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(i, i), errno);
        h[3] = linker.downcallHandle(libc.findOrThrow("mmap"), FunctionDescriptor.of(a, a, l, i, i, i, l), errno);
        h[4] = linker.downcallHandle(libc.findOrThrow("munmap"), FunctionDescriptor.of(i, a, l), errno);
        h[5] = linker.downcallHandle(libc.findOrThrow("ioctl"),
                FunctionDescriptor.of(i, i, l, a), Linker.Option.firstVariadicArg(2), errno);
        h[6] = linker.downcallHandle(libc.findOrThrow("statx"), FunctionDescriptor.of(i, i, a, i, i, a), errno);
        h[7] = linker.downcallHandle(libc.findOrThrow("fallocate"), FunctionDescriptor.of(i, i, i, l, l), errno);
        h[8] = linker.downcallHandle(libc.findOrThrow("ftruncate"), FunctionDescriptor.of(i, i, l), errno);
        h[9] = linker.downcallHandle(libc.findOrThrow("fsync"), FunctionDescriptor.of(i, i), errno);
        h[10] = linker.downcallHandle(libc.findOrThrow("fdatasync"), FunctionDescriptor.of(i, i), errno);
    }

    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** A segment that receives errno after each call; confine it to one thread. */
    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static long syscall(MemorySegment state, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) SYSCALL6.invokeExact(state, nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int open(MemorySegment state, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(state, path, flags, mode);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int close(MemorySegment state, int fd) {
        try {
            return (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static MemorySegment mmap(MemorySegment state, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int munmap(MemorySegment state, MemorySegment address, long length) {
        try {
            return (int) MUNMAP.invokeExact(state, address, length);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int ioctl(MemorySegment state, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(state, fd, request, arg);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int statx(MemorySegment state, int fd, int mask, MemorySegment buf, MemorySegment emptyPath) {
        try {
            return (int) STATX.invokeExact(state, fd, emptyPath, AT_EMPTY_PATH, mask, buf);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int fallocate(MemorySegment state, int fd, int mode, long offset, long length) {
        try {
            return (int) FALLOCATE.invokeExact(state, fd, mode, offset, length);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int ftruncate(MemorySegment state, int fd, long length) {
        try {
            return (int) FTRUNCATE.invokeExact(state, fd, length);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int fsync(MemorySegment state, int fd, boolean dataOnly) {
        try {
            return dataOnly ? (int) FDATASYNC.invokeExact(state, fd) : (int) FSYNC.invokeExact(state, fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
