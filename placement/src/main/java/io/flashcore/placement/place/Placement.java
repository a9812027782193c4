package io.flashcore.placement.place;

import java.util.ArrayList;
import java.util.List;

import io.flashcore.placement.topology.Drive;
import io.flashcore.placement.topology.FailureDomain;
import io.flashcore.placement.topology.Topology;

/**
 * Stripe placement on one map: a deterministic function (stripe id, {@link Topology},
 * {@link PlacementRule}) → k+m distinct drives in shard order, so nothing but the stripe id and
 * the map's epoch is stored per stripe.
 *
 * <p>The algorithm ({@link #ALGORITHM}) is weighted rendezvous hashing (straw2): a score
 * {@code ln(u)/w} per candidate, {@code u} a 64-bit hash mapped to (0,1) and {@code w} the
 * candidate's capacity. The {@link PlacementRule.Strategy#EXACT} strategy scores every drive
 * and keeps the best k+m that the domain limits allow (greedy over a laminar matroid, so the
 * result is the best-scoring feasible set); the scan runs in drive id order, and a newcomer that
 * enters takes the slot of the drive it pushes out, so a drive joining with a new (highest) id
 * takes over at most one shard slot per stripe and no shard moves between old drives. On a flat
 * map of mixed capacities the weights are corrected ({@code MultiPickWeights}) so each drive's
 * share of stripes follows its capacity although a stripe never picks a drive twice.
 *
 * <p>The {@link PlacementRule.Strategy#HIERARCHICAL} strategy descends the failure-domain
 * hierarchy instead, so only the children of visited domains are scored: its cost follows the
 * fan-out, not the drive count, but a change of weight moves some shards between the changed
 * domain's other drives too. Each child of a domain holds as many <em>tickets</em> as shards the
 * rule lets it take; ticket {@code j} of child {@code c} scores {@code ln(u)/w} with {@code u} a
 * 64-bit hash of (stripe, c, j) mapped to (0,1) and {@code w} the child's capacity; a domain that
 * must take {@code n} shards gives them to its {@code n} best tickets, then each chosen child
 * places its share the same way. Within a domain the best tickets are found by a scan in child
 * id order in which a newcomer takes the slot of the ticket it pushes out.
 *
 * <p>Failed and draining drives keep their place in this base choice, so every stripe that does
 * not touch them keeps all its drives; each of their shards gets a substitute chosen by a
 * separate rendezvous over the drives that can still take it under the rule (declustered
 * rebuild: every survivor takes a little). {@link io.flashcore.placement.topology.DriveState#OUT}
 * drives are not in the map at all.
 *
 * <p>Thread-safe (immutable); each thread places through its own {@link #newPlacer()}.
 */
public final class Placement {
    /** The identity of the placement function (with the rule's strategy); its output never changes under this name. */
    public static final String ALGORITHM = "flashcore-straw2/1";

    final Topology topology;
    final PlacementRule rule;
    final int width;
    final int levels;
    final int bucketCount;
    /** First and one-past-last child entry of each bucket; bucket 0 is the root. */
    final int[] childStart;
    final int[] childEnd;
    /** True when all children of a bucket weigh the same: scores then compare raw hashes. */
    final boolean[] uniform;
    final int[] parent;
    /** Per child entry: key, normalised weight, tickets, and the bucket (or drive id at the last level). */
    final long[] key;
    final double[] weight;
    final int[] tickets;
    final int[] ref;
    /** Per drive: its innermost bucket, and whether it can take shards. */
    final int[] driveBucket;
    final boolean[] writable;
    final boolean anyUnwritable;
    final int maxChildren;
    /** Exact strategy: drives in the map in id order with their keys and weights; each bucket's rank. */
    final boolean exact;
    final int[] exactDrive;
    final long[] exactKey;
    final double[] exactWeight;
    final boolean exactUniform;
    final int[] rank;
    /** Exact strategy: per entry and level ({@code entry * levels + level}), the bucket holding the drive. */
    final int[] exactAnc;
    /** Per drive and level, the bucket holding the drive; per bucket, its level (root: -1). */
    final int[] ancestor;
    final int[] bucketLevel;

