package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * FastCDC 2020, cut for cut identical to fastcdc-rs {@code v2020}: gear hash rolled two bytes at
 * a time from {@code 2·⌊min/2⌋}, the strict mask before {@code 2·⌊avg/2⌋}, the eager mask after,
 * and a cut at {@code max}. As in the reference, a match on a byte ends the chunk just before that
 * byte.
 *
 * <p>The reference never tests a chunk's last byte when it sits at an even offset; to stay exact
 * across buffer splits, such a byte at the end of a buffer waits in {@link #pending} until the
 * next byte (or the end of the stream) arrives.
 */
final class FastCdc2020Chunker extends AbstractChunker {

    private final long[] gear;
    private final long[] gearShifted;
    private final long maskS;
    private final long maskL;
    private final long hashStart;
    private final long smallEnd;
    private final long hashEnd;
    private final long max;

    private long pos;
    private long hash;
    /** The byte at even offset {@link #pos} still waiting for its pair, or -1. */
    private int pending = -1;

    FastCdc2020Chunker(ChunkerSpec spec) {
        super(spec);
        gear = GearTable.gear(spec.seed());
        gearShifted = GearTable.gearShifted(spec.seed());
        int bits = GearTable.log2Rounded(spec.avgBytes());
        maskS = GearTable.mask(bits + spec.level());
        maskL = GearTable.mask(bits - spec.level());
        hashStart = 2L * (spec.minBytes() / 2);
        hashEnd = 2L * (spec.maxBytes() / 2);
        smallEnd = Math.min(2L * (spec.avgBytes() / 2), hashEnd);
        max = spec.maxBytes();
    }

    @Override
    int scan(MemorySegment data, long from, long to) {
        long i = from;
        long p = pos;
        long h = hash;
        final long[] g = gear;
        final long[] gls = gearShifted;
        if (pending >= 0) {
            int b0 = pending;
            pending = -1;
            long ms = p < smallEnd ? maskS : maskL;
            h = (h << 2) + gls[b0];
            if ((h & (ms << 1)) == 0) {
                // the waiting byte starts the next chunk
                return cut(p, 1, i);
            }
            h += g[data.get(ValueLayout.JAVA_BYTE, i) & 0xff];
            i++;
            if ((h & ms) == 0) {
                return cut(p + 1, 0, i - 1);
            }
            p += 2;
        }
        while (i < to) {
            if (p < hashStart) {
                long skip = Math.min(hashStart - p, to - i);
                p += skip;
                i += skip;
                continue;
            }
            if (p >= hashEnd) {
                long need = max - p;
                if (need > to - i) {
                    p += to - i;
                    i = to;
                    break;
                }
                return cut(max, 0, i + need);
            }
            boolean small = p < smallEnd;
            long ms = small ? maskS : maskL;
            long msl = ms << 1;
            long pairs = Math.min(((small ? smallEnd : hashEnd) - p) >>> 1, (to - i) >>> 1);
            if (pairs == 0) {
                pending = data.get(ValueLayout.JAVA_BYTE, i) & 0xff;
                i++;
                break;
            }
            long base = p - i;
            long end = i + 2 * pairs;
            for (; i < end; i += 2) {
                h = (h << 2) + gls[data.get(ValueLayout.JAVA_BYTE, i) & 0xff];
                if ((h & msl) == 0) {
                    return cut(base + i, 0, i);
                }
                h += g[data.get(ValueLayout.JAVA_BYTE, i + 1) & 0xff];
                if ((h & ms) == 0) {
                    return cut(base + i + 1, 0, i + 1);
                }
            }
            p = base + i;
        }
        if (p == max) {
            return cut(max, 0, i);
        }
        pos = p;
        hash = h;
        return -1;
    }

    /** Ends the chunk at {@code length} bytes; the next chunk already holds {@code carried} bytes. */
    private int cut(long length, long carried, long resumeAt) {
        pos = carried;
        hash = 0;
        resume = resumeAt;
        return (int) length;
    }

    @Override
    void resetState() {
        pos = 0;
        hash = 0;
        pending = -1;
    }
}
