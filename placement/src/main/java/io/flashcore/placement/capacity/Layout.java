package io.flashcore.placement.capacity;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How stored bytes are protected: erasure coding k+m, a locally repairable code, or replication.
 * Its {@link #redundancyFactor()} is the flash written per byte protected.
 */
public sealed interface Layout permits ErasureLayout, LrcLayout, ReplicationLayout {
    /** A short name: {@code 10+4}, {@code LRC 12+2+2}, {@code 3x}; {@link #parse} reads it back. */
    String name();

    /** Bytes of flash per byte of data protected (e.g. (k+m)÷k), ≥ 1. */
    double redundancyFactor();

    /** How many drive failures in one stripe any data survives. */
    int toleratedFailures();

    /** Drives one stripe (or one set of replicas) spans. */
    int width();

    /** Shards read to rebuild one lost shard (k for k+m, the local group for LRC, 1 for replication). */
    int rebuildReads();

    /**
     * Reads a layout name: {@code k+m} (e.g. {@code 10+4}), {@code LRC k+l+r} (k data shards in l
     * local groups with one local parity each, r global parities; e.g. {@code LRC 12+2+2}), or
     * {@code Nx} replication (e.g. {@code 3x}); case and spaces are ignored.
     *
     * @throws IllegalArgumentException naming the text and the forms expected
     */
    static Layout parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher m = Pattern.compile("(\\d+)\\+(\\d+)").matcher(s);
        if (m.matches()) {
            return new ErasureLayout(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        m = Pattern.compile("lrc:?(\\d+)\\+(\\d+)\\+(\\d+)").matcher(s);
        if (m.matches()) {
            return new LrcLayout(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        m = Pattern.compile("(\\d+)x").matcher(s);
        if (m.matches()) {
            return new ReplicationLayout(Integer.parseInt(m.group(1)));
        }
        throw new IllegalArgumentException("unknown layout '" + text + "': expected k+m (10+4), LRC k+l+r (LRC 12+2+2) or Nx (3x)");
    }

    /**
     * The layouts the bill prices side by side: 3× replication, 4+2, 8+2, 10+4, 16+4, 146+4 and
     * LRC 12+2+2.
     */
    static List<Layout> priced() {
        return List.of(new ReplicationLayout(3), new ErasureLayout(4, 2), new ErasureLayout(8, 2),
                new ErasureLayout(10, 4), new ErasureLayout(16, 4), new ErasureLayout(146, 4), new LrcLayout(12, 2, 2));
    }
}
