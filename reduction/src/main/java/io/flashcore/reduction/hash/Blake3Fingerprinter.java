package io.flashcore.reduction.hash;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@link FingerprintKind#BLAKE3_256_V1}: chunks of a batch share the vector lanes (a 16 KiB chunk fills
 * them alone; sixteen 1 KiB chunks fill them together), chunks above 1 MiB go through a reused
 * {@link Blake3Hasher}.
 *
 * <p>Not thread-safe. Allocates nothing per call after construction.
 */
final class Blake3Fingerprinter implements Fingerprinter {
    private final Blake3Engine engine;
    private final Blake3Hasher hasher;

    /** A fingerprinter whose engines run in {@code lanesMode} (see {@link Blake3Engine#ADAPTIVE}). */
    Blake3Fingerprinter(int lanesMode) {
        engine = new Blake3Engine(lanesMode);
        hasher = new Blake3Hasher(Blake3Compress.IV, 0, lanesMode);
    }

    @Override
    public FingerprintKind kind() {
        return FingerprintKind.BLAKE3_256_V1;
    }

    @Override
    public void fingerprint(MemorySegment data, long off, long len, MemorySegment out, long outOff) {
        Objects.checkFromIndexSize(off, len, data.byteSize());
        Objects.checkFromIndexSize(outOff, FingerprintKind.BYTES, out.byteSize());
        if (Blake3Engine.fitsAlone(len)) {
            engine.begin(data, Blake3Compress.IV, 0, out);
            engine.addInput(off, len, outOff);
            engine.finish();
        } else {
            hasher.reset().update(data, off, len).digest(0, out, outOff, FingerprintKind.BYTES);
        }
    }

    @Override
    public void fingerprintBatch(MemorySegment data, long[] offsets, int[] lengths, int from, int count,
            MemorySegment out, long outOff) {
        Objects.checkFromIndexSize(from, count, offsets.length);
        Objects.checkFromIndexSize(from, count, lengths.length);
        Objects.checkFromIndexSize(outOff, (long) count * FingerprintKind.BYTES, out.byteSize());
        engine.begin(data, Blake3Compress.IV, 0, out);
        for (int i = 0; i < count; i++) {
            long off = offsets[from + i];
            int len = lengths[from + i];
            Objects.checkFromIndexSize(off, len, data.byteSize());
            add(data, off, len, out, outOff + (long) i * FingerprintKind.BYTES);
        }
        engine.finish();
    }

    @Override
    public void fingerprintConsecutive(MemorySegment data, long start, int[] lengths, int from, int count,
            MemorySegment out, long outOff) {
        Objects.checkFromIndexSize(from, count, lengths.length);
        Objects.checkFromIndexSize(outOff, (long) count * FingerprintKind.BYTES, out.byteSize());
        engine.begin(data, Blake3Compress.IV, 0, out);
        long off = start;
        for (int i = 0; i < count; i++) {
            int len = lengths[from + i];
            Objects.checkFromIndexSize(off, len, data.byteSize());
            add(data, off, len, out, outOff + (long) i * FingerprintKind.BYTES);
            off += len;
        }
        engine.finish();
    }

    private void add(MemorySegment data, long off, int len, MemorySegment out, long outOff) {
        if (!Blake3Engine.fitsAlone(len)) {
            hasher.reset().update(data, off, len).digest(0, out, outOff, FingerprintKind.BYTES);
            return;
        }
        if (!engine.fits(len)) {
            engine.finish();
            engine.begin(data, Blake3Compress.IV, 0, out);
        }
        engine.addInput(off, len, outOff);
    }
}
