package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 31-bit FastCDC variant of ronomon/deduplication, cut for cut identical to fastcdc-rs
 * {@code ronomon}: {@code hash = (hash >>> 1) + TABLE[b]} from byte {@code min}, the strict mask
 * ({@code log2(avg) + 1} low bits) before {@code avg - min(avg, min + ⌈min/2⌉)}, the eager mask
 * ({@code log2(avg) - 1} bits) after, a cut at {@code max}. A match includes its byte in the chunk.
 *
 * <p>The table is derived, not pasted: AES-256-CTR with an all-zero key and nonce over 1024 zero
 * bytes, read as big-endian 32-bit words with the top bit cleared.
 */
final class RonomonChunker extends AbstractChunker {
    static final int[] TABLE = deriveTable();

    private final int maskS;
    private final int maskL;
    private final long min;
    private final long smallEnd;
    private final long max;

    private long pos;
    private int hash;

    RonomonChunker(ChunkerSpec spec) {
        super(spec);
        int bits = GearTable.log2Rounded(spec.avgBytes());
        maskS = (1 << (bits + 1)) - 1;
        maskL = (1 << (bits - 1)) - 1;
        min = spec.minBytes();
        max = spec.maxBytes();
        long avg = spec.avgBytes();
        long center = avg - Math.min(avg, min + (min + 1) / 2);
        smallEnd = Math.min(center, max);
    }

    private static int[] deriveTable() {
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new IvParameterSpec(new byte[16]));
            ByteBuffer stream = ByteBuffer.wrap(aes.doFinal(new byte[1024]));
            int[] t = new int[256];
            for (int i = 0; i < 256; i++) {
                t[i] = stream.getInt() & 0x7fffffff;
            }
            return t;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES-256-CTR, which the ronomon table is defined by", e);
        }
    }

    @Override
    int scan(MemorySegment data, long from, long to) {
        long i = from;
        long p = pos;
        int h = hash;
        final int[] t = TABLE;
        while (i < to) {
            if (p < min) {
                long skip = Math.min(min - p, to - i);
                p += skip;
                i += skip;
                continue;
            }
            if (p >= max) {
                return cut(max, i);
            }
            boolean small = p < smallEnd;
            int m = small ? maskS : maskL;
            long end = i + Math.min((small ? smallEnd : max) - p, to - i);
            long base = p - i;
            for (; i < end; i++) {
                h = (h >>> 1) + t[data.get(ValueLayout.JAVA_BYTE, i) & 0xff];
                if ((h & m) == 0) {
                    return cut(base + i + 1, i + 1);
                }
            }
            p = base + i;
        }
        if (p >= max) {
            return cut(max, i);
        }
        pos = p;
        hash = h;
        return -1;
    }

    private int cut(long length, long resumeAt) {
        pos = 0;
        hash = 0;
        resume = resumeAt;
        return (int) length;
    }

    @Override
    void resetState() {
        pos = 0;
        hash = 0;
    }
}
