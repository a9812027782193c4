package io.flashcore.reduction.compress;

import com.github.luben.zstd.Zstd;

/** The zstd compression levels flashcore accepts: the library's negative fast levels through 22. */
public final class ZstdLevels {
    /** The fastest (most negative) level zstd accepts. */
    public static final int MIN = Zstd.minCompressionLevel();
    /** The strongest level zstd accepts. */
    public static final int MAX = Zstd.maxCompressionLevel();
    /** zstd's default level. */
    public static final int DEFAULT = 3;

    private ZstdLevels() {
    }

    /**
     * Returns {@code level} when it is a valid zstd level.
     *
     * @throws IllegalArgumentException naming the level and the accepted range otherwise
     */
    public static int check(int level) {
        if (level < MIN || level > MAX || level == 0) {
            throw new IllegalArgumentException("zstd level " + level + " is out of range: expected "
                    + MIN + ".." + "-1 or 1.." + MAX);
        }
        return level;
    }
}
