package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.flashcore.reduction.index.DedupIndex;
import io.flashcore.reduction.index.FingerprintVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashcore bench index}: fills a dedup index with {@code --entries} synthetic fingerprints on
 * one thread and reports its RAM per entry (from the memory the index actually holds: slabs, free
 * pages and its heap objects) and inserts, single lookups, batched lookups and misses per second.
 *
 * <p>Fingerprint {@code i} is four SplitMix64 outputs of {@code i} and lives at location {@code i};
 * the verifier recomputes it from the location, standing in for metadata already in cache, so the
 * figures are the index's own cost. A smaller index is filled and queried first to warm up the JIT.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Measure the dedup index: RAM per entry, inserts/s, lookups/s (single and batched).")
public final class BenchIndexCommand implements Callable<Integer> {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int BATCH = 256;
    /** Fingerprints prepared for the lookup phases: 2 MiB each for hits and misses, many more than a cache holds of the index. */
    private static final int POOL = 1 << 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--entries", required = true, description = "Entries to insert (e.g. 10000000).")
    long entries;

    @Option(names = "--expected", description = "Entries the index is sized for (default: --entries; smaller makes it grow).")
    Long expected;

    @Option(names = "--location-bits", defaultValue = "36", description = "Bits of each slot for the location (28-44; default ${DEFAULT-VALUE}).")
    int locationBits;

