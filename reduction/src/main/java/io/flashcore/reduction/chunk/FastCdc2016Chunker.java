package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * FastCDC 2016, cut for cut identical to fastcdc-rs {@code v2016}: gear hash from byte
 * {@code min}, the strict mask before {@code avg}, the eager mask after, a cut at {@code max}; a
 * match on a byte ends the chunk just before that byte.
 */
final class FastCdc2016Chunker extends AbstractChunker {
    private final long[] gear;
    private final long maskS;
    private final long maskL;
    private final long min;
    private final long smallEnd;
    private final long max;

    private long pos;
    private long hash;

    FastCdc2016Chunker(ChunkerSpec spec) {
        super(spec);
        gear = GearTable.gear(spec.seed());
        int bits = GearTable.log2Rounded(spec.avgBytes());
        maskS = GearTable.mask(bits + spec.level());
        maskL = GearTable.mask(bits - spec.level());
        min = spec.minBytes();
        max = spec.maxBytes();
        smallEnd = Math.min(spec.avgBytes(), max);
    }

    @Override
    int scan(MemorySegment data, long from, long to) {
        long i = from;
        long p = pos;
        long h = hash;
        final long[] g = gear;
        while (i < to) {
            if (p < min) {
                long skip = Math.min(min - p, to - i);
                p += skip;
                i += skip;
                continue;
            }
            if (p >= max) {
                return cut(max, i);
            }
            boolean small = p < smallEnd;
            long m = small ? maskS : maskL;
            long end = i + Math.min((small ? smallEnd : max) - p, to - i);
            long base = p - i;
            for (; i < end; i++) {
                h = (h << 1) + g[data.get(ValueLayout.JAVA_BYTE, i) & 0xff];
                if ((h & m) == 0) {
                    return cut(base + i, i);
                }
            }
            p = base + i;
        }
        if (p >= max) {
            return cut(max, i);
        }
        pos = p;
        hash = h;
        return -1;
    }

    private int cut(long length, long resumeAt) {
        pos = 0;
        hash = 0;
        resume = resumeAt;
        return (int) length;
    }

    @Override
    void resetState() {
        pos = 0;
        hash = 0;
    }
}
