package io.flashcore.placement.ec;

/**
 * Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 ({@code 0x11D}), the field of
 * ISA-L, Hadoop's RS coders and klauspost/reedsolomon. Elements are ints in 0..255.
 *
 * <p>Thread-safe: stateless, tables are built once.
 */
public final class Gf256 {
    /** The field polynomial, including the x^8 term. */
    public static final int POLYNOMIAL = 0x11D;

    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];
    /** MUL[a << 8 | b] = a * b. */
    private static final byte[] MUL = new byte[256 * 256];
    private static final int[] INV = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < 512; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a << 8 | b] = (byte) (a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]]);
            }
        }
        for (int a = 1; a < 256; a++) {
            INV[a] = EXP[255 - LOG[a]];
        }
    }

    private Gf256() {
    }

    /** The product {@code a * b}; both in 0..255. */
    public static int mul(int a, int b) {
        return MUL[(a & 0xFF) << 8 | (b & 0xFF)] & 0xFF;
    }

    /** The multiplicative inverse of {@code a}; throws {@link ArithmeticException} for 0. */
    public static int inv(int a) {
        if ((a & 0xFF) == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return INV[a & 0xFF];
    }

    /** The quotient {@code a / b}; throws {@link ArithmeticException} when {@code b} is 0. */
    public static int div(int a, int b) {
        return mul(a, inv(b));
    }

    /** {@code 2^e} for e in 0..254 (the field's generator raised to {@code e}). */
    public static int exp(int e) {
        return EXP[Math.floorMod(e, 255)];
    }

    /** The 256 products {@code c * x} for x = 0..255, as row {@code c} of the multiplication table. */
    static byte[] mulTable() {
        return MUL;
    }
}
