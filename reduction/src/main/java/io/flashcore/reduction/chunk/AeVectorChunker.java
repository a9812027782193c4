package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hash-free Asymmetric Extremum chunking (AE, Zhang et al. 2015) over 16-bit values, vectorised
 * in the manner of VectorCDC (FAST '25). Definition, version 1, sizes in bytes, positions
 * relative to the chunk start:
 * <ol>
 *   <li>the value at position {@code r} is {@code byte[r-1]·256 + byte[r]} (bytes unsigned), so
 *       values rarely tie;</li>
 *   <li>from position {@code min} on, track the running maximum {@code M} (strictly greater values
 *       replace it) and its position {@code m};</li>
 *   <li>the chunk ends just after position {@code m + w}, with {@code w = ⌊(avg - min)·7/12⌋}
 *       (≈ (avg - min)/(e - 1), AE's expected spread), once no value in {@code (m, m + w]}
 *       exceeded {@code M};</li>
 *   <li>a chunk that reaches {@code max} bytes ends there.</li>
 * </ol>
 * Unlike RAM, the cut follows a point that dominates the bytes after it, which a different chunk
 * start finds as well, so cuts resynchronise after an edit about as well as FastCDC's.
 *
 * <p>The vector path finds the next value above {@code M} with unsigned lane compares over two
 * byte vectors offset by one; the scalar path examines one position at a time. Both give the
 * same cuts for every input.
 */
final class AeVectorChunker extends AbstractChunker {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final boolean vectorized;
    private final long min;
    private final long spread;
    private final long max;

    private long pos;
    /** Byte at position {@code pos - 1}, 0…255. */
    private int prev;
    /** Running maximum value since position {@code min}, -1 before it. */
    private int best = -1;
    /** Position of {@link #best}. */
    private long bestPos;

    AeVectorChunker(ChunkerSpec spec, boolean vectorized) {
        super(spec);
        this.vectorized = vectorized;
        min = spec.minBytes();
        spread = spread(spec.minBytes(), spec.avgBytes());
        max = spec.maxBytes();
    }

    /** The distance {@code w} in bytes from the extreme point to the cut. */
    static long spread(int minBytes, int avgBytes) {
        return (avgBytes - (long) minBytes) * 7 / 12;
    }

    @Override
    int scan(MemorySegment data, long from, long to) {
        long i = from;
        long p = pos;
        while (i < to) {
            if (p < min) {
                long skip = Math.min(min - p, to - i);
                p += skip;
                i += skip;
                prev = data.get(ValueLayout.JAVA_BYTE, i - 1) & 0xff;
                continue;
            }
            // one position with the carried previous byte; afterwards both bytes of a value are in data
            int b = data.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            int v = (prev << 8) | b;
            prev = b;
            if (v > best) {
                best = v;
                bestPos = p;
            } else if (p == bestPos + spread) {
                return cut(p + 1, i + 1);
            }
            p++;
            i++;
            if (p == max) {
                return cut(max, i);
            }
            while (i < to) {
                long limit = Math.min(bestPos + spread, max - 1) - p + 1;
                long n = Math.min(limit, to - i);
                long k = vectorized ? findVector(data, i, n, best) : findScalar(data, i, n, best);
                if (k >= 0) {
                    long j = i + k;
                    prev = data.get(ValueLayout.JAVA_BYTE, j) & 0xff;
                    best = ((data.get(ValueLayout.JAVA_BYTE, j - 1) & 0xff) << 8) | prev;
                    bestPos = p + k;
                    p += k + 1;
                    i = j + 1;
                    if (p == max) {
                        return cut(max, i);
                    }
                    continue;
                }
                p += n;
                i += n;
                prev = data.get(ValueLayout.JAVA_BYTE, i - 1) & 0xff;
                if (n == limit) {
                    return cut(p, i);
                }
            }
        }
        pos = p;
        return -1;
    }

    private int cut(long length, long resumeAt) {
        resetState();
        resume = resumeAt;
        return (int) length;
    }

    @Override
    void resetState() {
        pos = 0;
        prev = 0;
        best = -1;
        bestPos = 0;
    }

    /** First k in [0, n) with value(from + k) > m, or -1; {@code from - 1} must be inside {@code d}. */
    static long findScalar(MemorySegment d, long from, long n, int m) {
        int hi = d.get(ValueLayout.JAVA_BYTE, from - 1) & 0xff;
        for (long k = 0; k < n; k++) {
            int lo = d.get(ValueLayout.JAVA_BYTE, from + k) & 0xff;
            if (((hi << 8) | lo) > m) {
                return k;
            }
            hi = lo;
        }
        return -1;
    }

    static long findVector(MemorySegment d, long from, long n, int m) {
        long k = 0;
        if (n >= LANES) {
            ByteVector mh = ByteVector.broadcast(SPECIES, (byte) (m >>> 8));
            ByteVector ml = ByteVector.broadcast(SPECIES, (byte) m);
            for (long bound = n - LANES; k <= bound; k += LANES) {
                ByteVector hi = ByteVector.fromMemorySegment(SPECIES, d, from + k - 1, ORDER);
                // a value can exceed m only where its high byte reaches m's: test that first, alone
                if (hi.compare(VectorOperators.UGE, mh).anyTrue()) {
                    ByteVector lo = ByteVector.fromMemorySegment(SPECIES, d, from + k, ORDER);
                    VectorMask<Byte> above = hi.compare(VectorOperators.UGT, mh)
                            .or(hi.compare(VectorOperators.EQ, mh).and(lo.compare(VectorOperators.UGT, ml)));
                    if (above.anyTrue()) {
                        return k + above.firstTrue();
                    }
                }
            }
        }
        long r = findScalar(d, from + k, n - k, m);
        return r < 0 ? -1 : k + r;
    }
}
