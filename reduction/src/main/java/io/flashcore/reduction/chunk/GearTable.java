package io.flashcore.reduction.chunk;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The FastCDC gear table and masks of fastcdc-rs, derived from their definitions rather than
 * pasted: {@code GEAR[i]} is the first 8 bytes (big-endian) of MD5 of 64 copies of byte
 * {@code i}; the masks come from destor (64 B…128 KiB) and restic-FastCDC (larger), indexed by
 * the rounded base-2 logarithm of the average chunk size in bytes.
 */
final class GearTable {
    private static final long[] GEAR = derive();

    /**
     * Masks by bit count; 0…4 are padding, 5 and 25 are only used with normalisation level 3.
     * Values are fastcdc-rs's {@code MASKS}.
     */
    private static final long[] MASKS = {
        0, 0, 0, 0, 0,
        0x0000000001804110L, 0x0000000001803110L, 0x0000000018035100L, 0x0000001800035300L,
        0x0000019000353000L, 0x0000590003530000L, 0x0000d90003530000L, 0x0000d90103530000L,
        0x0000d90303530000L, 0x0000d90313530000L, 0x0000d90f03530000L, 0x0000d90303537000L,
        0x0000d90703537000L, 0x0000d90707537000L, 0x0000d91707537000L, 0x0000d91747537000L,
        0x0000d91767537000L, 0x0000d93767537000L, 0x0000d93777537000L, 0x0000d93777577000L,
        0x0000db3777577000L,
    };

    private GearTable() {
    }

    private static long[] derive() {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5, which the FastCDC gear table is defined by", e);
        }
        long[] g = new long[256];
        byte[] block = new byte[64];
        for (int i = 0; i < 256; i++) {
            Arrays.fill(block, (byte) i);
            g[i] = ByteBuffer.wrap(md5.digest(block)).getLong();
        }
        return g;
    }

    /** The gear table XORed with {@code seed} (fastcdc-rs leaves it unchanged for seed 0). */
    static long[] gear(long seed) {
        long[] g = GEAR.clone();
        for (int i = 0; i < 256; i++) {
            g[i] ^= seed;
        }
        return g;
    }

    /** The table shifted left by one bit, XORed with {@code seed << 1} (FastCDC 2020's {@code GEAR_LS}). */
    static long[] gearShifted(long seed) {
        long[] g = new long[256];
        for (int i = 0; i < 256; i++) {
            g[i] = (GEAR[i] << 1) ^ (seed << 1);
        }
        return g;
    }

    /** fastcdc-rs's {@code logarithm2}: log2 of {@code value} rounded to the nearest integer. */
    static int log2Rounded(int value) {
        // log2(v) >= k + 1/2 exactly when v * v >= 2^(2k+1); equality never holds for integers.
        int k = 31 - Integer.numberOfLeadingZeros(value);
        return (long) value * value >= 1L << (2 * k + 1) ? k + 1 : k;
    }

    /** The mask with {@code bits} bits for the normalised judgement. */
    static long mask(int bits) {
        return MASKS[bits];
    }
}
