package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hash-free Rapid Asymmetric Maximum chunking (RAM, Widodo et al. 2017), vectorised as in
 * VectorCDC (FAST '25). Definition, version 1, sizes in bytes:
 * <ol>
 *   <li>the window is the first {@code w = max(min, avg - 256)} bytes of the chunk; {@code M} is
 *       their largest value (bytes read unsigned);</li>
 *   <li>the chunk ends just after the first later byte whose value is {@code >= M};</li>
 *   <li>a chunk that reaches {@code max} bytes ends there.</li>
 * </ol>
 * On random bytes {@code M} is almost surely 255 and the tail after the window averages 256 bytes,
 * hence the window of {@code avg - 256}.
 *
 * <p>The vector path finds {@code M} with lane-wise unsigned max and the cut with an unsigned
 * compare over whole vectors; the scalar path (for tails, and as the definition the vector path
 * is tested against) reads one byte at a time. Both give the same cuts for every input.
 */
final class VectorChunker extends AbstractChunker {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final boolean vectorized;
    private final long window;
    private final long max;

    private long pos;
    /** Largest byte seen in the window so far, 0…255. */
    private int windowMax;

    VectorChunker(ChunkerSpec spec, boolean vectorized) {
        super(spec);
        this.vectorized = vectorized;
        window = Math.max(spec.minBytes(), spec.avgBytes() - ChunkerSpec.VECTOR_TAIL);
        max = spec.maxBytes();
    }

    @Override
    int scan(MemorySegment data, long from, long to) {
        long i = from;
        long p = pos;
        while (i < to) {
            if (p < window) {
                long n = Math.min(window - p, to - i);
                windowMax = vectorized ? maxVector(data, i, n, windowMax) : maxScalar(data, i, n, windowMax);
                p += n;
                i += n;
                continue;
            }
            long n = Math.min(max - p, to - i);
            long k = vectorized ? findVector(data, i, n, windowMax) : findScalar(data, i, n, windowMax);
            if (k >= 0) {
                return cut(p + k + 1, i + k + 1);
            }
            p += n;
            i += n;
            if (p == max) {
                return cut(max, i);
            }
        }
        pos = p;
        return -1;
    }

    private int cut(long length, long resumeAt) {
        pos = 0;
        windowMax = 0;
        resume = resumeAt;
        return (int) length;
    }

    @Override
    void resetState() {
        pos = 0;
        windowMax = 0;
    }

    static int maxScalar(MemorySegment d, long from, long n, int m) {
        for (long i = from, end = from + n; i < end; i++) {
            m = Math.max(m, d.get(ValueLayout.JAVA_BYTE, i) & 0xff);
        }
        return m;
    }

    static long findScalar(MemorySegment d, long from, long n, int m) {
        for (long i = 0; i < n; i++) {
            if ((d.get(ValueLayout.JAVA_BYTE, from + i) & 0xff) >= m) {
                return i;
            }
        }
        return -1;
    }

    static int maxVector(MemorySegment d, long from, long n, int m) {
        long i = from;
        long end = from + n;
        if (n >= 4L * LANES) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            ByteVector a3 = a0;
            for (long bound = end - 4L * LANES; i <= bound; i += 4L * LANES) {
                a0 = a0.lanewise(VectorOperators.UMAX, ByteVector.fromMemorySegment(SPECIES, d, i, ORDER));
                a1 = a1.lanewise(VectorOperators.UMAX, ByteVector.fromMemorySegment(SPECIES, d, i + LANES, ORDER));
                a2 = a2.lanewise(VectorOperators.UMAX, ByteVector.fromMemorySegment(SPECIES, d, i + 2L * LANES, ORDER));
                a3 = a3.lanewise(VectorOperators.UMAX, ByteVector.fromMemorySegment(SPECIES, d, i + 3L * LANES, ORDER));
            }
            ByteVector a = a0.lanewise(VectorOperators.UMAX, a1)
                    .lanewise(VectorOperators.UMAX, a2.lanewise(VectorOperators.UMAX, a3));
            m = Math.max(m, unsignedMax(a));
        }
        for (long bound = end - LANES; i <= bound; i += LANES) {
            m = Math.max(m, unsignedMax(ByteVector.fromMemorySegment(SPECIES, d, i, ORDER)));
        }
        return maxScalar(d, i, end - i, m);
    }

    /**
     * The largest lane read unsigned, 0…255. Flipping the sign bit maps unsigned order onto signed
     * order, so a signed MAX reduction serves; {@code reduceLanes(UMAX)} is avoided because JDK 25
     * starts that reduction from the signed identity (-128) and returns 128 for lanes all below it.
     */
    private static int unsignedMax(ByteVector v) {
        return (v.lanewise(VectorOperators.XOR, (byte) 0x80).reduceLanes(VectorOperators.MAX) ^ 0x80) & 0xff;
    }

    static long findVector(MemorySegment d, long from, long n, int m) {
        long i = 0;
        if (n >= LANES) {
            ByteVector threshold = ByteVector.broadcast(SPECIES, (byte) m);
            for (long bound = n - LANES; i <= bound; i += LANES) {
                var hits = ByteVector.fromMemorySegment(SPECIES, d, from + i, ORDER)
                        .compare(VectorOperators.UGE, threshold);
                if (hits.anyTrue()) {
                    return i + hits.firstTrue();
                }
            }
        }
        long k = findScalar(d, from + i, n - i, m);
        return k < 0 ? -1 : i + k;
    }
}
