package io.flashcore.placement.place;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Places stripes on one {@link Placement} for one thread: no allocation per call. Not
 * thread-safe; create one per thread with {@link Placement#newPlacer()}.
 */
public final class StripePlacer {
    private static final VectorSpecies<Long> LANES = LongVector.SPECIES_PREFERRED;
    private static final long MIX = 0x9FB21C651E98DF25L;
    private final Placement p;
    private final int width;
    // Per-depth scratch for the ticket scan: score, entry, ticket number and slot of each selected ticket.
    private final double[][] selScore;
    private final int[][] selEntry;
    private final int[][] selTicket;
    private final int[][] selSlot;
    private final int[][] slots;
    private final double[][] slotOrder;
    // Substitution state: per-bucket shard counts with and without unwritable drives, placed drives.
    private final int[] countAll;
    private final int[] countLive;
    private final boolean[] placed;
    private final int[] touched;
    private final double[][] subScore;
    private long stripeHash;

    StripePlacer(Placement p) {
        this.p = p;
        this.width = p.width;
        int depths = p.levels + 1;
        selScore = new double[depths][width];
        selEntry = new int[depths][width];
        selTicket = new int[depths][width];
        selSlot = new int[depths][width];
        slots = new int[depths][width];
        slotOrder = new double[depths][width];
        countAll = new int[p.bucketCount];
        countLive = new int[p.bucketCount];
        placed = new boolean[p.topology.driveCount()];
        touched = new int[2 * width];
        subScore = new double[depths][p.maxChildren];
        exScore = new double[width];
        exAnc = new int[width * p.levels];
        exWeak = new int[p.bucketCount];
    }

    /** The placement this placer works on. */
    public Placement placement() {
        return p;
    }

    /**
     * Writes the drives of stripe {@code stripeId} into {@code drives[0 .. k+m)} in shard order:
     * the base choice with every failed or draining drive replaced by a substitute that can take
     * shards.
     *
     * @throws PlacementException when a lost shard has no drive left that the rule allows
     */
    public void place(long stripeId, int[] drives) {
        placeBase(stripeId, drives);
        if (p.anyUnwritable) {
            substituteUnwritable(drives);
        }
    }

    /**
     * Writes the base choice of stripe {@code stripeId} into {@code drives[0 .. k+m)}: the drives
     * chosen as if every drive in the map were up. Failed and draining drives appear here in the
     * slots {@link #place} gives to substitutes.
     */
    public void placeBase(long stripeId, int[] drives) {
        if (drives.length < width) {
            throw new IllegalArgumentException("drive array holds " + drives.length + " but a stripe needs " + width);
        }
        stripeHash = StripeHash.stripe(stripeId);
        if (p.exact) {
            selectExact(drives);
            return;
        }
        int[] root = slots[0];
        for (int i = 0; i < width; i++) {
            root[i] = i;
        }
        select(0, width, 0, drives);
    }

    /** The best {@code c} tickets among the children of bucket {@code b}, then their shares placed below. */
    private void select(int b, int c, int depth, int[] out) {
        double[] score = selScore[depth];
        int[] entry = selEntry[depth];
        int[] ticket = selTicket[depth];
        int[] slot = selSlot[depth];
        int n = 0;
        int min = 0;
        boolean same = p.uniform[b];
        long sh = stripeHash;
        for (int e = p.childStart[b], end = p.childEnd[b]; e < end; e++) {
            long k = p.key[e];
            double w = p.weight[e];
            for (int j = 0, t = p.tickets[e]; j < t; j++) {
                long h = StripeHash.ticket(sh, k, j);
                double s = same ? (double) (h >>> 11) : Math.log(((h >>> 11) + 0.5) * 0x1.0p-53) / w;
                if (n < c) {
                    score[n] = s;
                    entry[n] = e;
                    ticket[n] = j;
                    slot[n] = n;
                    n++;
                    if (n == c) {
                        min = argMin(score, c);
                    }
                } else if (s > score[min]) {
                    // The newcomer takes the slot of the ticket it pushes out: later ids never reshuffle earlier slots.
                    score[min] = s;
                    entry[min] = e;
                    ticket[min] = j;
                    min = argMin(score, c);
                }
            }
        }
        // Slots follow a second hash of each chosen ticket, not the order the scan met them, so a
        // weight change that leaves the chosen set alone leaves every shard where it was.
        double[] order = slotOrder[depth];
        for (int i = 0; i < c; i++) {
            order[i] = StripeHash.ticket(sh ^ StripeHash.SUBSTITUTE_SEED, p.key[entry[i]], ticket[i]) >>> 11;
        }
        for (int i = 0; i < c; i++) {
            int r = 0;
            for (int j = 0; j < c; j++) {
                if (order[j] < order[i]) {
                    r++;
                }
            }
            slot[i] = r;
        }
        // Group the chosen tickets by child, in (child, ticket) order.
        for (int i = 1; i < c; i++) {
            int ei = entry[i];
            int ti = ticket[i];
            int si = slot[i];
            double sc = score[i];
            int j = i - 1;
            while (j >= 0 && (entry[j] > ei || (entry[j] == ei && ticket[j] > ti))) {
                entry[j + 1] = entry[j];
                ticket[j + 1] = ticket[j];
                slot[j + 1] = slot[j];
                score[j + 1] = score[j];
                j--;
            }
            entry[j + 1] = ei;
            ticket[j + 1] = ti;
            slot[j + 1] = si;
            score[j + 1] = sc;
        }
        int[] mySlots = slots[depth];
        if (depth == p.levels) {
            for (int i = 0; i < c; i++) {
                out[mySlots[slot[i]]] = p.ref[entry[i]];
            }
            return;
        }
        int[] childSlots = slots[depth + 1];
        for (int i = 0; i < c; ) {
            int e = entry[i];
            int q = 0;
            while (i < c && entry[i] == e) {
                childSlots[q++] = mySlots[slot[i]];
                i++;
            }
            select(p.ref[e], q, depth + 1, out);
            // The recursion reused the next depth's scratch; this depth's arrays are untouched.
        }
    }

    /**
     * Greedy over every drive in id order: a drive joins when the domain limits allow, else it
     * replaces the lowest-scoring member of the smallest full domain containing it (the whole
     * stripe when k+m drives are chosen) if it scores higher, taking that member's slot.
     */
    private void selectExact(int[] out) {
        exSize = 0;
        exFloor = Double.NEGATIVE_INFINITY;
        exMin = 0;
        exLastFull = -1;
        long sh = stripeHash;
        long[] keys = p.exactKey;
        double[] weights = p.exactWeight;
        int n = keys.length;
        boolean same = p.exactUniform;
        try {
            int i = 0;
            if (same) {
                // Equal weights: the score is the hash itself, so whole vectors of drives are hashed
                // and only lanes beating the weakest member are looked at one by one.
                LongVector stripe = LongVector.broadcast(LANES, sh);
                int lanes = LANES.length();
                long floorBits = -1;
                for (int bound = LANES.loopBound(n); i < bound; i += lanes) {
                    LongVector v = stripe.lanewise(VectorOperators.XOR, LongVector.fromArray(LANES, keys, i));
                    v = v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ROR, 49)
                            .lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ROR, 24)));
                    v = v.mul(MIX);
                    v = v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.LSHR, 28));
                    v = v.mul(MIX);
                    v = v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.LSHR, 28));
                    LongVector u = v.lanewise(VectorOperators.LSHR, 11);
                    VectorMask<Long> above = u.compare(VectorOperators.GT, floorBits);
                    if (!above.anyTrue()) {
                        continue;
                    }
                    u.intoArray(laneScratch, 0);
                    long bits = above.toLong();
                    while (bits != 0) {
                        int lane = Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        double s = (double) laneScratch[lane];
                        if (s > exFloor) {
                            offer(i + lane, s, out);
                        }
                    }
                    floorBits = exFloor == Double.NEGATIVE_INFINITY ? -1 : (long) exFloor;
                }
            }
            for (; i < n; i++) {
                long h = StripeHash.ticket(sh, keys[i], 0);
                double s = same ? (double) (h >>> 11) : Math.log(((h >>> 11) + 0.5) * 0x1.0p-53) / weights[i];
                if (s > exFloor) {
                    offer(i, s, out);
                }
            }
        } finally {
            int[] count = countAll;
            int[] anc = exAnc;
            int levels = p.levels;
            for (int j = 0, end = exSize * levels; j < end; j++) {
                count[anc[j]] = 0;
            }
        }
        if (exSize < width) {
            throw new PlacementException("only " + exSize + " of " + width + " shards fit under rule " + p.rule + " on map "
                    + p.topology);
        }
    }

    private final long[] laneScratch = new long[LANES.length()];
    /** Exact strategy state: members chosen so far, the weakest member's index and score. */
    private int exSize;
    private int exMin;
    private double exFloor;
    /** The last full domain whose weakest member was looked up, and that member; -1 once members change. */
    private int exLastFull;
    private int exLastWeakest;
    /** Per member, its score and its domain at each level (member j's at level l: {@code j * levels + l}). */
    private final double[] exScore;
    private final int[] exAnc;
    /** Per full bucket, the index of its weakest member. */
    private final int[] exWeak;

    /**
     * Offers drive entry {@code i} with score {@code s} (above the weakest member's when the
     * stripe is full) to the members in {@code out}: it joins in a new slot when the limits allow,
     * else takes the slot of the weakest member of the smallest full domain holding it if it
     * scores higher.
     */
    private void offer(int i, double s, int[] out) {
        int levels = p.levels;
        int[] count = countAll;
        int[] rank = p.rank;
        int[] driveAnc = p.exactAnc;
        int base = i * levels;
        int fullLevel = -1;
        int full = -1;
        for (int l = levels - 1; l >= 0; l--) {
            int b = driveAnc[base + l];
            if (count[b] == rank[b]) {
                full = b;
                fullLevel = l;
                break;
            }
        }
        double[] score = exScore;
        int[] anc = exAnc;
        int size = exSize;
        if (full < 0 && size < width) {
            exLastFull = -1;
            out[size] = p.exactDrive[i];
            score[size] = s;
            for (int l = 0; l < levels; l++) {
                int b = driveAnc[base + l];
                anc[size * levels + l] = b;
                count[b]++;
            }
            exSize = ++size;
            if (size == width) {
                exMin = weakestOf(score, width);
                exFloor = score[exMin];
            }
            return;
        }
        int weakest;
        if (full < 0) {
            weakest = exMin;
        } else if (full == exLastFull) {
            // Drives of one domain often come in a row; its weakest stays until the members change.
            weakest = exLastWeakest;
        } else {
            weakest = -1;
            double least = Double.POSITIVE_INFINITY;
            for (int j = 0, a = fullLevel; j < size; j++, a += levels) {
                if (anc[a] == full && score[j] < least) {
                    least = score[j];
                    weakest = j;
                }
            }
            exLastFull = full;
            exLastWeakest = weakest;
        }
        if (weakest < 0 || !(s > score[weakest])) {
            return;
        }
        exLastFull = -1;
        int row = weakest * levels;
        for (int l = 0; l < levels; l++) {
            int b = driveAnc[base + l];
            count[anc[row + l]]--;
            anc[row + l] = b;
            count[b]++;
        }
        out[weakest] = p.exactDrive[i];
        score[weakest] = s;
        if (size == width && weakest == exMin) {
            exMin = weakestOf(score, width);
            exFloor = score[exMin];
        }
    }

    /** The first member with the lowest score among those in bucket {@code b} of level {@code level}. */
    private int weakestUnder(int b, int level) {
        int levels = p.levels;
        int[] anc = exAnc;
        double[] score = exScore;
        int weakest = -1;
        double least = Double.POSITIVE_INFINITY;
        for (int j = 0, a = level, n = exSize; j < n; j++, a += levels) {
            if (anc[a] == b && score[j] < least) {
                least = score[j];
                weakest = j;
            }
        }
        return weakest;
    }

    private void addPath(int drive, int delta) {
        for (int b = p.driveBucket[drive]; b > 0; b = p.parent[b]) {
            countAll[b] += delta;
        }
    }

    private boolean under(int drive, int bucket) {
        return p.ancestor[drive * p.levels + p.bucketLevel[bucket]] == bucket;
    }

    private static int argMin(double[] a, int n) {
        int m = 0;
        for (int i = 1; i < n; i++) {
            if (a[i] < a[m]) {
                m = i;
            }
        }
        return m;
    }

    /** {@link #argMin} with conditional moves rather than branches, for the k+m members whose weakest is unpredictable. */
    private static int weakestOf(double[] a, int n) {
        int m = 0;
        double least = a[0];
        for (int i = 1; i < n; i++) {
            double v = a[i];
            boolean lower = v < least;
            m = lower ? i : m;
            least = lower ? v : least;
        }
        return m;
    }

    private void substituteUnwritable(int[] drives) {
        boolean any = false;
        for (int i = 0; i < width; i++) {
            any |= !p.writable[drives[i]];
        }
        if (!any) {
            return;
        }
        int touchedCount = 0;
        for (int i = 0; i < width; i++) {
            mark(drives[i], 1);
            touched[touchedCount++] = drives[i];
        }
        try {
            for (int pos = 0; pos < width; pos++) {
                int lost = drives[pos];
                if (p.writable[lost]) {
                    continue;
                }
                // First keep the lost drive's domains counted, so other substitutes do not depend on it;
                // if that leaves no room anywhere, let the slot it frees count.
                int sub = descend(0, pos, true, 0);
                if (sub < 0) {
                    sub = descend(0, pos, false, 0);
                }
                if (sub < 0) {
                    throw new PlacementException("no drive can take shard " + pos + " (was on drive " + lost
                            + ") under rule " + p.rule + " on map " + p.topology);
                }
                drives[pos] = sub;
                mark(sub, 1);
                touched[touchedCount++] = sub;
            }
        } finally {
            for (int i = 0; i < touchedCount; i++) {
                mark(touched[i], -1);
            }
        }
    }

    private void mark(int drive, int delta) {
        placed[drive] = delta > 0;
        boolean live = p.writable[drive];
        for (int b = p.driveBucket[drive]; b > 0; b = p.parent[b]) {
            countAll[b] += delta;
            if (live) {
                countLive[b] += delta;
            }
        }
    }

    /** The best drive under bucket {@code b} that can take shard {@code pos}, or -1. */
    private int descend(int b, int pos, boolean countUnwritable, int depth) {
        int start = p.childStart[b];
        int n = p.childEnd[b] - start;
        double[] score = subScore[depth];
        boolean same = p.uniform[b];
        int[] count = countUnwritable ? countAll : countLive;
        for (int i = 0; i < n; i++) {
            int e = start + i;
            boolean eligible = depth == p.levels
                    ? p.writable[p.ref[e]] && !placed[p.ref[e]]
                    : count[p.ref[e]] < p.tickets[e];
            if (!eligible) {
                score[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            long h = StripeHash.substitute(stripeHash, p.key[e], pos);
            score[i] = same ? (double) (h >>> 11) : Math.log(((h >>> 11) + 0.5) * 0x1.0p-53) / p.weight[e];
        }
        while (true) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (score[i] != Double.NEGATIVE_INFINITY && (best < 0 || score[i] > score[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return -1;
            }
            int e = start + best;
            if (depth == p.levels) {
                return p.ref[e];
            }
            int d = descend(p.ref[e], pos, countUnwritable, depth + 1);
            if (d >= 0) {
                return d;
            }
            score[best] = Double.NEGATIVE_INFINITY;
        }
    }

    /**
     * Counts how often {@code drives[0 .. k+m)} breaks the rule: a drive used twice, a drive
     * that cannot take shards, or a failure domain over its limit (counted once per excess shard).
     */
    public int violations(int[] drives) {
        int v = 0;
        for (int i = 0; i < width; i++) {
            int d = drives[i];
            if (placed[d]) {
                v++;
            }
            placed[d] = true;
            if (!p.writable[d]) {
                v++;
            }
            for (int b = p.driveBucket[d], l = p.levels - 1; b > 0; b = p.parent[b], l--) {
                if (++countAll[b] > p.rule.maxShardsPerDomain(l)) {
                    v++;
                }
            }
        }
        for (int i = 0; i < width; i++) {
            int d = drives[i];
            placed[d] = false;
            for (int b = p.driveBucket[d]; b > 0; b = p.parent[b]) {
                countAll[b] = 0;
            }
        }
        return v;
    }
}
