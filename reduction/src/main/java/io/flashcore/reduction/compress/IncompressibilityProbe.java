package io.flashcore.reduction.compress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A cheap test for data that zstd cannot shrink (JPEG, video, zstd or gzip output, ciphertext):
 * it estimates the order-0 entropy of up to {@value #SAMPLE_BYTES} bytes sampled in
 * {@value #WINDOW_BYTES}-byte windows spread over the chunk, and calls the chunk incompressible
 * when that entropy is within {@code marginBits} of what uniformly random bytes of the same
 * sample size would show (a finite sample of random bytes measures a little under 8 bits/byte).
 *
 * <p>It reads about a quarter of a 16 KiB chunk and costs a few microseconds, against tens for
 * compressing it. It sees only byte frequencies, so a chunk of random bytes repeated within
 * itself passes as incompressible; such chunks are rare and lose only that chunk's saving.
 *
 * <p>Not thread-safe (it reuses its histograms and sample buffer): one per thread.
 */
public final class IncompressibilityProbe {
    /** Bytes sampled at most per chunk. */
    public static final int SAMPLE_BYTES = 4096;
    /** Bytes per sampled window. */
    public static final int WINDOW_BYTES = 256;
    /** The default margin below random-data entropy, in bits per byte. */
    public static final double DEFAULT_MARGIN_BITS = 0.1;
    /** Chunks shorter than this are never called incompressible: the estimate is too noisy. */
    public static final int MIN_CHUNK_BYTES = 512;

    private static final double[] N_LOG2_N = new double[SAMPLE_BYTES + 1];

    static {
        for (int n = 1; n <= SAMPLE_BYTES; n++) {
            N_LOG2_N[n] = n * (Math.log(n) / Math.log(2));
        }
    }

    private final int[] histogram = new int[256];
    /** Four histograms side by side, summed into {@link #histogram}. */
    private final int[] quarters = new int[4 * 256];
    /** The sampled bytes. */
    private final byte[] bytes = new byte[SAMPLE_BYTES];
    private final double marginBits;

    /** A probe calling data incompressible within {@code marginBits} bits/byte of random data. */
    public IncompressibilityProbe(double marginBits) {
        if (!(marginBits >= 0 && marginBits <= 8)) {
            throw new IllegalArgumentException("entropy margin " + marginBits + " bits/byte is out of range 0..8");
        }
        this.marginBits = marginBits;
    }

    /** Whether {@code chunk} looks incompressible (store it raw without trying zstd). */
    public boolean looksIncompressible(MemorySegment chunk) {
        long size = chunk.byteSize();
        if (size < MIN_CHUNK_BYTES) {
            return false;
        }
        int n = sample(chunk);
        return entropyOfSample(n) > expectedRandomEntropy(n) - marginBits;
    }

    /** The estimated order-0 entropy of {@code chunk}'s sampled bytes, in bits per byte. */
    public double entropyBitsPerByte(MemorySegment chunk) {
        if (chunk.byteSize() == 0) {
            return 0;
        }
        return entropyOfSample(sample(chunk));
    }

    /**
     * Counts the sampled bytes into {@link #histogram}: the windows are copied out in bulk, then
     * counted into four interleaved histograms (a run of one byte value would otherwise make each
     * increment wait for the one before) that are summed at the end.
     */
    private int sample(MemorySegment chunk) {
        byte[] b = bytes;
        long size = chunk.byteSize();
        int n;
        if (size <= SAMPLE_BYTES) {
            n = (int) size;
            MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, b, 0, n);
        } else {
            int windows = SAMPLE_BYTES / WINDOW_BYTES;
            long stride = (size - WINDOW_BYTES) / (windows - 1);
            for (int w = 0; w < windows; w++) {
                MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, w * stride, b, w * WINDOW_BYTES, WINDOW_BYTES);
            }
            n = SAMPLE_BYTES;
        }
        int[] q = quarters;
        java.util.Arrays.fill(q, 0);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            q[b[i] & 0xFF]++;
            q[256 + (b[i + 1] & 0xFF)]++;
            q[512 + (b[i + 2] & 0xFF)]++;
            q[768 + (b[i + 3] & 0xFF)]++;
        }
        for (; i < n; i++) {
            q[b[i] & 0xFF]++;
        }
        int[] h = histogram;
        for (int v = 0; v < 256; v++) {
            h[v] = q[v] + q[256 + v] + q[512 + v] + q[768 + v];
        }
        return n;
    }

    private double entropyOfSample(int n) {
        double sum = 0;
        for (int c : histogram) {
            sum += N_LOG2_N[c];
        }
        return (N_LOG2_N[n] - sum) / n;
    }

    /**
     * The expected measured entropy of {@code n} uniformly random bytes, in bits per byte
     * (Miller's bias: 8 − 255 / (2 n ln 2)).
     */
    static double expectedRandomEntropy(int n) {
        return 8 - 255.0 / (2.0 * n * Math.log(2));
    }
}
