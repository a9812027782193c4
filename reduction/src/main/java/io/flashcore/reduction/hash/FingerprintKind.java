package io.flashcore.reduction.hash;

/**
 * The versioned identity of a fingerprint function. A kind never changes its output: a stored
 * fingerprint is only ever compared with one of the same kind, and the persistent {@link #id()} byte
 * names the kind in metadata. A change of function is a new constant, never an edit of one.
 */
public enum FingerprintKind {
    /** BLAKE3 plain hash, 32-byte output (the default: fastest and cryptographic). */
    BLAKE3_256_V1((byte) 1, "blake3-256/v1"),
    /** SHA-256 (FIPS 180-4) as computed by the JDK, 32 bytes. */
    SHA256_V1((byte) 2, "sha256/v1");

    /** Bytes of every fingerprint of every kind. */
    public static final int BYTES = 32;

    private final byte id;
    private final String label;

    FingerprintKind(byte id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The byte that names this kind in persisted metadata; never reused for another kind. */
    public byte id() {
        return id;
    }

    /** A stable, human-readable name of this kind, e.g. {@code "blake3-256/v1"}. */
    public String label() {
        return label;
    }

    /** Bytes of a fingerprint of this kind (32). */
    public int bytes() {
        return BYTES;
    }

    /** A new fingerprinter of this kind (not thread-safe: one per thread). */
    public Fingerprinter newFingerprinter() {
        return switch (this) {
            case BLAKE3_256_V1 -> new Blake3Fingerprinter(Blake3Engine.ADAPTIVE);
            case SHA256_V1 -> new Sha256Fingerprinter();
        };
    }

    /** The kind whose persistent id is {@code id}; throws {@link UnknownFingerprintKindException} for any other byte. */
    public static FingerprintKind fromId(byte id) {
        for (FingerprintKind k : values()) {
            if (k.id == id) {
                return k;
            }
        }
        throw new UnknownFingerprintKindException("unknown fingerprint kind id " + (id & 0xFF)
                + "; this build knows " + known());
    }

    /** The kind whose {@link #label()} is {@code label}; throws {@link UnknownFingerprintKindException} for any other. */
    public static FingerprintKind fromLabel(String label) {
        for (FingerprintKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new UnknownFingerprintKindException("unknown fingerprint kind '" + label + "'; this build knows " + known());
    }

    private static String known() {
        StringBuilder sb = new StringBuilder();
        for (FingerprintKind k : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(k.label).append(" (id ").append(k.id).append(')');
        }
        return sb.toString();
    }
}
