package io.flashcore.placement.place;

import java.util.Arrays;

/**
 * Corrects weights for picking several distinct drives per stripe. Choosing the best k+m of
 * independent straw2 scores gives a drive a share of stripes that is not proportional to its
 * weight (a drive cannot be picked twice, so heavy drives fall short and light ones overfill).
 * This finds weights whose inclusion probabilities are proportional to the capacities, by a
 * fixed-point iteration on the exact inclusion probability of an exponential race, computed per
 * class of equal capacity. Equal capacities are left unchanged.
 */
final class MultiPickWeights {
    private static final int ITERATIONS = 80;
    private static final int STEPS = 600;

    private MultiPickWeights() {
    }

    /** Adjusted weights for picking {@code picks} of the drives with capacities {@code capacity}. */
    static double[] adjust(double[] capacity, int picks) {
        double[] classes = Arrays.stream(capacity).distinct().sorted().toArray();
        if (classes.length < 2 || picks >= capacity.length) {
            return capacity.clone();
        }
        int c = classes.length;
        int[] count = new int[c];
        double total = 0;
        for (double w : capacity) {
            count[Arrays.binarySearch(classes, w)]++;
            total += w;
        }
        double[] target = new double[c];
        for (int i = 0; i < c; i++) {
            target[i] = Math.min(1, picks * classes[i] / total);
        }
        double[] a = classes.clone();
        for (int it = 0; it < ITERATIONS; it++) {
            double[] prob = inclusion(a, count, picks);
            double max = 0;
            for (int i = 0; i < c; i++) {
                a[i] *= Math.pow(target[i] / prob[i], 0.9);
                max = Math.max(max, a[i]);
            }
            for (int i = 0; i < c; i++) {
                a[i] /= max;
            }
        }
        double[] out = new double[capacity.length];
        for (int d = 0; d < capacity.length; d++) {
            out[d] = a[Arrays.binarySearch(classes, capacity[d])];
        }
        return out;
    }

    /**
     * P(a drive of class i is among the first {@code picks} arrivals) when each drive arrives at
     * an exponential time with rate a[class]: ∫ a_i e^{−a_i t} P(fewer than picks others by t) dt,
     * integrated by Simpson's rule over s = e^{−t·amin}.
     */
    static double[] inclusion(double[] a, int[] count, int picks) {
        int c = a.length;
        double amin = Arrays.stream(a).min().orElseThrow();
        double[] prob = new double[c];
        double h = 1.0 / STEPS;
        for (int k = 1; k <= STEPS; k++) {
            double s = k * h;
            double t = -Math.log(s) / amin;
            double weight = (k == STEPS ? 1 : (k % 2 == 1 ? 4 : 2)) * h / 3;
            for (int i = 0; i < c; i++) {
                double below = fewerThan(a, count, i, t, picks);
                // dt = ds / (amin s); density a_i e^{-a_i t}.
                prob[i] += weight * a[i] * Math.exp(-a[i] * t) * below / (amin * s);
            }
        }
        return prob;
    }

    /** P(fewer than {@code picks} of the other drives arrived by t), one drive of class {@code self} excluded. */
    private static double fewerThan(double[] a, int[] count, int self, double t, int picks) {
        double[] dist = new double[picks];
        dist[0] = 1;
        for (int j = 0; j < a.length; j++) {
            int n = count[j] - (j == self ? 1 : 0);
            if (n == 0) {
                continue;
            }
            double p = -Math.expm1(-a[j] * t);
            double[] pmf = binomial(n, p, picks);
            double[] next = new double[picks];
            for (int x = 0; x < picks; x++) {
                if (dist[x] == 0) {
                    continue;
                }
                for (int y = 0; x + y < picks; y++) {
                    next[x + y] += dist[x] * pmf[y];
                }
            }
            dist = next;
        }
        double sum = 0;
        for (double v : dist) {
            sum += v;
        }
        return sum;
    }

    private static double[] binomial(int n, double p, int upTo) {
        double[] pmf = new double[upTo];
        if (p <= 0) {
            pmf[0] = 1;
            return pmf;
        }
        if (p >= 1) {
            if (n < upTo) {
                pmf[n] = 1;
            }
            return pmf;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logC = 0;
        for (int j = 0; j < upTo && j <= n; j++) {
            if (j > 0) {
                logC += Math.log((n - j + 1) / (double) j);
            }
            pmf[j] = Math.exp(logC + j * logP + (n - j) * logQ);
        }
        return pmf;
    }
}
