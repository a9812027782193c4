package io.flashcore.array;

/**
 * Receives the progress of a long operation (put, get, rebuild, scrub, compaction). Called from the
 * thread running the operation; implementations must be quick and must not call back into the
 * array.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (operation, done, total) -> { };

    /**
     * {@code done} units of {@code total} are finished ({@code total} is -1 when unknown); the unit
     * is bytes for put and get, stripes for rebuild, scrub and compaction.
     */
    void progress(String operation, long done, long total);
}
