package io.flashcore.reduction.compress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Test helpers: native copies of byte arrays and data of a chosen kind. */
final class Segments {
    private Segments() {
    }

    static MemorySegment of(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    static byte[] bytes(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** Text-like bytes: words from a small vocabulary, compressible about 3x. */
    static byte[] text(long seed, int length) {
        String[] words = {"stripe ", "shard ", "chunk ", "the ", "flash ", "parity ", "drive ", "of ", "and ",
            "rebuild ", "epoch\n", "fingerprint ", "delta ", "a ", "reference "};
        SplittableRandom r = new SplittableRandom(seed);
        byte[] out = new byte[length];
        int i = 0;
        while (i < length) {
            byte[] w = words[r.nextInt(words.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int n = Math.min(w.length, length - i);
            System.arraycopy(w, 0, out, i, n);
            i += n;
        }
        return out;
    }

    static byte[] random(long seed, int length) {
        byte[] out = new byte[length];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }
}
