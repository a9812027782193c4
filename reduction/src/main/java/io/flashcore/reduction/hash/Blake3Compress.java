package io.flashcore.reduction.hash;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The BLAKE3 compression function on one 64-byte block, with the constants of the specification.
 * Words are little-endian {@code int}s; a chaining value (CV) is 8 words.
 *
 * <p>Thread-safe: stateless.
 */
final class Blake3Compress {
    static final int BLOCK_LEN = 64;
    static final int CHUNK_LEN = 1024;
    static final int CHUNK_START = 1;
    static final int CHUNK_END = 1 << 1;
    static final int PARENT = 1 << 2;
    static final int ROOT = 1 << 3;
    static final int KEYED_HASH = 1 << 4;
    static final int DERIVE_KEY_CONTEXT = 1 << 5;
    static final int DERIVE_KEY_MATERIAL = 1 << 6;

    static final int IV0 = 0x6A09E667;
    static final int IV1 = 0xBB67AE85;
    static final int IV2 = 0x3C6EF372;
    static final int IV3 = 0xA54FF53A;
    static final int IV4 = 0x510E527F;
    static final int IV5 = 0x9B05688C;
    static final int IV6 = 0x1F83D9AB;
    static final int IV7 = 0x5BE0CD19;
    static final int[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Blake3Compress() {
    }

    /**
     * Compresses one block: {@code m[mOff..mOff+16)} under the chaining value {@code cv[cvOff..cvOff+8)}.
     * Writes the next chaining value (8 words) to {@code out[outOff..)}, or, when {@code wide}, the full
     * 16-word output used by the extended output of a root node.
     */
    static void compress(int[] cv, int cvOff, int[] m, int mOff, long counter, int blockLen, int flags,
            int[] out, int outOff, boolean wide) {
        int m0 = m[mOff], m1 = m[mOff + 1], m2 = m[mOff + 2], m3 = m[mOff + 3];
        int m4 = m[mOff + 4], m5 = m[mOff + 5], m6 = m[mOff + 6], m7 = m[mOff + 7];
        int m8 = m[mOff + 8], m9 = m[mOff + 9], m10 = m[mOff + 10], m11 = m[mOff + 11];
        int m12 = m[mOff + 12], m13 = m[mOff + 13], m14 = m[mOff + 14], m15 = m[mOff + 15];
        int h0 = cv[cvOff], h1 = cv[cvOff + 1], h2 = cv[cvOff + 2], h3 = cv[cvOff + 3];
        int h4 = cv[cvOff + 4], h5 = cv[cvOff + 5], h6 = cv[cvOff + 6], h7 = cv[cvOff + 7];
        int v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
        int v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLen, v15 = flags;
        for (int r = 0; r < 7; r++) {
            v0 += v4 + m0; v12 = Integer.rotateRight(v12 ^ v0, 16);
            v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
            v0 += v4 + m1; v12 = Integer.rotateRight(v12 ^ v0, 8);
            v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
            v1 += v5 + m2; v13 = Integer.rotateRight(v13 ^ v1, 16);
            v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
            v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 8);
            v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
            v2 += v6 + m4; v14 = Integer.rotateRight(v14 ^ v2, 16);
            v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
            v2 += v6 + m5; v14 = Integer.rotateRight(v14 ^ v2, 8);
            v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
            v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 16);
            v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
            v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 8);
            v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
            v0 += v5 + m8; v15 = Integer.rotateRight(v15 ^ v0, 16);
            v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
            v0 += v5 + m9; v15 = Integer.rotateRight(v15 ^ v0, 8);
            v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
            v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 16);
            v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
            v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 8);
            v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
            v2 += v7 + m12; v13 = Integer.rotateRight(v13 ^ v2, 16);
            v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
            v2 += v7 + m13; v13 = Integer.rotateRight(v13 ^ v2, 8);
            v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
            v3 += v4 + m14; v14 = Integer.rotateRight(v14 ^ v3, 16);
            v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
            v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 8);
            v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
            int p0 = m2; int p1 = m6; int p2 = m3; int p3 = m10; int p4 = m7; int p5 = m0; int p6 = m4; int p7 = m13;
            int p8 = m1; int p9 = m11; int p10 = m12; int p11 = m5; int p12 = m9; int p13 = m14; int p14 = m15; int p15 = m8;
            m0 = p0; m1 = p1; m2 = p2; m3 = p3; m4 = p4; m5 = p5; m6 = p6; m7 = p7; m8 = p8; m9 = p9; m10 = p10; m11 = p11; m12 = p12; m13 = p13; m14 = p14; m15 = p15;
        }
        out[outOff] = v0 ^ v8;
        out[outOff + 1] = v1 ^ v9;
        out[outOff + 2] = v2 ^ v10;
        out[outOff + 3] = v3 ^ v11;
        out[outOff + 4] = v4 ^ v12;
        out[outOff + 5] = v5 ^ v13;
        out[outOff + 6] = v6 ^ v14;
        out[outOff + 7] = v7 ^ v15;
        if (wide) {
            out[outOff + 8] = v8 ^ h0;
            out[outOff + 9] = v9 ^ h1;
            out[outOff + 10] = v10 ^ h2;
            out[outOff + 11] = v11 ^ h3;
            out[outOff + 12] = v12 ^ h4;
            out[outOff + 13] = v13 ^ h5;
            out[outOff + 14] = v14 ^ h6;
            out[outOff + 15] = v15 ^ h7;
        }
    }

    /** Reads {@code len} (0..64) bytes at {@code off} as 16 little-endian words, zero-padded, into {@code m}. */
    static void loadBlock(MemorySegment src, long off, int len, int[] m) {
        if (len == BLOCK_LEN) {
            for (int i = 0; i < 16; i++) {
                m[i] = src.get(LE_INT, off + 4L * i);
            }
            return;
        }
        int full = len >>> 2;
        for (int i = 0; i < full; i++) {
            m[i] = src.get(LE_INT, off + 4L * i);
        }
        for (int i = full; i < 16; i++) {
            m[i] = 0;
        }
        for (int b = full << 2; b < len; b++) {
            m[full] |= (src.get(ValueLayout.JAVA_BYTE, off + b) & 0xFF) << ((b & 3) << 3);
        }
    }

    /** Reads {@code len} (0..64) bytes of {@code src} as 16 little-endian words, zero-padded, into {@code m}. */
    static void loadBlock(byte[] src, int len, int[] m) {
        for (int i = 0; i < 16; i++) {
            m[i] = 0;
        }
        for (int b = 0; b < len; b++) {
            m[b >>> 2] |= (src[b] & 0xFF) << ((b & 3) << 3);
        }
    }

    /** Compresses one whole chunk of {@code len} (0..1024) bytes at {@code off}; writes its CV (8 words). */
    static void chunk(MemorySegment src, long off, int len, int[] key, long counter, int flags, int endFlags,
            int[] m, int[] out, int outOff) {
        int blocks = Math.max(1, (len + BLOCK_LEN - 1) / BLOCK_LEN);
        System.arraycopy(key, 0, out, outOff, 8);
        for (int b = 0; b < blocks; b++) {
            int start = b * BLOCK_LEN;
            int n = Math.min(BLOCK_LEN, len - start);
            loadBlock(src, off + start, n, m);
            int f = flags | (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END | endFlags : 0);
            compress(out, outOff, m, 0, counter, n, f, out, outOff, false);
        }
    }

    /** Compresses the parent of the CVs at {@code cvs[left..left+8)} and {@code cvs[right..right+8)}. */
    static void parent(int[] cvs, int left, int right, int[] key, int flags, int[] m, int[] out, int outOff) {
        System.arraycopy(cvs, left, m, 0, 8);
        System.arraycopy(cvs, right, m, 8, 8);
        compress(key, 0, m, 0, 0, BLOCK_LEN, flags | PARENT, out, outOff, false);
    }
}
