package io.flashcore.reduction.hash;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Computes 32-byte fingerprints of chunks, one at a time or many chunks of one buffer per call. The
 * segment methods allocate nothing; bounds are checked once per chunk at the call.
 *
 * <p>Implementations are not thread-safe: make one per thread with {@link FingerprintKind#newFingerprinter()}
 * or {@link Fingerprints}.
 */
public interface Fingerprinter {
    /** The versioned identity of the fingerprints this fingerprinter writes. */
    FingerprintKind kind();

    /** Writes the 32-byte fingerprint of the {@code len} bytes of {@code data} at {@code off} to {@code out} at {@code outOff}. */
    void fingerprint(MemorySegment data, long off, long len, MemorySegment out, long outOff);

    /**
     * Writes the fingerprints of {@code count} chunks of {@code data} to {@code out} from {@code outOff}, 32
     * bytes each in order: chunk {@code i} is the {@code lengths[from + i]} bytes at {@code offsets[from + i]}.
     * Chunks may overlap and come in any order.
     */
    void fingerprintBatch(MemorySegment data, long[] offsets, int[] lengths, int from, int count,
            MemorySegment out, long outOff);

    /**
     * Writes the fingerprints of {@code count} consecutive chunks of {@code data}, the first at
     * {@code start}, chunk {@code i} being {@code lengths[from + i]} bytes long, to {@code out} from
     * {@code outOff}, 32 bytes each. This is the shape a chunker's output has.
     */
    void fingerprintConsecutive(MemorySegment data, long start, int[] lengths, int from, int count,
            MemorySegment out, long outOff);

    /** The fingerprint of all bytes of {@code data}, as a new value (allocates). */
    default Fingerprint fingerprint(MemorySegment data) {
        byte[] out = new byte[FingerprintKind.BYTES];
        fingerprint(data, 0, data.byteSize(), MemorySegment.ofArray(out), 0);
        return Fingerprint.wrap(kind(), out);
    }

    /** The fingerprint of all bytes of {@code data}, as a new value (allocates). */
    default Fingerprint fingerprint(byte[] data) {
        return fingerprint(MemorySegment.ofArray(data));
    }

    /** Writes the fingerprint of {@code len} bytes of {@code data} from {@code off} to {@code out} at {@code outOff}. */
    default void fingerprint(byte[] data, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, data.length);
        Objects.checkFromIndexSize(outOff, FingerprintKind.BYTES, out.length);
        fingerprint(MemorySegment.ofArray(data), off, len, MemorySegment.ofArray(out), outOff);
    }

    /**
     * Writes the fingerprint of the remaining bytes of {@code data} at the position of {@code out}; both
     * positions advance (by the bytes read and by 32).
     */
    default void fingerprint(ByteBuffer data, ByteBuffer out) {
        int n = data.remaining();
        if (out.remaining() < FingerprintKind.BYTES) {
            throw new IllegalArgumentException("fingerprint needs " + FingerprintKind.BYTES
                    + " bytes of output space, got " + out.remaining());
        }
        fingerprint(MemorySegment.ofBuffer(data), 0, n, MemorySegment.ofBuffer(out), 0);
        data.position(data.position() + n);
        out.position(out.position() + FingerprintKind.BYTES);
    }
}
