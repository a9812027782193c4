package io.flashcore.placement.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;

/** Interoperability with Hadoop's pure-Java Reed-Solomon coder (RSRawEncoder/RSRawDecoder). */
class HadoopInteropTest {
    /** Our parity is byte for byte Hadoop's for the same data, k and m. */
    @Property(tries = 60)
    void parityEqualsHadoopRsRawEncoder(@ForAll @IntRange(min = 1, max = 14) int k,
            @ForAll @IntRange(min = 1, max = 5) int m, @ForAll @IntRange(min = 1, max = 5000) int length,
            @ForAll long seed) throws Exception {
        byte[][] data = random(k, length, seed);
        byte[][] ours = new byte[k + m][];
        System.arraycopy(data, 0, ours, 0, k);
        for (int j = 0; j < m; j++) {
            ours[k + j] = new byte[length];
        }
        ReedSolomon.create(k, m, EcBackend.JAVA).encode(ours, 0, length);
        byte[][] theirs = new byte[m][length];
        new RSRawEncoder(new ErasureCoderOptions(k, m)).encode(data, theirs);
        for (int j = 0; j < m; j++) {
            assertArrayEquals(theirs[j], ours[k + j], "parity " + j + " of " + k + "+" + m);
        }
    }

    /** Hadoop's decoder restores any ≤ m shards erased from a stripe we encoded. */
    @Property(tries = 60)
    void hadoopDecodesStripesWeEncoded(@ForAll @IntRange(min = 1, max = 12) int k,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 3000) int length,
            @ForAll long seed) throws Exception {
        byte[][] shards = new byte[k + m][];
        byte[][] data = random(k, length, seed);
        System.arraycopy(data, 0, shards, 0, k);
        for (int j = 0; j < m; j++) {
            shards[k + j] = new byte[length];
        }
        ReedSolomon.create(k, m, EcBackend.JAVA).encode(shards, 0, length);
        Random r = new Random(seed);
        int lost = 1 + r.nextInt(m);
        int[] erased = r.ints(0, k + m).distinct().limit(lost).sorted().toArray();
        byte[][] inputs = shards.clone();
        for (int e : erased) {
            inputs[e] = null;
        }
        byte[][] outputs = new byte[erased.length][length];
        new RSRawDecoder(new ErasureCoderOptions(k, m)).decode(inputs, erased, outputs);
        for (int i = 0; i < erased.length; i++) {
            assertArrayEquals(shards[erased[i]], outputs[i], "shard " + erased[i] + " of " + k + "+" + m);
        }
    }

    private static byte[][] random(int k, int length, long seed) {
        Random r = new Random(seed);
        byte[][] d = new byte[k][length];
        for (byte[] x : d) {
            r.nextBytes(x);
        }
        return d;
    }
}
