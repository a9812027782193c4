package io.flashcore.testdata;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Structure-aware fuzzing of parsers of persisted or untrusted bytes: derives malformed inputs
 * from a valid encoding (bit flips, interesting byte values, truncations, extensions, splices,
 * overwritten ranges, oversized varints) and checks the parser's contract on each: it returns a
 * value or throws one of its typed exceptions; any other throwable (an out-of-bounds read, a
 * negative array size, a null pointer) is a parser bug.
 *
 * <p>Every mutation is a pure function of (valid bytes, seed), so a failure names the seed and the
 * input in hex and can be replayed as a regression test. Inputs are handed to parsers in buffers
 * of exactly their length, so that reading past the end always fails loudly.
 */
public final class ByteMutator {
    private static final byte[] INTERESTING = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0x40, 0x10};

    private ByteMutator() {
    }

    /**
     * One to four mutations of {@code valid} chosen by {@code seed}; with {@code fixChecksum} (may
     * be null) applied afterwards to half of the results, so that mutations also reach the code
     * behind a checksum.
     */
    public static byte[] mutate(byte[] valid, long seed, UnaryOperator<byte[]> fixChecksum) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = valid.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutateOnce(b, r);
        }
        if (fixChecksum != null && r.nextBoolean()) {
            b = fixChecksum.apply(b);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, SplittableRandom r) {
        int len = b.length;
        switch (r.nextInt(len == 0 ? 1 : 9)) {
            case 0 -> {
                // Extend with random bytes.
                byte[] out = Arrays.copyOf(b, len + 1 + r.nextInt(16));
                for (int i = len; i < out.length; i++) {
                    out[i] = (byte) r.nextInt(256);
                }
                return out;
            }
            case 1 -> {
                int at = r.nextInt(len);
                b[at] ^= (byte) (1 << r.nextInt(8));
                return b;
            }
            case 2 -> {
                b[r.nextInt(len)] = INTERESTING[r.nextInt(INTERESTING.length)];
                return b;
            }
            case 3 -> {
                return Arrays.copyOf(b, r.nextInt(len));
            }
            case 4 -> {
                // Overwrite a range with random bytes.
                int at = r.nextInt(len);
                int n = 1 + r.nextInt(Math.min(16, len - at));
                for (int i = 0; i < n; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 5 -> {
                // Splice: copy one range over another (duplicated fields, shifted lengths).
                int from = r.nextInt(len);
                int to = r.nextInt(len);
                int n = 1 + r.nextInt(Math.min(32, Math.min(len - from, len - to)));
                System.arraycopy(b.clone(), from, b, to, n);
                return b;
            }
            case 6 -> {
                // Delete a range.
                int at = r.nextInt(len);
                int n = 1 + r.nextInt(Math.min(16, len - at));
                byte[] out = new byte[len - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, len - at - n);
                return out;
            }
            case 7 -> {
                // A run of 0xFF: huge varints, negative lengths, all-ones counts.
                int at = r.nextInt(len);
                int n = 1 + r.nextInt(Math.min(10, len - at));
                Arrays.fill(b, at, at + n, (byte) 0xFF);
                return b;
            }
            default -> {
                // Insert random bytes in the middle.
                int at = r.nextInt(len + 1);
                int n = 1 + r.nextInt(8);
                byte[] out = new byte[len + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, len - at);
                return out;
            }
        }
    }

    /** Random bytes of length 0 to {@code maxLength}, chosen by {@code seed}. */
    public static byte[] random(long seed, int maxLength) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[r.nextInt(maxLength + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** A parse that may throw anything. */
    @FunctionalInterface
    public interface Parse {
        /** Parses; the result is ignored. */
        void run() throws Throwable;
    }

    /**
     * Runs {@code parse} on {@code input} and fails (with the parser's name, the seed and the
     * input in hex) unless it returns normally or throws an instance of one of {@code allowed}.
     */
    @SafeVarargs
    public static void expectTypedOutcome(String parser, long seed, byte[] input, Parse parse,
            Class<? extends Throwable>... allowed) {
        try {
            parse.run();
        } catch (Throwable t) {
            for (Class<? extends Throwable> a : allowed) {
                if (a.isInstance(t)) {
                    return;
                }
            }
            AssertionError e = new AssertionError(parser + " threw " + t + " (not a typed error) on seed " + seed
                    + ", input " + input.length + " bytes: " + HexFormat.of().formatHex(input));
            e.initCause(t);
            throw e;
        }
    }
}
