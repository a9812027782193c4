package io.flashcore.placement.ec;

/**
 * The versioned identity of an erasure code's matrix. Parity persists, so a kind never changes its
 * output: a different matrix is a new kind with a new {@link #code()}, and stored stripes record the
 * code of the kind that wrote them.
 */
public enum CodeKind {
    /**
     * Reed-Solomon over GF(2^8) with polynomial 0x11D; data rows are the identity and parity row i,
     * column j is {@code 1 / (i XOR j)} for i = k..k+m−1 (ISA-L's {@code gf_gen_cauchy1_matrix}).
     * Parity is byte-identical to ISA-L, Hadoop's RSRawEncoder and klauspost/reedsolomon's Cauchy
     * option.
     */
    RS_CAUCHY1_V1(1, "rs-gf256-0x11d-cauchy1/v1"),
    /**
     * Local reconstruction code: data split into groups each protected by one XOR parity, plus
     * global parities whose rows are those of {@link #RS_CAUCHY1_V1}.
     */
    LRC_XOR_CAUCHY1_V1(2, "lrc-xor-gf256-0x11d-cauchy1/v1");

    private final int code;
    private final String id;

    CodeKind(int code, String id) {
        this.code = code;
        this.id = id;
    }

    /** The stable one-byte number written into persisted stripe metadata (1..255). */
    public int code() {
        return code;
    }

    /** The stable text name, e.g. {@code rs-gf256-0x11d-cauchy1/v1}. */
    public String id() {
        return id;
    }

    /**
     * The kind with persisted number {@code code}; throws {@link IllegalArgumentException} naming the
     * number and the known ones when this build does not know it (written by a newer version).
     */
    public static CodeKind fromCode(int code) {
        for (CodeKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown erasure code kind " + code + " (this build knows 1..."
                + values().length + "); written by a newer flashcore?");
    }
}