    private Placement(Topology topology, PlacementRule rule) {
        if (rule.maxShardsPerDomain().length != topology.levelCount()) {
            throw new IllegalArgumentException("rule " + rule + " has " + rule.maxShardsPerDomain().length
                    + " domain limits but the map has " + topology.levelCount() + " levels " + topology.levels());
        }
        this.topology = topology;
        this.rule = rule;
        this.width = rule.width();
        this.levels = topology.levelCount();
        int[] bucketBase = new int[levels + 1];
        int buckets = 1;
        for (int l = 0; l < levels; l++) {
            bucketBase[l] = buckets;
            buckets += topology.domainCount(l);
        }
        this.bucketCount = buckets;
        this.parent = new int[buckets];
        parent[0] = -1;
        List<List<Integer>> children = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            children.add(new ArrayList<>());
        }
        String[][] paths = new String[levels][];
        for (int l = 0; l < levels; l++) {
            List<FailureDomain> ds = topology.domains(l);
            paths[l] = new String[ds.size()];
            for (FailureDomain d : ds) {
                int b = bucketBase[l] + d.index();
                parent[b] = l == 0 ? 0 : bucketBase[l - 1] + d.parent();
                paths[l][d.index()] = (l == 0 ? "" : paths[l - 1][d.parent()] + "/") + d.name();
                children.get(parent[b]).add(b);
            }
        }
        int drives = topology.driveCount();
        this.driveBucket = new int[drives];
        this.writable = new boolean[drives];
        double[] bucketWeight = new double[buckets];
        int[] bucketCap = new int[buckets];
        long maxCapacity = 1;
        boolean unwritable = false;
        for (Drive d : topology.drives()) {
            maxCapacity = Math.max(maxCapacity, d.capacityBytes());
        }
        List<Integer> driveEntries = new ArrayList<>();
        for (Drive d : topology.drives()) {
            int b = levels == 0 ? 0 : bucketBase[levels - 1] + d.domain();
            driveBucket[d.id()] = b;
            writable[d.id()] = d.state().writable();
            if (!d.state().inMap()) {
                continue;
            }
            unwritable |= !d.state().writable();
            driveEntries.add(d.id());
        }
        this.anyUnwritable = unwritable;
        // Entries: children of every bucket, contiguous per bucket, in id order.
        int entryCount = driveEntries.size();
        for (int b = 0; b < buckets; b++) {
            entryCount += children.get(b).size();
        }
        this.childStart = new int[buckets];
        this.childEnd = new int[buckets];
        this.uniform = new boolean[buckets];
        this.key = new long[entryCount];
        this.weight = new double[entryCount];
        this.tickets = new int[entryCount];
        this.ref = new int[entryCount];
        List<List<Integer>> drivesOf = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            drivesOf.add(new ArrayList<>());
        }
        for (int id : driveEntries) {
            drivesOf.get(driveBucket[id]).add(id);
        }
        // Weights and capacities bottom-up: drives first, then levels from innermost out.
        for (int id : driveEntries) {
            bucketWeight[driveBucket[id]] += topology.drive(id).capacityBytes() / (double) maxCapacity;
            bucketCap[driveBucket[id]] += 1;
        }
        for (int l = levels - 1; l >= 0; l--) {
            for (int i = 0; i < topology.domainCount(l); i++) {
                int b = bucketBase[l] + i;
                int cap = Math.min(rule.maxShardsPerDomain(l), bucketCap[b]);
                bucketWeight[parent[b]] += bucketWeight[b];
                bucketCap[parent[b]] += cap;
            }
        }
        // Lay out entries; only children that can hold something.
        int e = 0;
        int widest = 0;
        for (int depth = 0; depth <= levels; depth++) {
            int from = depth == 0 ? 0 : bucketBase[depth - 1];
            int to = depth == 0 ? 1 : bucketBase[depth - 1] + topology.domainCount(depth - 1);
            for (int b = from; b < to; b++) {
                childStart[b] = e;
                boolean same = true;
                double first = Double.NaN;
                if (depth == levels) {
                    for (int id : drivesOf.get(b)) {
                        key[e] = StripeHash.driveKey(id);
                        weight[e] = topology.drive(id).capacityBytes() / (double) maxCapacity;
                        tickets[e] = 1;
                        ref[e] = id;
                        same &= Double.isNaN(first) || weight[e] == first;
                        first = weight[e];
                        e++;
                    }
                } else {
                    for (int c : children.get(b)) {
                        if (bucketCap[c] == 0) {
                            continue;
                        }
                        key[e] = StripeHash.domainKey(depth, paths[depth][c - bucketBase[depth]]);
                        weight[e] = bucketWeight[c];
                        tickets[e] = Math.min(rule.maxShardsPerDomain(depth), bucketCap[c]);
                        ref[e] = c;
                        same &= Double.isNaN(first) || weight[e] == first;
                        first = weight[e];
                        e++;
                    }
                }
                childEnd[b] = e;
                uniform[b] = same;
                widest = Math.max(widest, e - childStart[b]);
            }
        }
        this.maxChildren = widest;
        this.exact = rule.strategy() == PlacementRule.Strategy.EXACT;
        this.exactDrive = driveEntries.stream().mapToInt(Integer::intValue).toArray();
        this.exactKey = new long[exactDrive.length];
        this.exactWeight = new double[exactDrive.length];
        boolean same = true;
        for (int i = 0; i < exactDrive.length; i++) {
            exactKey[i] = StripeHash.driveKey(exactDrive[i]);
            exactWeight[i] = topology.drive(exactDrive[i]).capacityBytes() / (double) maxCapacity;
            same &= exactWeight[i] == exactWeight[0];
        }
        if (!same && levels == 0) {
            // A flat map: correct the weights so each drive's share of stripes follows its capacity.
            double[] adjusted = MultiPickWeights.adjust(exactWeight, width);
            System.arraycopy(adjusted, 0, exactWeight, 0, adjusted.length);
        }
        this.exactUniform = same;
        this.bucketLevel = new int[buckets];
        bucketLevel[0] = -1;
        for (int l = 0; l < levels; l++) {
            for (int i = 0; i < topology.domainCount(l); i++) {
                bucketLevel[bucketBase[l] + i] = l;
            }
        }
        this.ancestor = new int[drives * levels];
        for (int d = 0; d < drives; d++) {
            for (int b = driveBucket[d]; b > 0; b = parent[b]) {
                ancestor[d * levels + bucketLevel[b]] = b;
            }
        }
        this.exactAnc = new int[exactDrive.length * levels];
        for (int i = 0; i < exactDrive.length; i++) {
            System.arraycopy(ancestor, exactDrive[i] * levels, exactAnc, i * levels, levels);
        }
        this.rank = new int[buckets];
        rank[0] = width;
        for (int l = 0; l < levels; l++) {
            for (int i = 0; i < topology.domainCount(l); i++) {
                rank[bucketBase[l] + i] = Math.min(rule.maxShardsPerDomain(l), bucketCap[bucketBase[l] + i]);
            }
        }
        if (bucketCap[0] < width) {
            throw unsatisfiable(bucketCap[0]);
        }
    }

    private PlacementException unsatisfiable(int capacity) {
        String what = rule.dataShards() + "+" + rule.parityShards() + " needs " + width + " drives per stripe";
        int live = 0;
        for (Drive d : topology.drives()) {
            live += d.state().inMap() ? 1 : 0;
        }
        if (live < width) {
            return new PlacementException("cannot place " + what + " but the map (epoch " + topology.epoch() + ") has only "
                    + live + " drives in service (rule: one shard per drive)");
        }
        for (int l = 0; l < levels; l++) {
            int[] below = new int[topology.domainCount(l)];
            for (Drive d : topology.drives()) {
                if (d.state().inMap()) {
                    below[topology.domainOf(d.id(), l)]++;
                }
            }
            int allowed = 0;
            int domains = 0;
            for (int n : below) {
                allowed += Math.min(n, rule.maxShardsPerDomain(l));
                domains += n > 0 ? 1 : 0;
            }
            if (allowed < width) {
                return new PlacementException("cannot place " + what + ": rule 'at most " + rule.maxShardsPerDomain(l)
                        + " shard(s) per " + topology.levels().get(l) + "' allows only " + allowed + " on " + domains
                        + " " + topology.levels().get(l) + "(s) with drives");
            }
        }
        return new PlacementException("cannot place " + what + ": the per-domain limits " + rule
                + " together allow only " + capacity + " on map " + topology);
    }

    /**
     * Compiles placement for {@code topology} under {@code rule}.
     *
     * @throws PlacementException       when the map cannot hold one stripe under the rule; the
     *                                  message names the rule and the numbers
     * @throws IllegalArgumentException when the rule does not have one limit per topology level
     */
    public static Placement of(Topology topology, PlacementRule rule) {
        return new Placement(topology, rule);
    }

    /** The map this placement is for. */
    public Topology topology() {
        return topology;
    }

    /** The rule this placement satisfies. */
    public PlacementRule rule() {
        return rule;
    }

    /** k + m, the drives per stripe. */
    public int width() {
        return width;
    }

    /** A new placer for one thread; it allocates its scratch space once. */
    public StripePlacer newPlacer() {
        return new StripePlacer(this);
    }

    /**
     * The drives of stripe {@code stripeId} in shard order (a new array). Allocates a placer per
     * call; hot paths keep a {@link StripePlacer}.
     */
    public int[] place(long stripeId) {
        int[] out = new int[width];
        newPlacer().place(stripeId, out);
        return out;
    }
}
