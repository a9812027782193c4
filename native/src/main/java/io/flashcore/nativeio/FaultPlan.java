package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which device faults a {@link FaultInjectingIoEngine} injects, and the state they share across
 * every engine built from the plan: a seeded random source, per-rule counters, the simulated
 * volatile write cache and whether power has been cut.
 *
 * <p>A plan is a list of rules, written {@code kind[:key=value]...} and separated by commas, e.g.
 * {@code eio:drive=3:rate=0.01,bitflip:drive=5,powercut:after=40}. Kinds:
 * <ul>
 * <li>{@code eio}: the operation fails with EIO and does nothing;
 * <li>{@code torn}: a write stores only a prefix (a multiple of 4096 bytes, possibly empty) and fails with EIO;
 * <li>{@code bitflip}: a read succeeds but one bit of what it returns is flipped;
 * <li>{@code stall}: the operation waits {@code ms} milliseconds (default 20) first;
 * <li>{@code powercut}: at the {@code after}-th write (counted over all drives) power is lost:
 *     writes not yet made durable by fdatasync/fsync are dropped, torn or kept at random, and every
 *     later operation fails with EIO. Implies {@code cache}.
 * <li>{@code cache}: writes go to a simulated volatile cache and reach the device only at the next
 *     fdatasync/fsync of that device (reads see them meanwhile).
 * </ul>
 * Keys: {@code drive} (index in the list given to the engine; default any), {@code op}
 * ({@code read}, {@code write}, {@code sync}, {@code any}; default: {@code write} for torn,
 * {@code read} for bitflip, {@code any} otherwise), {@code rate} (probability per matching
 * operation, default 1), {@code after} (matching operations let through first, default 0),
 * {@code count} (most injections, default unlimited), {@code ms} (stall).
 *
 * <p>Thread-safe: engines on many threads share one plan; its random choices are reproducible
 * for a given seed and order of operations.
 */
public final class FaultPlan {
    /** A kind of injected fault. */
    public enum Kind {
        /** Fail with EIO. */
        EIO,
        /** Write a prefix, then fail with EIO. */
        TORN,
        /** Flip one bit of a read. */
        BITFLIP,
        /** Delay the operation. */
        STALL,
        /** Lose power at a chosen write. */
        POWERCUT,
        /** Keep writes in a volatile cache until synced. */
        CACHE
    }

    /** Operations a rule applies to. */
    enum Op {
        READ, WRITE, SYNC, ANY;

        boolean matches(Op actual) {
            return this == ANY || this == actual;
        }
    }

    static final class Rule {
        final Kind kind;
        final int drive;
        final Op op;
        final double rate;
        final long after;
        final long count;
        final long ms;
        long seen;
        long fired;

        Rule(Kind kind, int drive, Op op, double rate, long after, long count, long ms) {
            this.kind = kind;
            this.drive = drive;
            this.op = op;
            this.rate = rate;
            this.after = after;
            this.count = count;
            this.ms = ms;
        }
    }

    /** A write held in the simulated volatile cache. */
    record CachedWrite(Path path, long offset, MemorySegment data) {
    }

    private final String spec;
    private final long seed;
    private final List<Rule> rules;
    private final SplittableRandom random;
    private final Map<Kind, Long> injected = new EnumMap<>(Kind.class);
    private final Map<Path, List<CachedWrite>> cache = new HashMap<>();
    private final List<CachedWrite> pendingSurvivors = new ArrayList<>();
    private final Arena cacheArena = Arena.ofAuto();
    private final boolean cached;
    private long writes;
    private volatile boolean powerLost;
    private volatile boolean armed = true;

    private FaultPlan(String spec, long seed, List<Rule> rules) {
        this.spec = spec;
        this.seed = seed;
        this.rules = rules;
        this.random = new SplittableRandom(seed);
        boolean c = false;
        for (Rule r : rules) {
            c |= r.kind == Kind.CACHE || r.kind == Kind.POWERCUT;
        }
        this.cached = c;
    }

