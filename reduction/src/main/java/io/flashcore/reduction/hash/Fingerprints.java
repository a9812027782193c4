package io.flashcore.reduction.hash;

/**
 * Where fingerprinters come from. Each call returns a new, independent fingerprinter (not thread-safe:
 * keep one per thread and reuse it; it allocates nothing per chunk).
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** The default kind for new data: {@link FingerprintKind#BLAKE3_256_V1}. */
    public static FingerprintKind defaultKind() {
        return FingerprintKind.BLAKE3_256_V1;
    }

    /** A new BLAKE3-256 fingerprinter, vectorised where the hardware allows. */
    public static Fingerprinter blake3() {
        return new Blake3Fingerprinter(Blake3Engine.ADAPTIVE);
    }

    /** A new SHA-256 fingerprinter (the JDK's, with the SHA-NI intrinsic where the CPU has it). */
    public static Fingerprinter sha256() {
        return new Sha256Fingerprinter();
    }

    /** A new fingerprinter of {@code kind}. */
    public static Fingerprinter of(FingerprintKind kind) {
        return kind.newFingerprinter();
    }
}
