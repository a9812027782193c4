package io.flashcore.reduction.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the BLAKE3 code paths: they must all give the bytes of the one-shot scalar hash. */
class Blake3PropertiesTest {
    private static final byte[] KEY = Blake3VectorsTest.KEY.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The lanes forced on (vector) or off: adaptive engines would run scalar while the lanes are cold. */
    static int mode(boolean vector) {
        return vector ? Blake3Engine.LANES : Blake3Engine.SCALAR;
    }

    static byte[] random(long seed, int len) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] scalarHash(byte[] in, int off, int len) {
        return new Blake3Hasher(Blake3Compress.IV, 0, Blake3Engine.SCALAR).update(in, off, len).digest();
    }

    @Provide
    Arbitrary<Integer> lengths() {
        // Every tree shape up to 40 chunks, plus lengths around the block, chunk and 16-chunk edges.
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 40 * 1024),
                Arbitraries.of(0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 4095, 4096, 4097, 16383, 16384, 16385,
                        17408, 32768, 65536, 65537, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 5));
    }

    @Property(tries = 150)
    void vectorPathEqualsScalarPath(@ForAll("lengths") int len, @ForAll long seed) {
        byte[] in = random(seed, len);
        byte[] scalar = scalarHash(in, 0, len);
        assertArrayEquals(scalar, new Blake3Hasher(Blake3Compress.IV, 0, Blake3Engine.LANES).update(in).digest(), "hasher, " + len);
        byte[] fp = new byte[32];
        new Blake3Fingerprinter(Blake3Engine.LANES).fingerprint(in, 0, len, fp, 0);
        assertArrayEquals(scalar, fp, "fingerprinter, " + len);
        new Blake3Fingerprinter(Blake3Engine.SCALAR).fingerprint(in, 0, len, fp, 0);
        assertArrayEquals(scalar, fp, "scalar fingerprinter, " + len);
        byte[] keyedScalar = new Blake3Hasher(Blake3.keyWords(KEY), Blake3Compress.KEYED_HASH, Blake3Engine.SCALAR).update(in).digest();
        assertArrayEquals(keyedScalar, Blake3.keyedHash(KEY, in), "keyed, " + len);
        assertArrayEquals(keyedScalar, new Blake3Hasher(Blake3.keyWords(KEY), Blake3Compress.KEYED_HASH, Blake3Engine.LANES)
                .update(in).digest(), "keyed lanes, " + len);
    }

    @Property(tries = 150)
    void incrementalEqualsOneShotForAnySplit(@ForAll("lengths") int len, @ForAll long seed,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 70000) Integer> cuts) {
        byte[] in = random(seed, len);
        int[] points = cuts.stream().mapToInt(c -> len == 0 ? 0 : c % (len + 1)).sorted().toArray();
        for (boolean vector : new boolean[] {true, false}) {
            Blake3Hasher h = new Blake3Hasher(Blake3Compress.IV, 0, mode(vector));
            int prev = 0;
            for (int p : points) {
                h.update(in, prev, p - prev);
                prev = p;
            }
            h.update(MemorySegment.ofArray(in), prev, len - prev);
            assertArrayEquals(Blake3.hash(in), h.digest(), "splits " + Arrays.toString(points) + " of " + len);
        }
    }

    @Property(tries = 60)
    void digestDoesNotDisturbLaterInput(@ForAll @IntRange(max = 20000) int first, @ForAll @IntRange(max = 20000) int second,
            @ForAll long seed) {
        byte[] in = random(seed, first + second);
        Blake3Hasher h = Blake3.newHasher().update(in, 0, first);
        assertArrayEquals(Blake3.hash(Arrays.copyOf(in, first)), h.digest());
        h.update(in, first, second);
        assertArrayEquals(Blake3.hash(in), h.digest());
        assertArrayEquals(Blake3.hash(in), h.reset().update(in).digest(), "after reset");
    }

    record Batch(byte[] data, long[] offsets, int[] lengths) {
    }

    @Provide
    Arbitrary<Batch> batches() {
        Arbitrary<int[]> lens = Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 3000),
                        Arbitraries.integers().between(3000, 20000),
                        Arbitraries.of(1024, 4096, 16384, 65536, (1 << 20) + 3))
                .array(int[].class).ofMinSize(0).ofMaxSize(60);
        return Combinators.combine(lens, Arbitraries.longs()).as((ls, seed) -> {
            long total = Arrays.stream(ls).asLongStream().sum();
            byte[] data = random(seed, (int) total + 100);
            Random r = new Random(seed);
            long[] offs = new long[ls.length];
            for (int i = 0; i < ls.length; i++) {
                offs[i] = r.nextInt(data.length - ls[i] + 1);
            }
            return new Batch(data, offs, ls);
        });
    }

    @Property(tries = 80)
    void batchEqualsOneChunkAtATime(@ForAll("batches") Batch b) {
        int n = b.lengths().length;
        for (boolean vector : new boolean[] {true, false}) {
            Fingerprinter f = new Blake3Fingerprinter(mode(vector));
            byte[] out = new byte[n * 32 + 7];
            f.fingerprintBatch(MemorySegment.ofArray(b.data()), b.offsets(), b.lengths(), 0, n,
                    MemorySegment.ofArray(out), 7);
            for (int i = 0; i < n; i++) {
                byte[] expected = scalarHash(b.data(), (int) b.offsets()[i], b.lengths()[i]);
                assertArrayEquals(expected, Arrays.copyOfRange(out, 7 + 32 * i, 7 + 32 * i + 32),
                        "chunk " + i + " of " + n + ", " + b.lengths()[i] + " bytes, vector " + vector);
            }
        }
    }

    @Property(tries = 60)
    void consecutiveEqualsBatchOfTheSameChunks(@ForAll("batches") Batch b) {
        int n = b.lengths().length;
        long[] offs = new long[n];
        long off = 0;
        for (int i = 0; i < n; i++) {
            offs[i] = off;
            off += b.lengths()[i];
        }
        MemorySegment data = MemorySegment.ofArray(b.data());
        for (Fingerprinter f : List.of(Fingerprints.blake3(), Fingerprints.sha256())) {
            byte[] a = new byte[n * 32];
            byte[] c = new byte[n * 32];
            f.fingerprintBatch(data, offs, b.lengths(), 0, n, MemorySegment.ofArray(a), 0);
            f.fingerprintConsecutive(data, 0, b.lengths(), 0, n, MemorySegment.ofArray(c), 0);
            assertEquals(HexFormat.of().formatHex(a), HexFormat.of().formatHex(c), f.kind().label());
        }
    }
}
