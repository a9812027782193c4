package io.flashcore.placement.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, versioned map of an array: a hierarchy of failure domains (e.g. rack → node →
 * drive, or flat when there are no levels), each drive's capacity in bytes (its placement weight)
 * and state. Every change yields a new map with the next epoch.
 *
 * <p>Drive ids are dense, 0 … {@link #driveCount()}−1, and never reused: a removed drive stays
 * as {@link DriveState#OUT} and a new drive takes the next id, which keeps placement of the
 * other drives stable. Thread-safe (immutable).
 */
public final class Topology {
    private final long epoch;
    private final List<String> levels;
    private final FailureDomain[][] domains;
    private final Drive[] drives;

    Topology(long epoch, List<String> levels, FailureDomain[][] domains, Drive[] drives) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
        this.levels = List.copyOf(levels);
        this.domains = domains;
        this.drives = drives;
        validate();
    }

    private void validate() {
        if (domains.length != levels.size()) {
            throw new IllegalArgumentException("expected " + levels.size() + " domain levels, got " + domains.length);
        }
        for (int l = 0; l < domains.length; l++) {
            for (int i = 0; i < domains[l].length; i++) {
                FailureDomain d = domains[l][i];
                if (d.level() != l || d.index() != i) {
                    throw new IllegalArgumentException("failure domain " + d.name() + " is at level/index "
                            + d.level() + "/" + d.index() + " but stored at " + l + "/" + i);
                }
                if (l > 0 && (d.parent() < 0 || d.parent() >= domains[l - 1].length)) {
                    throw new IllegalArgumentException("failure domain " + d.name() + ": parent " + d.parent()
                            + " outside 0.." + (domains[l - 1].length - 1));
                }
            }
        }
        int leaves = levels.isEmpty() ? 0 : domains[levels.size() - 1].length;
        for (int i = 0; i < drives.length; i++) {
            Drive d = drives[i];
            if (d.id() != i) {
                throw new IllegalArgumentException("drive ids must be dense: drive at position " + i + " has id " + d.id());
            }
            if (levels.isEmpty() ? d.domain() != -1 : (d.domain() < 0 || d.domain() >= leaves)) {
                throw new IllegalArgumentException("drive " + i + ": domain " + d.domain() + " outside "
                        + (levels.isEmpty() ? "-1 (flat map)" : "0.." + (leaves - 1)));
            }
        }
    }

    /** A builder for a map with the given failure-domain levels, outermost first (none for a flat map). */
    public static Builder builder(String... levels) {
        return new Builder(0, Arrays.asList(levels));
    }

    /** A flat map of {@code drives} equal drives of {@code capacityBytes} each, all up, at epoch 0. */
    public static Topology flat(int drives, long capacityBytes) {
        Builder b = builder();
        for (int i = 0; i < drives; i++) {
            b.addDrive(capacityBytes);
        }
        return b.build();
    }

    /**
     * A map of {@code drives} equal drives spread round-robin over a uniform hierarchy: level
     * {@code levelNames[i]} has {@code fanouts[i]} domains under each domain of the level above
     * (so {@code ("rack","node"), (4, 6)} is 4 racks of 6 nodes); drive {@code i} sits in innermost
     * domain {@code i mod (product of fanouts)}. Domains are named {@code <level><index>}.
     */
    public static Topology uniform(int drives, long capacityBytes, List<String> levelNames, int[] fanouts) {
        if (levelNames.size() != fanouts.length) {
            throw new IllegalArgumentException("expected one fanout per level " + levelNames + ", got "
                    + Arrays.toString(fanouts));
        }
        Builder b = new Builder(0, levelNames);
        int count = 1;
        for (int l = 0; l < fanouts.length; l++) {
            if (fanouts[l] <= 0) {
                throw new IllegalArgumentException(levelNames.get(l) + " count must be > 0, got " + fanouts[l]);
            }
            for (int i = 0; i < count * fanouts[l]; i++) {
                b.addDomain(l, levelNames.get(l) + i, l == 0 ? -1 : i / fanouts[l]);
            }
            count *= fanouts[l];
        }
        Topology empty = b.build();
        return empty.withAddedDrives(drives, capacityBytes).withEpoch(0);
    }

    /** This map with {@code epoch} replaced; for reconstructing a known map, not for changing one. */
    public Topology withEpoch(long newEpoch) {
        return new Topology(newEpoch, levels, domains, drives);
    }

    /** The map's version, incremented by every change. */
    public long epoch() {
        return epoch;
    }

    /** The failure-domain level names, outermost first; empty for a flat map. */
    public List<String> levels() {
        return levels;
    }

    /** The number of failure-domain levels above the drives (0 for a flat map). */
    public int levelCount() {
        return levels.size();
    }

    /** The failure domains of {@code level}, by index. */
    public List<FailureDomain> domains(int level) {
        Objects.checkIndex(level, domains.length);
        return Collections.unmodifiableList(Arrays.asList(domains[level]));
    }

    /** The number of failure domains at {@code level}. */
    public int domainCount(int level) {
        Objects.checkIndex(level, domains.length);
        return domains[level].length;
    }

    /** All drives, by id (including {@link DriveState#OUT} ones). */
    public List<Drive> drives() {
        return Collections.unmodifiableList(Arrays.asList(drives));
    }

    /** The drive with {@code id}. */
    public Drive drive(int id) {
        Objects.checkIndex(id, drives.length);
        return drives[id];
    }

    /** The number of drive ids in the map (including {@link DriveState#OUT} drives). */
    public int driveCount() {
        return drives.length;
    }

    /** Index of the failure domain at {@code level} that holds drive {@code id} ({@code id} itself at level {@link #levelCount()}). */
    public int domainOf(int id, int level) {
        Objects.checkIndex(id, drives.length);
        Objects.checkIndex(level, domains.length + 1);
        if (level == domains.length) {
            return id;
        }
        int d = drives[id].domain();
        for (int l = domains.length - 1; l > level; l--) {
            d = domains[l][d].parent();
        }
        return d;
    }

    /** The number of drives in {@code state}. */
    public int count(DriveState state) {
        int n = 0;
        for (Drive d : drives) {
            if (d.state() == state) {
                n++;
            }
        }
        return n;
    }

    /** The summed capacity in bytes of the drives that are in the map (not {@link DriveState#OUT}). */
    public long capacityBytes() {
        long sum = 0;
        for (Drive d : drives) {
            if (d.state().inMap()) {
                sum += d.capacityBytes();
            }
        }
        return sum;
    }

    /** The next map: drive {@code id} in {@code state}, epoch + 1. */
    public Topology withState(int id, DriveState state) {
        Objects.checkIndex(id, drives.length);
        Drive[] next = drives.clone();
        next[id] = drives[id].withState(Objects.requireNonNull(state, "state"));
        return new Topology(epoch + 1, levels, domains, next);
    }

    /** The next map: every drive in {@code ids} in {@code state}, epoch + 1. */
    public Topology withStates(int[] ids, DriveState state) {
        Drive[] next = drives.clone();
        for (int id : ids) {
            Objects.checkIndex(id, drives.length);
            next[id] = drives[id].withState(Objects.requireNonNull(state, "state"));
        }
        return new Topology(epoch + 1, levels, domains, next);
    }

    /** The next map: drive {@code id} with {@code capacityBytes}, epoch + 1. */
    public Topology withCapacity(int id, long capacityBytes) {
        Objects.checkIndex(id, drives.length);
        Drive[] next = drives.clone();
        Drive d = drives[id];
        next[id] = new Drive(id, capacityBytes, d.state(), d.domain());
        return new Topology(epoch + 1, levels, domains, next);
    }

    /**
     * The next map: {@code count} new up drives of {@code capacityBytes}, taking the next ids and
     * continuing the round-robin over the innermost failure domains (drive {@code id} goes to
     * innermost domain {@code id mod domains}); epoch + 1.
     */
    public Topology withAddedDrives(int count, long capacityBytes) {
        if (count < 0) {
            throw new IllegalArgumentException("drive count must be >= 0, got " + count);
        }
        Drive[] next = Arrays.copyOf(drives, drives.length + count);
        int leaves = levels.isEmpty() ? 0 : domains[levels.size() - 1].length;
        if (!levels.isEmpty() && leaves == 0 && count > 0) {
            throw new IllegalArgumentException("cannot add drives: the map has no " + levels.getLast() + " to hold them");
        }
        for (int id = drives.length; id < next.length; id++) {
            next[id] = new Drive(id, capacityBytes, DriveState.UP, levels.isEmpty() ? -1 : id % leaves);
        }
        return new Topology(epoch + 1, levels, domains, next);
    }

    /** A builder holding this map's domains and drives, producing the next epoch. */
    public Builder toBuilder() {
        Builder b = new Builder(epoch + 1, levels);
        for (FailureDomain[] level : domains) {
            for (FailureDomain d : level) {
                b.addDomain(d.level(), d.name(), d.parent());
            }
        }
        for (Drive d : drives) {
            b.drives.add(d);
        }
        return b;
    }

    /** The compact, checksummed serialised form (see {@link TopologyCodec}). */
    public byte[] toBytes() {
        return TopologyCodec.encode(this);
    }

    /** Reads a map written by {@link #toBytes()}; rejects unknown versions and corrupt bytes with a typed error. */
    public static Topology fromBytes(byte[] bytes) throws TopologyFormatException {
        return TopologyCodec.decode(bytes);
    }

    FailureDomain[][] domainArrays() {
        return domains;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t && t.epoch == epoch && t.levels.equals(levels)
                && Arrays.deepEquals(t.domains, domains) && Arrays.equals(t.drives, drives);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, levels, Arrays.deepHashCode(domains), Arrays.hashCode(drives));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Topology[epoch=").append(epoch).append(", drives=").append(drives.length);
        for (int l = 0; l < domains.length; l++) {
            sb.append(", ").append(levels.get(l)).append('=').append(domains[l].length);
        }
        return sb.append(", up=").append(count(DriveState.UP)).append(']').toString();
    }

    /** Assembles a {@link Topology}. Not thread-safe. */
    public static final class Builder {
        private final long epoch;
        private final List<String> levels;
        private final List<List<FailureDomain>> domains = new ArrayList<>();
        private final List<Map<String, Integer>> byPath = new ArrayList<>();
        private final List<Drive> drives = new ArrayList<>();

        Builder(long epoch, List<String> levels) {
            for (String level : levels) {
                if (level == null || level.isEmpty()) {
                    throw new IllegalArgumentException("level names must not be empty, got " + levels);
                }
            }
            if (levels.stream().distinct().count() != levels.size()) {
                throw new IllegalArgumentException("level names must be distinct, got " + levels);
            }
            this.epoch = epoch;
            this.levels = List.copyOf(levels);
            for (int i = 0; i < levels.size(); i++) {
                domains.add(new ArrayList<>());
                byPath.add(new HashMap<>());
            }
        }

        int addDomain(int level, String name, int parent) {
            Objects.checkIndex(level, levels.size());
            String key = parent + "/" + name;
            Integer existing = byPath.get(level).get(key);
            if (existing != null) {
                return existing;
            }
            int index = domains.get(level).size();
            domains.get(level).add(new FailureDomain(level, index, name, parent));
            byPath.get(level).put(key, index);
            return index;
        }

        /**
         * Adds an up drive of {@code capacityBytes} under the failure domains named by {@code path}
         * (one name per level, outermost first; created on first use) and returns its id.
         */
        public int addDrive(long capacityBytes, String... path) {
            return addDrive(capacityBytes, DriveState.UP, path);
        }

        /** Adds a drive in {@code state}; see {@link #addDrive(long, String...)}. */
        public int addDrive(long capacityBytes, DriveState state, String... path) {
            if (path.length != levels.size()) {
                throw new IllegalArgumentException("drive path " + Arrays.toString(path) + " must name one domain per level "
                        + levels);
            }
            int parent = -1;
            for (int l = 0; l < path.length; l++) {
                parent = addDomain(l, path[l], parent);
            }
            int id = drives.size();
            drives.add(new Drive(id, capacityBytes, state, parent));
            return id;
        }

        /** The map built so far. */
        public Topology build() {
            FailureDomain[][] d = new FailureDomain[levels.size()][];
            for (int l = 0; l < d.length; l++) {
                d[l] = domains.get(l).toArray(FailureDomain[]::new);
            }
            return new Topology(epoch, levels, d, drives.toArray(Drive[]::new));
        }
    }
}