    /**
     * Parses {@code spec} (see the class description) with random choices seeded by {@code seed}.
     *
     * @throws IllegalArgumentException naming the bad rule, key or value
     */
    public static FaultPlan parse(String spec, long seed) {
        List<Rule> rules = new ArrayList<>();
        for (String item : spec.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split(":");
            Kind kind;
            try {
                kind = Kind.valueOf(parts[0].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault '" + parts[0] + "' in '" + s
                        + "': expected eio, torn, bitflip, stall, powercut or cache");
            }
            int drive = -1;
            Op op = switch (kind) {
                case TORN -> Op.WRITE;
                case BITFLIP -> Op.READ;
                case POWERCUT -> Op.WRITE;
                default -> Op.ANY;
            };
            double rate = 1;
            long after = 0;
            long count = Long.MAX_VALUE;
            long ms = 20;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("fault option '" + parts[i] + "' in '" + s + "' is not key=value");
                }
                String key = kv[0].strip().toLowerCase(Locale.ROOT);
                String value = kv[1].strip();
                try {
                    switch (key) {
                        case "drive" -> drive = Integer.parseInt(value);
                        case "rate" -> rate = Double.parseDouble(value);
                        case "after" -> after = Long.parseLong(value);
                        case "count" -> count = Long.parseLong(value);
                        case "ms" -> ms = Long.parseLong(value);
                        case "op" -> op = Op.valueOf(value.toUpperCase(Locale.ROOT));
                        default -> throw new IllegalArgumentException("unknown fault option '" + key + "' in '" + s
                                + "': expected drive, op, rate, after, count or ms");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("fault option " + key + "='" + value + "' in '" + s
                            + "' is not a number");
                }
            }
            if (!(rate >= 0 && rate <= 1) || after < 0 || count < 0 || ms < 0 || drive < -1) {
                throw new IllegalArgumentException("fault '" + s + "' has a value out of range: rate in [0, 1], "
                        + "after, count, ms and drive >= 0");
            }
            if (kind == Kind.TORN && op != Op.WRITE || kind == Kind.BITFLIP && op != Op.READ) {
                throw new IllegalArgumentException("fault '" + s + "': " + kind.name().toLowerCase(Locale.ROOT)
                        + " applies only to " + (kind == Kind.TORN ? "writes" : "reads"));
            }
            rules.add(new Rule(kind, drive, op, rate, after, count, ms));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("fault plan '" + spec + "' names no fault");
        }
        return new FaultPlan(spec, seed, List.copyOf(rules));
    }

    /** The plan as it was written. */
    public String spec() {
        return spec;
    }

    /** The seed of the plan's random choices. */
    public long seed() {
        return seed;
    }

    /** Faults injected so far, by kind (power cut: 1 once it happened). */
    public synchronized Map<Kind, Long> injected() {
        return Map.copyOf(injected);
    }

    /** Total faults injected so far. */
    public synchronized long injectedCount() {
        long n = 0;
        for (long v : injected.values()) {
            n += v;
        }
        return n;
    }

    /** True once a {@code powercut} rule fired: every operation fails from then on. */
    public boolean powerLost() {
        return powerLost && armed;
    }

    /** True when writes go through the simulated volatile cache. */
    boolean cached() {
        return cached && armed;
    }

    /**
     * Turns injection on or off (on when parsed): a test opens an array with the plan disarmed,
     * then arms it. Disarming with writes still in the volatile cache drops them, as a power cut would.
     */
    public synchronized void arm(boolean on) {
        if (!on) {
            cache.clear();
        }
        armed = on;
    }

    /** True while faults are injected. */
    public boolean armed() {
        return armed;
    }

    /**
     * Decides the fault for one operation on drive {@code drive}: the first matching rule that
     * fires, or null. Stalls are returned too (the caller sleeps, then runs the operation).
     */
    synchronized Rule decide(Op op, int drive) {
        if (!armed) {
            return null;
        }
        if (op == Op.WRITE) {
            writes++;
        }
        for (Rule r : rules) {
            if (r.kind == Kind.CACHE || !r.op.matches(op) || r.drive >= 0 && r.drive != drive) {
                continue;
            }
            if (r.kind == Kind.POWERCUT) {
                if (writes > r.after && !powerLost) {
                    cutPowerLocked();
                    return r;
                }
                continue;
            }
            r.seen++;
            if (r.seen <= r.after || r.fired >= r.count || random.nextDouble() >= r.rate) {
                continue;
            }
            r.fired++;
            injected.merge(r.kind, 1L, Long::sum);
            return r;
        }
        return null;
    }

    /** A random int in [0, bound), from the plan's seeded source. */
    synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Holds a copy of a write in the volatile cache. */
    synchronized void cacheWrite(Path path, long offset, MemorySegment source, long alignment) {
        MemorySegment copy = cacheArena.allocate(source.byteSize(), Math.max(8, alignment));
        MemorySegment.copy(source, 0, copy, 0, source.byteSize());
        cache.computeIfAbsent(path, p -> new ArrayList<>()).add(new CachedWrite(path, offset, copy));
    }

    /** Removes and returns the cached writes of {@code path}, oldest first. */
    synchronized List<CachedWrite> takeCached(Path path) {
        List<CachedWrite> l = cache.remove(path);
        return l == null ? List.of() : l;
    }

    /** Copies cached writes of {@code path} overlapping [offset, offset + dst size) into {@code dst}, oldest first. */
    synchronized void overlayCached(Path path, long offset, MemorySegment dst) {
        List<CachedWrite> l = cache.get(path);
        if (l == null) {
            return;
        }
        long end = offset + dst.byteSize();
        for (CachedWrite w : l) {
            long wEnd = w.offset() + w.data().byteSize();
            long from = Math.max(offset, w.offset());
            long to = Math.min(end, wEnd);
            if (from < to) {
                MemorySegment.copy(w.data(), from - w.offset(), dst, from - offset, to - from);
            }
        }
    }

    /**
     * Power is lost: every cached write is dropped, kept whole or kept as a torn prefix, chosen at
     * random; the survivors are returned for the engine to put on the media. Later operations fail.
     */
    private void cutPowerLocked() {
        powerLost = true;
        injected.merge(Kind.POWERCUT, 1L, Long::sum);
        List<CachedWrite> survivors = new ArrayList<>();
        for (List<CachedWrite> l : cache.values()) {
            for (CachedWrite w : l) {
                int fate = random.nextInt(3);
                if (fate == 1) {
                    survivors.add(w);
                } else if (fate == 2) {
                    long blocks = w.data().byteSize() / 4096;
                    long keep = blocks == 0 ? 0 : 4096 * random.nextLong(blocks);
                    if (keep > 0) {
                        survivors.add(new CachedWrite(w.path(), w.offset(), w.data().asSlice(0, keep)));
                    }
                }
            }
        }
        cache.clear();
        pendingSurvivors.addAll(survivors);
    }

    /** The cached writes that made it to the media at the power cut; taken once by one engine. */
    synchronized List<CachedWrite> takeSurvivors() {
        List<CachedWrite> l = new ArrayList<>(pendingSurvivors);
        pendingSurvivors.clear();
        return l;
    }

    @Override
    public String toString() {
        return "FaultPlan[" + spec + ", seed " + seed + "]";
    }
}
