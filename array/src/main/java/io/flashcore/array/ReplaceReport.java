package io.flashcore.array;

import java.util.List;

/**
 * What a drive replacement did ({@link FlashArray#replaceDrive}).
 *
 * @param drive          the drive put back into service, numbered from 0
 * @param previousState  its state before: {@code FAILED} (its shards were still needed) or {@code OUT}
 *                       (rebuilt elsewhere before; it comes back empty)
 * @param stripesChecked stripes with a shard on the drive, read and verified
 * @param shardsRestored shards reconstructed from the other drives and written onto it
 * @param unrepairable   stripes whose shard on the drive could not be restored (more than m bad
 *                       shards): their data cannot be served
 * @param seconds        wall-clock duration
 */
public record ReplaceReport(int drive, String previousState, long stripesChecked, long shardsRestored,
                            List<Long> unrepairable, double seconds) {
    /** Checks the fields and keeps an immutable copy of the list. */
    public ReplaceReport {
        unrepairable = List.copyOf(unrepairable);
    }
}
