package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Binds the calling thread to one CPU ({@code sched_setaffinity} through FFM). An I/O thread's
 * placement decides how fast it can drive a device: a thread on the core that takes the device's
 * completion interrupts shares it with them (a virtio disk here: 4 KiB random writes at half the
 * rate of a thread on the other core, for fio and flashcore alike), so benchmarks that compare
 * two tools pin both to the same core.
 */
public final class CpuAffinity {
    private static final boolean AARCH64 = System.getProperty("os.arch", "").equals("aarch64");
    private static final long SYS_SCHED_SETAFFINITY = AARCH64 ? 122 : 203;
    private static final long SYS_SCHED_GETAFFINITY = AARCH64 ? 123 : 204;
    /** Bytes of the CPU mask passed to the kernel: room for 8192 CPUs. */
    private static final int MASK_BYTES = 1024;

    private CpuAffinity() {
    }

    /** Whether {@link #pinCurrentThread} can work here (Linux with libc bound). */
    public static boolean isAvailable() {
        return Libc.isAvailable();
    }

    /**
     * Restricts the calling thread to CPU {@code cpu}.
     *
     * @throws IllegalArgumentException when {@code cpu} is negative or beyond the mask's range
     * @throws java.io.IOException when the kernel refuses (the CPU is offline, outside the
     *         process's cpuset, ...), naming the CPU and the errno
     * @throws UnsupportedOperationException when libc is not available here
     */
    public static void pinCurrentThread(int cpu) throws java.io.IOException {
        if (cpu < 0 || cpu >= MASK_BYTES * 8) {
            throw new IllegalArgumentException("cpu " + cpu + " is out of range 0.." + (MASK_BYTES * 8 - 1));
        }
        if (!isAvailable()) {
            throw new UnsupportedOperationException("CPU affinity needs Linux and libc; not available here");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(arena);
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            mask.set(ValueLayout.JAVA_BYTE, cpu >>> 3, (byte) (1 << (cpu & 7)));
            long r = Libc.syscall(state, SYS_SCHED_SETAFFINITY, 0, MASK_BYTES, mask.address(), 0, 0, 0);
            if (r < 0) {
                int errno = Libc.errno(state);
                throw new java.io.IOException("cannot pin the thread to cpu " + cpu + ": sched_setaffinity failed with "
                        + Errno.name(errno) + (errno == Errno.EINVAL ? " (no such CPU online in this process's set)" : ""));
            }
        }
    }

    /** The CPUs the calling thread may run on, in ascending order (empty when libc is not available). */
    public static int[] currentThreadCpus() {
        if (!isAvailable()) {
            return new int[0];
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(arena);
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            long r = Libc.syscall(state, SYS_SCHED_GETAFFINITY, 0, MASK_BYTES, mask.address(), 0, 0, 0);
            if (r < 0) {
                return new int[0];
            }
            int n = 0;
            int[] cpus = new int[64];
            for (int b = 0; b < r; b++) {
                int v = mask.get(ValueLayout.JAVA_BYTE, b) & 0xff;
                for (int bit = 0; v != 0 && bit < 8; bit++, v >>>= 1) {
                    if ((v & 1) != 0) {
                        if (n == cpus.length) {
                            cpus = java.util.Arrays.copyOf(cpus, 2 * n);
                        }
                        cpus[n++] = b * 8 + bit;
                    }
                }
            }
            return java.util.Arrays.copyOf(cpus, n);
        }
    }
}