    @Option(names = "--lookups", defaultValue = "4000000", description = "Lookups per timed lookup phase (default ${DEFAULT-VALUE}).")
    long lookups;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (entries < 1 || entries > (1L << 36)) {
            throw new UsageException("--entries must be in [1, 2^36], got " + entries);
        }
        long sizedFor = expected == null ? entries : expected;
        if (sizedFor < 1) {
            throw new UsageException("--expected must be >= 1, got " + sizedFor);
        }
        if (locationBits < DedupIndex.MIN_LOCATION_BITS || locationBits > DedupIndex.MAX_LOCATION_BITS) {
            throw new UsageException("--location-bits must be in [" + DedupIndex.MIN_LOCATION_BITS + ", "
                    + DedupIndex.MAX_LOCATION_BITS + "], got " + locationBits);
        }
        if (entries > (1L << locationBits)) {
            throw new UsageException("--entries " + entries + " does not fit " + locationBits + " location bits");
        }
        if (lookups < BATCH) {
            throw new UsageException("--lookups must be >= " + BATCH + ", got " + lookups);
        }
        long warm = Math.min(entries, 1_000_000);
        try (DedupIndex index = DedupIndex.create(Math.min(sizedFor, warm), locationBits)) {
            run(index, warm, Math.min(lookups, 2_000_000));
        }
        long rssBefore = rssBytes();
        Result r;
        try (DedupIndex index = DedupIndex.create(sizedFor, locationBits)) {
            r = run(index, entries, lookups);
            long rssAfter = rssBytes();
            r.allocated = index.allocatedBytes();
            r.offHeap = index.offHeapBytes();
            r.heap = index.heapBytes();
            r.segments = index.segmentCount();
            r.tagBits = index.tagBits();
            r.rssDelta = rssBefore < 0 || rssAfter < 0 ? -1 : rssAfter - rssBefore;
        }
        double bytesPerEntry = (double) r.allocated / entries;
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object()
                    .put("entries", entries)
                    .put("bytesPerEntry", round(bytesPerEntry))
                    .put("insertsPerSec", Math.round(r.insertsPerSec[0]))
                    .put("lookupsPerSec", Math.round(r.lookupsPerSec[0]))
                    .put("batchLookupsPerSec", Math.round(r.batchPerSec[0]))
                    .put("missLookupsPerSec", Math.round(r.missesPerSec[0]))
                    .put("memoryReadsPerSec", Math.round(r.memoryReadsPerSec[0]))
                    .put("lookupsPerMemoryRead", round(r.lookupsPerSec[0] / r.memoryReadsPerSec[0]))
                    .put("batchLookupsPerMemoryRead", round(r.batchPerSec[0] / r.memoryReadsPerSec[0]))
                    .put("timeBase", "process CPU time (per core)")
                    .put("wall", Json.object()
                            .put("insertsPerSec", Math.round(r.insertsPerSec[1]))
                            .put("lookupsPerSec", Math.round(r.lookupsPerSec[1]))
                            .put("batchLookupsPerSec", Math.round(r.batchPerSec[1]))
                            .put("missLookupsPerSec", Math.round(r.missesPerSec[1]))
                            .put("memoryReadsPerSec", Math.round(r.memoryReadsPerSec[1])))
                    .put("expectedEntries", sizedFor)
                    .put("allocatedBytes", r.allocated)
                    .put("offHeapBytes", r.offHeap)
                    .put("heapBytes", r.heap)
                    .put("rssBytesPerEntry", r.rssDelta < 0 ? null : round((double) r.rssDelta / entries))
                    .put("segments", r.segments)
                    .put("tagBits", r.tagBits)
                    .put("locationBits", locationBits)
                    .put("falseCandidatesPerMiss", r.falseCandidatesPerMiss));
        } else {
            out.printf("entries              %,d (index sized for %,d; %d segments, %d-bit tags)%n", entries, sizedFor,
                    r.segments, r.tagBits);
            out.printf("RAM                  %.2f bytes/entry (%,d off-heap + %,d heap)%n", bytesPerEntry, r.offHeap,
                    r.heap);
            if (r.rssDelta >= 0) {
                out.printf("process RSS growth   %.2f bytes/entry%n", (double) r.rssDelta / entries);
            }
            out.printf("per core (CPU time)  wall-clock in brackets%n");
            out.printf("inserts              %,.0f /s  [%,.0f]%n", r.insertsPerSec[0], r.insertsPerSec[1]);
            out.printf("lookups (hits)       %,.0f /s  [%,.0f]%n", r.lookupsPerSec[0], r.lookupsPerSec[1]);
            out.printf("lookups (batch %d)  %,.0f /s  [%,.0f]%n", BATCH, r.batchPerSec[0], r.batchPerSec[1]);
            out.printf("lookups (misses)     %,.0f /s  [%,.0f], %.2e false candidates per miss%n", r.missesPerSec[0],
                    r.missesPerSec[1], r.falseCandidatesPerMiss);
            out.printf("baseline             %,.0f random 8-byte reads/s over as much memory; lookups/read %.2f,"
                    + " batched %.2f%n", r.memoryReadsPerSec[0], r.lookupsPerSec[0] / r.memoryReadsPerSec[0],
                    r.batchPerSec[0] / r.memoryReadsPerSec[0]);
        }
        return Main.OK;
    }

    /** Wall and process CPU time of one phase; per-core rates divide by the CPU time. */
    private static final class Timer {
        final long wall0 = System.nanoTime();
        final long cpu0 = cpuNanos();

        /** {@code ops} per second of CPU time (per core) and per second of wall time. */
        double[] rates(long ops) {
            long wall = Math.max(1, System.nanoTime() - wall0);
            long cpu = cpuNanos() - cpu0;
            return new double[] {cpu > 0 ? ops * 1e9 / cpu : ops * 1e9 / wall, ops * 1e9 / wall};
        }

        private static long cpuNanos() {
            return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
        }
    }

    private static final class Result {
        double[] insertsPerSec;
        double[] lookupsPerSec;
        double[] batchPerSec;
        double[] missesPerSec;
        double[] memoryReadsPerSec;
        double falseCandidatesPerMiss;
        long allocated;
        long offHeap;
        long heap;
        long rssDelta;
        int segments;
        int tagBits;
    }

    private static Result run(DedupIndex index, long n, long lookupCount) {
        Result r = new Result();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fp = arena.allocate(DedupIndex.FINGERPRINT_BYTES, 8);
            long[] locations = new long[BATCH];
            long[] falseMatches = new long[1];
            FingerprintVerifier verifier = (location, f) -> {
                boolean same = f.get(WORD, 0) == word(location, 0) && f.get(WORD, 8) == word(location, 1)
                        && f.get(WORD, 16) == word(location, 2) && f.get(WORD, 24) == word(location, 3);
                if (!same) {
                    falseMatches[0]++;
                }
                return same;
            };

            Timer timer = new Timer();
            for (long i = 0; i < n; i++) {
                fingerprint(fp, 0, i);
                index.insert(fp, i);
            }
            r.insertsPerSec = timer.rates(n);

            // Fingerprints to look up are made before the clock starts (a pool reused round-robin), so
            // the timed loops measure the index and the verifier, not the generator.
            SplittableRandom random = new SplittableRandom(42);
            MemorySegment hits = arena.allocate((long) POOL * DedupIndex.FINGERPRINT_BYTES, 64);
            MemorySegment misses = arena.allocate((long) POOL * DedupIndex.FINGERPRINT_BYTES, 64);
            long[] hitLocations = new long[POOL];
            for (int k = 0; k < POOL; k++) {
                hitLocations[k] = random.nextLong(n);
                fingerprint(hits, (long) k * DedupIndex.FINGERPRINT_BYTES, hitLocations[k]);
                fingerprint(misses, (long) k * DedupIndex.FINGERPRINT_BYTES, n + random.nextLong(1L << 40));
            }

            long found = 0;
            timer = new Timer();
            for (long k = 0; k < lookupCount; k++) {
                int j = (int) (k & (POOL - 1));
                long got = index.lookup(hits.asSlice((long) j * DedupIndex.FINGERPRINT_BYTES, DedupIndex.FINGERPRINT_BYTES),
                        verifier);
                found += got == hitLocations[j] ? 1 : 0;
            }
            r.lookupsPerSec = timer.rates(lookupCount);
            check(found, lookupCount);

            long rounds = lookupCount / BATCH;
            found = 0;
            timer = new Timer();
            for (long k = 0; k < rounds; k++) {
                int first = (int) ((k * BATCH) & (POOL - 1));
                index.lookup(hits, (long) first * DedupIndex.FINGERPRINT_BYTES, BATCH, verifier, locations);
                for (int j = 0; j < BATCH; j++) {
                    found += locations[j] == hitLocations[first + j] ? 1 : 0;
                }
            }
            r.batchPerSec = timer.rates(rounds * BATCH);
            check(found, rounds * BATCH);

            falseMatches[0] = 0;
            found = 0;
            timer = new Timer();
            for (long k = 0; k < lookupCount; k++) {
                int j = (int) (k & (POOL - 1));
                found += index.lookup(misses.asSlice((long) j * DedupIndex.FINGERPRINT_BYTES,
                        DedupIndex.FINGERPRINT_BYTES), verifier) >= 0 ? 1 : 0;
            }
            r.missesPerSec = timer.rates(lookupCount);
            if (found != 0) {
                throw new IllegalStateException("the index confirmed " + found + " fingerprints it never held");
            }
            r.falseCandidatesPerMiss = (double) falseMatches[0] / lookupCount;
        }
        r.memoryReadsPerSec = memoryReads(index.offHeapBytes(), lookupCount);
        return r;
    }

    /**
     * The baseline: random 8-byte reads per second from a fresh off-heap region as large as the
     * index's, generated the same way as the lookups' fingerprints. A lookup cannot beat one such read.
     */
    private static double[] memoryReads(long bytes, long count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = arena.allocate(bytes, 4096);
            long words = bytes / 8;
            for (long i = 0; i < words; i += 512) {
                region.setAtIndex(ValueLayout.JAVA_LONG, i, i);
            }
            SplittableRandom random = new SplittableRandom(7);
            long sum = 0;
            Timer timer = new Timer();
            for (long k = 0; k < count; k++) {
                sum += region.getAtIndex(ValueLayout.JAVA_LONG, random.nextLong(words)) + word(k, 0);
            }
            double[] rates = timer.rates(count);
            if (sum == 42) {
                rates[0] += 1e-9;
            }
            return rates;
        }
    }

    private static void check(long found, long wanted) {
        if (found != wanted) {
            throw new IllegalStateException("the index found " + found + " of " + wanted + " fingerprints it holds");
        }
    }

    private static void fingerprint(MemorySegment to, long offset, long i) {
        for (int w = 0; w < 4; w++) {
            to.set(WORD, offset + 8L * w, word(i, w));
        }
    }

    /** Word {@code w} of synthetic fingerprint {@code i}: SplitMix64's output {@code 4i + w}. */
    private static long word(long i, int w) {
        long z = (4 * i + w + 1) * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The process's resident set in bytes from /proc/self/status, or −1 where there is none. */
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
