package io.flashcore.reduction.hash;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One 32-byte fingerprint with its kind: an immutable value for maps, logs and tests. Hot paths keep
 * fingerprints as bytes in segments instead; this class is for the edges.
 */
public final class Fingerprint {
    private final FingerprintKind kind;
    private final byte[] bytes;

    private Fingerprint(FingerprintKind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes;
    }

    static Fingerprint wrap(FingerprintKind kind, byte[] bytes) {
        return new Fingerprint(kind, bytes);
    }

    /** The fingerprint of {@code kind} whose 32 bytes are {@code bytes} (copied). */
    public static Fingerprint of(FingerprintKind kind, byte[] bytes) {
        Objects.requireNonNull(kind, "kind");
        if (bytes.length != FingerprintKind.BYTES) {
            throw new IllegalArgumentException("a fingerprint is " + FingerprintKind.BYTES + " bytes, got " + bytes.length);
        }
        return new Fingerprint(kind, bytes.clone());
    }

    /** The fingerprint of {@code kind} whose 32 bytes are at {@code offset} of {@code segment} (copied). */
    public static Fingerprint of(FingerprintKind kind, MemorySegment segment, long offset) {
        byte[] b = new byte[FingerprintKind.BYTES];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, b, 0, b.length);
        return new Fingerprint(Objects.requireNonNull(kind, "kind"), b);
    }

    /** The fingerprint of {@code kind} written as 64 hexadecimal digits. */
    public static Fingerprint ofHex(FingerprintKind kind, String hex) {
        return of(kind, HexFormat.of().parseHex(hex));
    }

    /** The kind of this fingerprint. */
    public FingerprintKind kind() {
        return kind;
    }

    /** A copy of the 32 bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Writes the 32 bytes to {@code out} at {@code offset}. */
    public void copyTo(MemorySegment out, long offset) {
        MemorySegment.copy(bytes, 0, out, ValueLayout.JAVA_BYTE, offset, bytes.length);
    }

    /** The 32 bytes as 64 lower-case hexadecimal digits. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.kind == kind && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(bytes);
    }

    /** {@code label:hex}, e.g. {@code blake3-256/v1:af13…}. */
    @Override
    public String toString() {
        return kind.label() + ":" + toHex();
    }
}
