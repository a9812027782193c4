package io.flashcore.placement.rebuild;

import java.util.ArrayList;
import java.util.List;

import io.flashcore.placement.place.Placement;
import io.flashcore.placement.place.StripePlacer;
import io.flashcore.placement.topology.Topology;

/**
 * Plans the healing of a change of map (drives failed, draining or out): for every stripe whose
 * drives differ between the two placements, each moved shard's destination (the new placement's
 * substitute: declustered over all survivors), and for shards whose drive is unreadable the k
 * source shards read to reconstruct them, chosen by rendezvous hashing over the readable shards
 * so reads spread evenly over the survivors. Shards whose former drive is still readable are
 * copied from it. Deterministic; stateless per stripe, so ranges plan in parallel.
 */
public final class RebuildPlanner {
    private static final long SOURCE_SEED = 0x3C6EF372FE94F82BL;

    private RebuildPlanner() {
    }

    /**
     * Plans stripes {@code firstStripe … firstStripe+stripeCount−1} moving from placement
     * {@code before} to {@code after} (same rule, the later map), with {@code shardBytes} per
     * shard, on {@code threads} threads; keeps per-stripe detail when {@code keepStripes}.
     */
    public static RebuildPlan plan(Placement before, Placement after, long firstStripe, long stripeCount,
                                   long shardBytes, boolean keepStripes, int threads) {
        if (before.width() != after.width() || before.rule().dataShards() != after.rule().dataShards()) {
            throw new IllegalArgumentException("placements differ in layout: " + before.rule() + " vs " + after.rule());
        }
        if (stripeCount < 0 || shardBytes <= 0 || threads < 1) {
            throw new IllegalArgumentException("need stripeCount >= 0, shardBytes > 0, threads >= 1; got " + stripeCount
                    + ", " + shardBytes + ", " + threads);
        }
        int n = (int) Math.min(threads, Math.max(1, stripeCount / 4096));
        Worker[] workers = new Worker[n];
        Thread[] running = new Thread[n];
        for (int t = 0; t < n; t++) {
            long from = firstStripe + stripeCount * t / n;
            long to = firstStripe + stripeCount * (t + 1) / n;
            workers[t] = new Worker(before, after, from, to, shardBytes, keepStripes);
            if (n == 1) {
                workers[t].run();
            } else {
                running[t] = Thread.ofPlatform().name("rebuild-plan-" + t).start(workers[t]);
            }
        }
        for (Thread th : running) {
            if (th != null) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while planning a rebuild", e);
                }
            }
        }
        return merge(before, after, shardBytes, workers);
    }

    /** Sums the workers' accounts into one plan, stripes in worker order. */
    static RebuildPlan merge(Placement before, Placement after, long shardBytes, Worker... workers) {
        Topology map = after.topology();
        int drives = Math.max(map.driveCount(), before.topology().driveCount());
        long[] read = new long[drives];
        long[] write = new long[drives];
        long affected = 0;
        long rebuilt = 0;
        long copied = 0;
        long lost = 0;
        List<StripeRebuild> detail = new ArrayList<>();
        for (Worker w : workers) {
            if (w.failure != null) {
                throw w.failure;
            }
            for (int d = 0; d < drives; d++) {
                read[d] += w.read[d];
                write[d] += w.write[d];
            }
            affected += w.affected;
            rebuilt += w.rebuilt;
            copied += w.copied;
            lost += w.unrecoverable;
            detail.addAll(w.detail);
        }
        int survivors = 0;
        for (var d : map.drives()) {
            survivors += d.state().writable() ? 1 : 0;
        }
        return new RebuildPlan(shardBytes, after.rule().dataShards(), after.width(), survivors, affected, rebuilt,
                copied, lost, read, write, detail);
    }

    static final class Worker implements Runnable {
        private final StripePlacer before;
        private final StripePlacer after;
        private final Topology map;
        private final long from;
        private final long to;
        private final long shardBytes;
        private final boolean keep;
        private final int width;
        private final int k;
        final long[] read;
        final long[] write;
        final List<StripeRebuild> detail = new ArrayList<>();
        long affected;
        long rebuilt;
        long copied;
        long unrecoverable;
        RuntimeException failure;
        private final long[] rank;
        private final int[] moved;
        private final boolean[] readable;
        private final int[] sourceScratch;
        private static final int[] NONE = new int[0];

        Worker(Placement b, Placement a, long from, long to, long shardBytes, boolean keep) {
            this.before = b.newPlacer();
            this.after = a.newPlacer();
            this.map = a.topology();
            this.from = from;
            this.to = to;
            this.shardBytes = shardBytes;
            this.keep = keep;
            this.width = a.width();
            this.k = a.rule().dataShards();
            int drives = Math.max(map.driveCount(), b.topology().driveCount());
            this.read = new long[drives];
            this.write = new long[drives];
            this.rank = new long[width];
            this.moved = new int[width];
            this.readable = new boolean[drives];
            for (var d : map.drives()) {
                readable[d.id()] = d.state().readable();
            }
            this.sourceScratch = new int[k];
        }

        @Override
        public void run() {
            try {
                plan();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private void plan() {
            int[] old = new int[width];
            int[] now = new int[width];
            for (long s = from; s < to; s++) {
                before.place(s, old);
                after.place(s, now);
                account(s, old, now);
            }
        }

        /** Adds the healing of one stripe moving from drives {@code old} to {@code now}. */
        void account(long s, int[] old, int[] now) {
            int m = 0;
            boolean needSources = false;
            for (int i = 0; i < width; i++) {
                if (old[i] != now[i]) {
                    moved[m++] = i;
                    needSources |= !readable[old[i]];
                }
            }
            if (m == 0) {
                return;
            }
            affected++;
            int[] sources = NONE;
            if (needSources) {
                sources = chooseSources(s, old, now);
                if (sources == null) {
                    unrecoverable++;
                    return;
                }
                for (int d : sources) {
                    read[d] += shardBytes;
                }
            }
            boolean[] copiedFlags = keep ? new boolean[m] : null;
            for (int j = 0; j < m; j++) {
                int i = moved[j];
                write[now[i]] += shardBytes;
                boolean copy = readable[old[i]];
                if (keep) {
                    copiedFlags[j] = copy;
                }
                if (copy) {
                    read[old[i]] += shardBytes;
                    copied++;
                } else {
                    rebuilt++;
                }
            }
            if (keep) {
                int[] pos = new int[m];
                int[] fromDrives = new int[m];
                int[] toDrives = new int[m];
                for (int j = 0; j < m; j++) {
                    pos[j] = moved[j];
                    fromDrives[j] = old[moved[j]];
                    toDrives[j] = now[moved[j]];
                }
                detail.add(new StripeRebuild(s, pos, fromDrives, toDrives, sources.clone(), copiedFlags));
            }
        }

        /** The k readable, unmoved shards with the highest rendezvous rank, or null when fewer than k remain. */
        private int[] chooseSources(long stripe, int[] old, int[] now) {
            int n = 0;
            for (int i = 0; i < width; i++) {
                int d = old[i];
                if (d == now[i] && readable[d]) {
                    rank[n++] = (mix(stripe * 0x9E3779B97F4A7C15L ^ d ^ SOURCE_SEED) & ~0xFFFFFFL) | d;
                }
            }
            if (n < k) {
                return null;
            }
            java.util.Arrays.sort(rank, 0, n);
            int[] out = sourceScratch;
            for (int i = 0; i < k; i++) {
                out[i] = (int) (rank[n - 1 - i] & 0xFFFFFF);
            }
            return out;
        }

        private static long mix(long v) {
            v ^= v >>> 33;
            v *= 0xFF51AFD7ED558CCDL;
            v ^= v >>> 33;
            v *= 0xC4CEB9FE1A85EC53L;
            return v ^ v >>> 33;
        }
    }
}
