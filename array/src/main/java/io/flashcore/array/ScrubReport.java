package io.flashcore.array;

import java.util.List;

/**
 * What a scrub found and did.
 *
 * @param stripesChecked      stripes read
 * @param shardsChecked       shards read and verified
 * @param corruptShards       shards with a bad header, a bad CRC32C or an I/O error on a usable drive
 * @param repairedShards      of those, shards rewritten from parity; and missing shards of degraded
 *                            stripes written to a drive that can take them now
 * @param missingShards       shards on failed or unusable drives (for rebuild, not repaired here), and
 *                            missing shards of degraded stripes (written when a drive can take them)
 * @param parityMismatches    stripes whose shards all passed their checks but whose parity did not match
 * @param unrepairableStripes stripes with more than m bad shards: their data cannot be served
 */
public record ScrubReport(long stripesChecked, long shardsChecked, long corruptShards, long repairedShards,
                          long missingShards, long parityMismatches, List<Long> unrepairableStripes) {
    /** True when nothing was wrong (missing shards of failed drives aside). */
    public boolean clean() {
        return corruptShards == 0 && parityMismatches == 0 && unrepairableStripes.isEmpty();
    }
}
