package io.flashcore.reduction.compress;

import java.lang.foreign.MemorySegment;

/**
 * Finds the decoded bytes of a reference chunk by id, for decoding DELTA records. A reference is
 * always stored as a plain (non-delta) record, so resolving it never needs another reference.
 */
@FunctionalInterface
public interface ReferenceResolver {
    /** A resolver that knows no reference: any DELTA record fails with {@link MissingReferenceException}. */
    ReferenceResolver NONE = id -> null;

    /**
     * The reference chunk's decoded bytes (native memory, valid until the decode returns), or
     * {@code null} when {@code referenceId} is unknown.
     */
    MemorySegment resolve(long referenceId);
}
