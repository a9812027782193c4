package io.flashcore.nativeio;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The whole address space as one native segment, for hot loops that check every segment they
 * touch once at their API edge (native, alive, owned by the calling thread, long enough) and then
 * address it by raw address without a bounds check per access.
 *
 * <p>Creating it is a restricted operation, which flashcore keeps in this module. A caller that
 * uses it must not let an arena close while it reads or writes that arena's memory. Thread-safe.
 */
public final class RawMemory {
    private static final MemorySegment ALL = create();

    private RawMemory() {
    }

    /** The whole address space, or empty where native access is not enabled for this module. */
    public static Optional<MemorySegment> wholeAddressSpace() {
        return Optional.ofNullable(ALL);
    }

    @SuppressWarnings("restricted")
    private static MemorySegment create() {
        try {
            return MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            return null;
        }
    }
}
