package io.flashcore.reduction.hash;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * {@link FingerprintKind#SHA256_V1} through the JDK's {@code MessageDigest}, whose SHA-256 the JIT
 * replaces with the SHA-NI instructions where the CPU has them. Input reaches it through a reused
 * 64 KiB array, the only form the intrinsic reads.
 *
 * <p>Not thread-safe. Allocates nothing per call after construction.
 */
final class Sha256Fingerprinter implements Fingerprinter {
    private static final int STAGING = 64 * 1024;

    private final MessageDigest digest;
    private final byte[] staging = new byte[STAGING];
    private final byte[] result = new byte[FingerprintKind.BYTES];

    Sha256Fingerprinter() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256, which every Java platform must provide", e);
        }
    }

    @Override
    public FingerprintKind kind() {
        return FingerprintKind.SHA256_V1;
    }

    @Override
    public void fingerprint(MemorySegment data, long off, long len, MemorySegment out, long outOff) {
        Objects.checkFromIndexSize(off, len, data.byteSize());
        Objects.checkFromIndexSize(outOff, FingerprintKind.BYTES, out.byteSize());
        one(data, off, len, out, outOff);
    }

    private void one(MemorySegment data, long off, long len, MemorySegment out, long outOff) {
        digest.reset();
        while (len > 0) {
            int n = (int) Math.min(STAGING, len);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, staging, 0, n);
            digest.update(staging, 0, n);
            off += n;
            len -= n;
        }
        try {
            digest.digest(result, 0, result.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
        MemorySegment.copy(result, 0, out, ValueLayout.JAVA_BYTE, outOff, result.length);
    }

    @Override
    public void fingerprintBatch(MemorySegment data, long[] offsets, int[] lengths, int from, int count,
            MemorySegment out, long outOff) {
        Objects.checkFromIndexSize(from, count, offsets.length);
        Objects.checkFromIndexSize(from, count, lengths.length);
        Objects.checkFromIndexSize(outOff, (long) count * FingerprintKind.BYTES, out.byteSize());
        for (int i = 0; i < count; i++) {
            long off = offsets[from + i];
            int len = lengths[from + i];
            Objects.checkFromIndexSize(off, len, data.byteSize());
            one(data, off, len, out, outOff + (long) i * FingerprintKind.BYTES);
        }
    }

    @Override
    public void fingerprintConsecutive(MemorySegment data, long start, int[] lengths, int from, int count,
            MemorySegment out, long outOff) {
        Objects.checkFromIndexSize(from, count, lengths.length);
        Objects.checkFromIndexSize(outOff, (long) count * FingerprintKind.BYTES, out.byteSize());
        long off = start;
        for (int i = 0; i < count; i++) {
            int len = lengths[from + i];
            Objects.checkFromIndexSize(off, len, data.byteSize());
            one(data, off, len, out, outOff + (long) i * FingerprintKind.BYTES);
            off += len;
        }
    }
}
