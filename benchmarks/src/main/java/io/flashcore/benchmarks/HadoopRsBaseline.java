package io.flashcore.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;

/**
 * The Java baseline for erasure coding: Hadoop's pure-Java Reed-Solomon coder (RSRawEncoder and
 * RSRawDecoder, whose parity equals ours) timed the way {@code flashcore bench ec} times ours —
 * one thread, warm-up first, GB = 10⁹ bytes of data per second, decode with two lost data shards —
 * and printed as one JSON object with the same field names.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.flashcore.benchmarks.HadoopRsBaseline K M SHARD_BYTES [SECONDS]}
 */
public final class HadoopRsBaseline {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HadoopRsBaseline() {
    }

    /** Runs the baseline; see the class description for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: HadoopRsBaseline K M SHARD_BYTES [SECONDS]");
            System.exit(2);
        }
        int k = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int shard = Integer.parseInt(args[2]);
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 2;
        if (k < 2 || m < 2 || shard < 1) {
            System.err.println("need K >= 2, M >= 2 (decode loses two data shards) and SHARD_BYTES >= 1");
            System.exit(2);
        }
        ErasureCoderOptions options = new ErasureCoderOptions(k, m);
        RSRawEncoder encoder = new RSRawEncoder(options);
        RSRawDecoder decoder = new RSRawDecoder(options);
        byte[][] data = new byte[k][shard];
        Random r = new Random(1);
        for (byte[] d : data) {
            r.nextBytes(d);
        }
        byte[][] parity = new byte[m][shard];
        encoder.encode(data, parity);
        byte[][] inputs = new byte[k + m][];
        System.arraycopy(data, 0, inputs, 0, k);
        System.arraycopy(parity, 0, inputs, k, m);
        inputs[0] = null;
        inputs[1] = null;
        int[] erased = {0, 1};
        byte[][] outputs = new byte[2][shard];
        Op encode = () -> encoder.encode(data, parity);
        Op decode = () -> decoder.decode(inputs.clone(), erased, outputs);
        double[] enc = time(encode, (long) k * shard, seconds);
        double[] dec = time(decode, (long) k * shard, seconds);
        System.out.println(String.format(Locale.ROOT,
                "{\"coder\":\"hadoop-RSRawEncoder\",\"k\":%d,\"m\":%d,\"shardBytes\":%d,\"encodeGBps\":%.3f,"
                        + "\"decodeGBps\":%.3f,\"encodeGBpsPerCpuSecond\":%.3f,\"decodeGBpsPerCpuSecond\":%.3f}",
                k, m, shard, enc[0], dec[0], enc[1], dec[1]));
    }

    private interface Op {
        void run() throws Exception;
    }

    /** Warms up for {@code seconds}, then returns {wall GB/s, GB per CPU-second} over {@code seconds}. */
    private static double[] time(Op op, long bytesPerOp, double seconds) throws Exception {
        long warmEnd = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        long n = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long t;
        do {
            op.run();
            n++;
            t = System.nanoTime();
        } while (t < end);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        double bytes = (double) n * bytesPerOp;
        return new double[] {bytes / (t - t0), bytes / Math.max(1, cpu)};
    }
}
