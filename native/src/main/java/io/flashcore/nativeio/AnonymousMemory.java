package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Private anonymous memory mappings: zero-filled, backed lazily as pages are first touched, and
 * optionally advised onto transparent huge pages ({@code madvise(MADV_HUGEPAGE)}).
 *
 * <p>Why not {@link Arena#allocate}: it zero-fills the whole block at once, so every page is faulted
 * in as a 4 KiB page before advice could apply. A large table read at random (such as the dedup
 * index) misses the TLB on nearly every access with 4 KiB pages; with 2 MiB pages its page-table
 * walk mostly disappears. Huge pages are advice: where the kernel declines, the mapping still works.
 */
public final class AnonymousMemory {
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final long SYS_MADVISE = System.getProperty("os.arch", "").equals("aarch64") ? 233 : 28;
    /** Bytes of a transparent huge page on the supported architectures. */
    public static final long HUGE_PAGE_BYTES = 2L * 1024 * 1024;

    private AnonymousMemory() {
    }

    /** Whether {@link #map} can be called here (Linux on x86-64 or aarch64 with libc bound). */
    public static boolean isAvailable() {
        return Libc.isAvailable();
    }

    /**
     * Maps {@code bytes} (a positive multiple of 4096) of zeroed read-write memory, unmapped when
     * {@code arena} closes; with {@code hugePages}, advises the kernel to back it with transparent huge
     * pages (ignored where they are disabled).
     *
     * @throws IllegalArgumentException when {@code bytes} is not a positive multiple of 4096
     * @throws OutOfMemoryError         when the kernel refuses the mapping
     * @throws IllegalStateException    when {@link #isAvailable()} is false
     */
    public static MemorySegment map(long bytes, boolean hugePages, Arena arena) {
        if (bytes <= 0 || bytes % 4096 != 0) {
            throw new IllegalArgumentException("bytes must be a positive multiple of 4096, got " + bytes);
        }
        if (!Libc.isAvailable()) {
            throw new IllegalStateException("anonymous mappings are unavailable: " + Libc.UNAVAILABLE);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(call);
            MemorySegment m = Libc.mmap(state, bytes, Libc.PROT_READ | Libc.PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
            if (m.address() == -1L) {
                throw new OutOfMemoryError("mmap of " + bytes + " anonymous bytes failed: "
                        + Errno.name(Libc.errno(state)));
            }
            if (hugePages) {
                // Advice only: EINVAL where transparent huge pages are compiled out changes nothing.
                Libc.syscall(state, SYS_MADVISE, m.address(), bytes, MADV_HUGEPAGE, 0, 0, 0);
            }
            return attach(m, bytes, arena);
        }
    }

    @SuppressWarnings("restricted")
    private static MemorySegment attach(MemorySegment m, long bytes, Arena arena) {
        return m.reinterpret(bytes, arena, s -> unmap(s, bytes));
    }

    private static void unmap(MemorySegment m, long bytes) {
        try (Arena call = Arena.ofConfined()) {
            Libc.munmap(Libc.newCallState(call), m, bytes);
        }
    }
}
