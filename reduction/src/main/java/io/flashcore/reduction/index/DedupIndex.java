package io.flashcore.reduction.index;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.agrona.collections.Long2LongHashMap;

/**
 * The dedup index: maps a chunk's 32-byte fingerprint to the chunk's location and reference count,
 * in about 9–14 bytes of RAM per entry, off-heap.
 *
 * <h2>What RAM holds, and why a hit must be confirmed</h2>
 * Each entry is one 64-bit slot: a tag of {@code 60 − locationBits} bits taken from a hash of the
 * fingerprint, a 4-bit reference count, and the location ({@code locationBits} bits, 36 by default):
 * <pre>
 *   bit 63            64−T  63−T      L  L−1                          0
 *  +----------------------+------------+--------------------------------+
 *  |   tag (T = 60 − L)   | count (4)  |        location (L bits)       |
 *  +----------------------+------------+--------------------------------+
 * </pre>
 * A slot of all zero bits is empty (a live entry's count field is at least 1).
 * The full fingerprint is not kept: a tag match only names <em>candidate</em> locations, and several
 * entries may share a tag. Every method that acts on a match ({@link #lookup}, {@link #acquire},
 * {@link #acquireOrInsert}) confirms each candidate with the caller's {@link FingerprintVerifier}, which
 * reads the full fingerprint from the array's metadata, so two different chunks are never merged. The
 * methods that name an entry by {@code (fingerprint, location)} ({@link #increment}, {@link #decrement},
 * {@link #remove}, {@link #refcount}) need no verifier: a location identifies one stored chunk, and the
 * index refuses to hold the same location twice under one tag.
 *
 * <h2>Reference counts live in RAM</h2>
 * Counts 1–14 sit in the slot's 4 bits; a count of 15 or more sets the field to 15 and keeps the exact
 * count in a small per-segment side map (16 bytes a key, only for such popular chunks). A full 32-bit
 * count per slot would cost 4 more bytes per slot, 12 instead of 8, which at the load factors below
 * (0.6–0.9) is 13–20 bytes per entry, over the 16-byte budget; keeping the count only in metadata
 * would make every dedup hit a metadata read-modify-write under a lock the index cannot see, and
 * could race a concurrent delete. The array still persists counts in its metadata, from which
 * {@link #rebuild} recreates the index.
 *
 * <h2>Layout and growth</h2>
 * The index is split into a power-of-two number of segments chosen by the hash's top bits. Each
 * segment is an open-addressing table of 64-byte buckets (eight slots, one cache line) with linear
 * probing from bucket to bucket; a segment's home bucket for a slot is derived from the slot's own
 * tag, which is why a segment can grow (to 1.5× its buckets, at load 0.9) without the fingerprints.
 * A segment's table is a set of 16 KiB pages carved from a few large slabs (see
 * {@code PageAllocator}); a page freed by a growing segment is reused by the next, so the memory
 * reported by {@link #allocatedBytes()} is the memory actually held. Only the growing segment is
 * blocked while it rehashes (a few kilobytes), so growth is incremental at segment granularity and
 * never loses an entry. Tags lose discriminating bits as a segment's bucket count grows (its top bits
 * pick the home bucket), so size the index with {@code expectedEntries}: past ~10× that, tag
 * collisions, and with them verifier calls, become more frequent (never wrong merges).
 * Lookups do not walk segment → page table → bucket: a flat directory, indexed straight from the hash,
 * holds each segment's bucket count and pages in one half cache line, so a lookup is one read of the
 * directory (about 5 bytes per 1 000 entries, mostly cached) and then its bucket. Slabs of 2 MiB or
 * more are mapped on transparent huge pages where the system allows, so the bucket read rarely needs a
 * page-table walk as well.
 *
 * <h2>Thread safety</h2>
 * Every method except {@link #close()} is safe to call from any number of threads at once.
 * Mutations take the write lock of the one segment the fingerprint hashes to (striped locks: 16 to
 * 2<sup>20</sup> stripes, about one per 8 192 expected entries); lookups read optimistically without
 * locking and retry under the segment's read lock when a writer interfered. The {@link FingerprintVerifier} is never called while a lock is held.
 * {@link #close()} must happen after every other call has returned; the caller closes the index.
 */
public final class DedupIndex implements AutoCloseable {
    /** Bytes of a fingerprint. */
    public static final int FINGERPRINT_BYTES = 32;
    /** Returned by lookups and reference-count methods when no entry matches. */
    public static final long NOT_FOUND = -1;
    /** Location bits of a slot by default: 2<sup>36</sup> locations, 24-bit tags. */
    public static final int DEFAULT_LOCATION_BITS = 36;
    /** Fewest location bits a slot may have (the tag then has 32 bits). */
    public static final int MIN_LOCATION_BITS = 28;
    /** Most location bits a slot may have (the tag then has 16 bits). */
    public static final int MAX_LOCATION_BITS = 44;
    /** Entries an index is sized for when the caller does not say. */
    public static final long DEFAULT_EXPECTED_ENTRIES = 1L << 20;
    /** Most entries an index may be sized for up front (it may still grow past them). */
    public static final long MAX_EXPECTED_ENTRIES = 1L << 40;
    /** Most segments (lock stripes) an index may have. */
    public static final int MAX_SEGMENTS = 1 << 20;
    /** Fewest segments (lock stripes) an index may have. */
    public static final int MIN_SEGMENTS = 16;

    static final int SLOTS_PER_BUCKET = 8;
    static final int BUCKETS_PER_PAGE = PageAllocator.PAGE_BYTES / (SLOTS_PER_BUCKET * Long.BYTES);
    static final int SLOTS_PER_PAGE = BUCKETS_PER_PAGE * SLOTS_PER_BUCKET;
    static final int PAGE_BUCKET_BITS = Integer.numberOfTrailingZeros(BUCKETS_PER_PAGE);
    /** A segment grows when an insert would push it past this load. */
    static final double MAX_LOAD = 0.9;
    /** The load a presized segment starts at when it holds its share of {@code expectedEntries}. */
    static final double PLANNED_LOAD = 0.8;
    /**
     * Segments are chosen so that each holds about this many entries at the expected size. Fewer,
     * larger segments keep the segments and their page tables (about 1 MiB at 100 M entries) in cache,
     * which triples batched lookups; the cost is 13 position bits taken from the tag instead of 10,
     * about one verifier call per 1 000 misses instead of one per 10 000.
     */
    static final int PLANNED_ENTRIES_PER_SEGMENT = 8192;
    /** Largest segment count chosen automatically. */
    static final int MAX_AUTO_SEGMENTS = MAX_SEGMENTS;
    static final int REFCOUNT_BITS = 4;
    static final long REFCOUNT_SATURATED = (1L << REFCOUNT_BITS) - 1;

    private static final ValueLayout.OfLong SLOT = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfLong FP_WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Fingerprints looked up together before any is compared, so their cache misses overlap. */
    private static final int BATCH_GROUP = 32;
    /** Eight 64-bit lanes: one bucket per vector. */
    private static final VectorSpecies<Long> BUCKET_SPECIES = LongVector.SPECIES_512;
    /** Scan buckets with the Vector API only where 512-bit vectors are native; elsewhere scalar code is faster. */
    private static final boolean VECTOR_BUCKETS = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    private final int locationBits;
    private final int tagBits;
    private final int tagShift;
    private final long locationMask;
    private final long tagMask;
    private final int segmentBits;
    private final int hashTagShift;
    private final long expectedEntries;
    private final Segment[] segments;
    private final PageAllocator pages;
    /**
     * The lookups' flat directory: segment {@code s} owns the {@code 2^k} ints from {@code s << k}
     * ({@code k} = log2 of the length less {@code segmentBits}): its bucket count, then its pages in
     * order, each packed as {@code slab << 16 | pageInSlab} (half the bytes of a page reference, so
     * twice as much of the directory stays in cache; slabs hold at most 2<sup>16</sup> pages). A lookup reads the one cache line that holds its home bucket's page
     * reference straight from the hash, instead of the segment, then its page table, then the bucket.
     * Written only under {@link #directoryLock} by a segment's writer (holding its write lock), so an
     * optimistic reader that sees a half-written entry fails validation; replaced by a copy with a
     * longer stride when a segment outgrows its words, and volatile so readers see the copy whole.
     */
    private volatile int[] directory;
    private final Object directoryLock = new Object();
    /** Keeps the batch path's touching loads alive; its value means nothing. */
    @SuppressWarnings("unused")
    private long prefetchSink;

    /**
     * One lock stripe, and its lock (one object, so a lookup follows one reference less): its table's
     * pages, entry count and saturated reference counts.
     */
    static final class Segment extends StampedLock {
        /**
         * The table: {@code pages[b / BUCKETS_PER_PAGE]} holds bucket {@code b}. Replaced, never
         * changed in place, when the segment grows; volatile so a reader sees the pages it names.
         */
        volatile long[] pages;
        /** This segment's position in the index's segment array (and in the directory). */
        final int id;
        int size;
        /** Exact counts of entries whose slot count is saturated, keyed by the slot with its count bits cleared. */
        Long2LongHashMap overflow;

        Segment(int id, long[] pages) {
            this.id = id;
            this.pages = pages;
        }
    }

    private DedupIndex(long expectedEntries, int locationBits, int segmentCount) {
        if (expectedEntries < 1 || expectedEntries > MAX_EXPECTED_ENTRIES) {
            throw new IllegalArgumentException("expectedEntries must be in [1, 2^40], got " + expectedEntries);
        }
        if (locationBits < MIN_LOCATION_BITS || locationBits > MAX_LOCATION_BITS) {
            throw new IllegalArgumentException("locationBits must be in [" + MIN_LOCATION_BITS + ", "
                    + MAX_LOCATION_BITS + "], got " + locationBits);
        }
        if (segmentCount < MIN_SEGMENTS || segmentCount > MAX_SEGMENTS || Integer.bitCount(segmentCount) != 1) {
            throw new IllegalArgumentException("segmentCount must be a power of two in [" + MIN_SEGMENTS + ", "
                    + MAX_SEGMENTS + "], got " + segmentCount);
        }
        this.expectedEntries = expectedEntries;
        this.locationBits = locationBits;
        this.tagBits = 64 - REFCOUNT_BITS - locationBits;
        this.tagShift = 64 - tagBits;
        this.locationMask = (1L << locationBits) - 1;
        this.tagMask = (1L << tagBits) - 1;
        this.segmentBits = Integer.numberOfTrailingZeros(segmentCount);
        this.hashTagShift = 64 - segmentBits - tagBits;
        long perSegment = (expectedEntries + segmentCount - 1) / segmentCount;
        int pagesPerSegment = (int) Math.max(1, Math.ceil(perSegment / PLANNED_LOAD / SLOTS_PER_PAGE));
        this.pages = new PageAllocator((long) pagesPerSegment * segmentCount);
        this.segments = new Segment[segmentCount];
        this.directory = new int[segmentCount << directoryShift(pagesPerSegment)];
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = new Segment(i, newTable(pagesPerSegment));
            publish(segments[i]);
        }
    }

    /** Log2 of the directory ints a segment of {@code pageCount} pages needs: at least eight (half a cache line). */
    private static int directoryShift(int pageCount) {
        return Math.max(3, 64 - Long.numberOfLeadingZeros(pageCount));
    }

    /**
     * Copies {@code seg}'s bucket count and page references into the directory; the caller holds the
     * segment's write lock (or is the constructor). Lengthens every segment's stride when this one no
     * longer fits, which happens once per doubling of a segment's pages.
     */
    private void publish(Segment seg) {
        long[] t = seg.pages;
        synchronized (directoryLock) {
            int[] d = directory;
            int shift = Integer.numberOfTrailingZeros(d.length) - segmentBits;
            if (t.length + 1 > 1 << shift) {
                int grownShift = directoryShift(t.length);
                int[] grown = new int[segments.length << grownShift];
                for (int s = 0; s < segments.length; s++) {
                    System.arraycopy(d, s << shift, grown, s << grownShift, 1 << shift);
                }
                fillDirectory(grown, seg.id << grownShift, t);
                directory = grown;
            } else {
                fillDirectory(d, seg.id << shift, t);
            }
        }
    }

    private static void fillDirectory(int[] d, int base, long[] t) {
        d[base] = buckets(t);
        for (int i = 0; i < t.length; i++) {
            d[base + 1 + i] = (int) ((t[i] >>> 32) << 16 | (t[i] & 0xFFFF_FFFFL) / PageAllocator.PAGE_BYTES);
        }
    }

    /**
     * The bucket reference for bucket {@code b} from directory entry {@code di} of {@code d}, or -1 when
     * an optimistic reader sees an entry a writer has not finished publishing (an index outside the
     * directory, a slab not yet visible, a page beyond its slab): the caller then takes a path that
     * validates or locks.
     */
    private static long checkedBucketRef(int[] d, int di, int b, MemorySegment[] slabs) {
        if (di < 0 || di >= d.length) {
            return -1;
        }
        long ref = bucketRef(d[di], b);
        int slab = (int) (ref >>> 32);
        if (slab >= slabs.length || (ref & 0xFFFF_FFFFL) + SLOTS_PER_BUCKET * Long.BYTES > slabs[slab].byteSize()) {
            return -1;
        }
        return ref;
    }

    /** The page reference ({@code slab << 32 | byteOffset}) of bucket {@code b}'s start, from its packed page. */
    private static long bucketRef(int packedPage, int b) {
        return (long) (packedPage >>> 16) << 32
                | ((long) (packedPage & 0xFFFF) * PageAllocator.PAGE_BYTES
                        + (long) (b & (BUCKETS_PER_PAGE - 1)) * SLOTS_PER_BUCKET * Long.BYTES);
    }

    /** An empty index sized for {@link #DEFAULT_EXPECTED_ENTRIES} entries with default location bits. */
    public static DedupIndex create() {
        return create(DEFAULT_EXPECTED_ENTRIES);
    }

    /** An empty index sized for {@code expectedEntries} entries (it grows past that) with 36-bit locations. */
    public static DedupIndex create(long expectedEntries) {
        return create(expectedEntries, DEFAULT_LOCATION_BITS);
    }

    /**
     * An empty index sized for {@code expectedEntries} entries whose locations fit {@code locationBits}
     * bits ({@link #MIN_LOCATION_BITS}–{@link #MAX_LOCATION_BITS}); every other bit of the slot, less 4
     * for the count, is tag.
     */
    public static DedupIndex create(long expectedEntries, int locationBits) {
        return create(expectedEntries, locationBits, autoSegments(expectedEntries));
    }

    /** As {@link #create(long, int)} with an explicit power-of-two number of segments (lock stripes). */
    public static DedupIndex create(long expectedEntries, int locationBits, int segmentCount) {
        return new DedupIndex(expectedEntries, locationBits, segmentCount);
    }

    static int autoSegments(long expectedEntries) {
        long want = Math.max(1, expectedEntries / PLANNED_ENTRIES_PER_SEGMENT);
        long pow = Long.highestOneBit(want);
        if (pow < want) {
            pow <<= 1;
        }
        return Math.clamp(pow, MIN_SEGMENTS, MAX_AUTO_SEGMENTS);
    }

    /**
     * Builds an index from the array's metadata records (fingerprint, location, refcount), e.g. after
     * a crash or when a snapshot is missing or stale; sized for {@code expectedEntries}.
     *
     * @throws IllegalStateException when two records have the same location under the same tag
     */
    public static DedupIndex rebuild(Iterator<IndexRecord> records, long expectedEntries, int locationBits) {
        DedupIndex index = create(expectedEntries, locationBits);
        try {
            while (records.hasNext()) {
                IndexRecord r = records.next();
                index.insert(r.fingerprint(), r.location(), r.refcount());
            }
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** As {@link #rebuild(Iterator, long, int)} with {@link #DEFAULT_LOCATION_BITS}. */
    public static DedupIndex rebuild(Iterator<IndexRecord> records, long expectedEntries) {
        return rebuild(records, expectedEntries, DEFAULT_LOCATION_BITS);
    }

    /**
     * Writes every entry to {@code file} (replaced atomically) in the checksummed snapshot format
     * {@link IndexSnapshotV1}. Each segment is copied under its read lock: for a point-in-time image
     * the caller pauses mutations meanwhile.
     */
    public void writeSnapshot(Path file) throws IOException {
        IndexSnapshotV1.write(this, file);
    }

    /**
     * Loads an index written by {@link #writeSnapshot}.
     *
     * @throws CorruptSnapshotException            when the magic, a value or the checksum is wrong
     * @throws TruncatedSnapshotException          when the file ends early
     * @throws UnsupportedSnapshotVersionException when the format version is not one this code reads
     */
    public static DedupIndex readSnapshot(Path file) throws IOException {
        return IndexSnapshotV1.read(file);
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Returns the location of the stored chunk whose fingerprint is {@code fingerprint}, confirmed by
     * {@code verifier}, or {@link #NOT_FOUND}. Does not change its reference count: use
     * {@link #acquire} to take a reference atomically with the lookup.
     */
    public long lookup(MemorySegment fingerprint, FingerprintVerifier verifier) {
        checkFingerprint(fingerprint);
        return lookupHashed(hash(fingerprint, 0), fingerprint, verifier);
    }

    /** As {@link #lookup(MemorySegment, FingerprintVerifier)} for a 32-byte array. */
    public long lookup(byte[] fingerprint, FingerprintVerifier verifier) {
        return lookup(segmentOf(fingerprint), verifier);
    }

    /**
     * Looks up {@code count} fingerprints stored back to back at {@code offset} in {@code fingerprints}
     * (32 bytes each) and writes each one's confirmed location, or {@link #NOT_FOUND}, to
     * {@code locations[0..count)}. Faster per fingerprint than single lookups on a large index: the
     * cache misses of a group of fingerprints overlap.
     */
    public void lookup(MemorySegment fingerprints, long offset, int count, FingerprintVerifier verifier,
            long[] locations) {
        Objects.checkFromIndexSize(offset, (long) count * FINGERPRINT_BYTES, fingerprints.byteSize());
        Objects.checkFromIndexSize(0, count, locations.length);
        Objects.requireNonNull(verifier, "verifier");
        long[] hashes = new long[BATCH_GROUP];
        long[] stamps = new long[BATCH_GROUP];
        long[] refs = new long[BATCH_GROUP];
        long sink = 0;
        // Level by level, so each level's loads for the whole group are in flight together instead of
        // one fingerprint's chain of dependent misses (segment and directory line, bucket) at a time.
        for (int base = 0; base < count; base += BATCH_GROUP) {
            int n = Math.min(BATCH_GROUP, count - base);
            for (int i = 0; i < n; i++) {
                long h = hash(fingerprints, offset + (long) (base + i) * FINGERPRINT_BYTES);
                hashes[i] = h;
                stamps[i] = segments[segmentIndex(h)].tryOptimisticRead();
            }
            // Read after every stamp of the group, so each sees the directory its segment's stamp allows.
            int[] d = directory;
            int shift = Integer.numberOfTrailingZeros(d.length) - segmentBits;
            for (int i = 0; i < n; i++) {
                long h = hashes[i];
                int dirBase = segmentIndex(h) << shift;
                int home = homeBucket(tagOfHash(h), d[dirBase]);
                // Directory index and bucket, packed; checked against the directory and slabs below.
                refs[i] = ((dirBase + 1 + (home >>> PAGE_BUCKET_BITS)) & 0xFFFF_FFFFL) | (long) home << 32;
            }
            MemorySegment[] slabs = pages.slabs();
            for (int i = 0; i < n; i++) {
                long ref = checkedBucketRef(d, (int) refs[i], (int) (refs[i] >>> 32), slabs);
                refs[i] = ref;
                if (ref >= 0) {
                    sink += slabs[(int) (ref >>> 32)].get(SLOT, ref & 0xFFFF_FFFFL);
                }
            }
            for (int i = 0; i < n; i++) {
                long h = hashes[i];
                long tag = tagOfHash(h);
                long ref = refs[i];
                long at = offset + (long) (base + i) * FINGERPRINT_BYTES;
                if (ref < 0) {
                    locations[base + i] = lookupHashed(h, fingerprints.asSlice(at, FINGERPRINT_BYTES), verifier);
                    continue;
                }
                MemorySegment slab = slabs[(int) (ref >>> 32)];
                long off = ref & 0xFFFF_FFFFL;
                long scan = VECTOR_BUCKETS ? scanVector(slab, off, tag, tagShift) : scanScalar(slab, off, tag, tagShift);
                long matches = scan & 0xFF;
                long result;
                if (matches == 0 && (scan >>> SLOTS_PER_BUCKET) != 0 && stamps[i] != 0
                        && segments[segmentIndex(h)].validate(stamps[i])) {
                    // The home bucket has room and no such tag: the common miss, settled by one bucket.
                    result = NOT_FOUND;
                } else if (Long.bitCount(matches) == 1 && stamps[i] != 0) {
                    long location = slab.get(SLOT, off + (long) Long.numberOfTrailingZeros(matches) * Long.BYTES)
                            & locationMask;
                    MemorySegment fp = fingerprints.asSlice(at, FINGERPRINT_BYTES);
                    if (segments[segmentIndex(h)].validate(stamps[i]) && verifier.matches(location, fp)) {
                        result = location;
                    } else {
                        result = lookupHashed(h, fp, verifier);
                    }
                } else {
                    result = lookupHashed(h, fingerprints.asSlice(at, FINGERPRINT_BYTES), verifier);
                }
                locations[base + i] = result;
            }
        }
        prefetchSink = sink;
    }

    /**
     * Writes to {@code locations} the locations of entries whose tag matches {@code fingerprint}'s (the
     * unconfirmed candidates, in probe order) and returns how many there are, which may exceed
     * {@code locations.length} (the rest are not written). For callers that confirm candidates
     * themselves, e.g. asynchronously.
     */
    public int candidates(MemorySegment fingerprint, long[] locations) {
        checkFingerprint(fingerprint);
        long h = hash(fingerprint, 0);
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long stamp = seg.readLock();
        try {
            return collect(seg.pages, tag, locations);
        } finally {
            seg.unlockRead(stamp);
        }
    }

    /**
     * The common cases in as few instructions and dependent reads as possible, so the memory reads of
     * consecutive independent lookups overlap in the processor: the directory line (usually cached),
     * then the home bucket; a miss whose home bucket has room, or a hit that is the home bucket's only
     * slot with its tag, needs nothing else. Everything else takes {@link #lookupProbing}.
     */
    private long lookupHashed(long h, MemorySegment fingerprint, FingerprintVerifier verifier) {
        int s = segmentIndex(h);
        Segment seg = segments[s];
        long stamp = seg.tryOptimisticRead();
        int[] d = directory;
        int base = s << (Integer.numberOfTrailingZeros(d.length) - segmentBits);
        long tag = tagOfHash(h);
        int buckets = d[base];
        int b = homeBucket(tag, buckets);
        MemorySegment[] slabs = pages.slabs();
        // Bounded by the bucket count, so it ends on a table a writer is changing (validation fails then).
        for (int n = 0; n < buckets && stamp != 0; n++) {
            long ref = checkedBucketRef(d, base + 1 + (b >>> PAGE_BUCKET_BITS), b, slabs);
            if (ref < 0) {
                break;
            }
            MemorySegment slab = slabs[(int) (ref >>> 32)];
            long off = ref & 0xFFFF_FFFFL;
            long scan = VECTOR_BUCKETS ? scanVector(slab, off, tag, tagShift) : scanScalar(slab, off, tag, tagShift);
            long matches = scan & 0xFF;
            if (matches != 0) {
                if ((matches & (matches - 1)) == 0) {
                    long location = slab.get(SLOT, off + (long) Long.numberOfTrailingZeros(matches) * Long.BYTES)
                            & locationMask;
                    if (seg.validate(stamp) && verifier.matches(location, fingerprint)) {
                        return location;
                    }
                }
                break;
            }
            if ((scan >>> SLOTS_PER_BUCKET) != 0) {
                if (seg.validate(stamp)) {
                    return NOT_FOUND;
                }
                break;
            }
            b = b + 1 == buckets ? 0 : b + 1;
        }
        return lookupProbing(h, fingerprint, verifier);
    }

    /** The general lookup: every candidate along the probe sequence, optimistically, then under the read lock. */
    private long lookupProbing(long h, MemorySegment fingerprint, FingerprintVerifier verifier) {
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long stamp = seg.tryOptimisticRead();
        if (stamp != 0) {
            long[] t = seg.pages;
            MemorySegment[] slabs = pages.slabs();
            int from = 0;
            while (true) {
                int at = nextMatch(slabs, t, tag, from);
                if (at < 0) {
                    if (seg.validate(stamp)) {
                        return NOT_FOUND;
                    }
                    break;
                }
                long location = readRelative(slabs, t, tag, at) & locationMask;
                if (!seg.validate(stamp)) {
                    break;
                }
                if (verifier.matches(location, fingerprint)) {
                    return location;
                }
                from = at + 1;
            }
        }
        return lookupLocked(seg, tag, fingerprint, verifier);
    }

    /** The slow path when a writer interfered: collect candidates under the read lock, verify outside it. */
    private long lookupLocked(Segment seg, long tag, MemorySegment fingerprint, FingerprintVerifier verifier) {
        long[] found = new long[4];
        int n;
        while (true) {
            long stamp = seg.readLock();
            try {
                n = collect(seg.pages, tag, found);
            } finally {
                seg.unlockRead(stamp);
            }
            if (n <= found.length) {
                break;
            }
            found = new long[n];
        }
        for (int i = 0; i < n; i++) {
            if (verifier.matches(found[i], fingerprint)) {
                return found[i];
            }
        }
        return NOT_FOUND;
    }

    // ---------------------------------------------------------------- mutations

    /**
     * Adds an entry for a chunk just stored at {@code location} with reference count 1. The caller has
     * established that the chunk is new (a {@link #lookup} miss); {@link #acquireOrInsert} does both
     * atomically.
     *
     * @throws IllegalArgumentException when {@code location} is negative or above {@link #maxLocation()}
     * @throws IllegalStateException    when an entry with this tag already has {@code location}
     */
    public void insert(MemorySegment fingerprint, long location) {
        insert(fingerprint, location, 1);
    }

    /** As {@link #insert(MemorySegment, long)} with an initial reference count of {@code refcount} (≥ 1). */
    public void insert(MemorySegment fingerprint, long location, long refcount) {
        checkFingerprint(fingerprint);
        checkLocation(location);
        if (refcount < 1) {
            throw new IllegalArgumentException("refcount must be >= 1, got " + refcount);
        }
        long h = hash(fingerprint, 0);
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long stamp = seg.writeLock();
        try {
            if (find(seg.pages, tag, location) >= 0) {
                throw new IllegalStateException("the index already holds location " + location
                        + " under this fingerprint's tag; a location names one chunk");
            }
            insertLocked(seg, tag, location, refcount);
        } finally {
            seg.unlockWrite(stamp);
        }
    }

    /** As {@link #insert(MemorySegment, long)} for a 32-byte array. */
    public void insert(byte[] fingerprint, long location) {
        insert(segmentOf(fingerprint), location, 1);
    }

    /** As {@link #insert(MemorySegment, long, long)} for a 32-byte array. */
    public void insert(byte[] fingerprint, long location, long refcount) {
        insert(segmentOf(fingerprint), location, refcount);
    }

    /**
     * Finds the stored chunk with {@code fingerprint} (confirmed by {@code verifier}) and adds one
     * reference to it; returns its location, or {@link #NOT_FOUND} when there is none. The increment
     * applies only if the confirmed entry still exists, so a concurrent final {@link #decrement} cannot
     * free a chunk this call has shared.
     */
    public long acquire(MemorySegment fingerprint, FingerprintVerifier verifier) {
        checkFingerprint(fingerprint);
        long h = hash(fingerprint, 0);
        while (true) {
            long location = lookupHashed(h, fingerprint, verifier);
            if (location == NOT_FOUND) {
                return NOT_FOUND;
            }
            if (adjustHashed(h, location, 1) != NOT_FOUND) {
                return location;
            }
            // The entry went away between the confirmation and the increment: look again.
        }
    }

    /** As {@link #acquire(MemorySegment, FingerprintVerifier)} for a 32-byte array. */
    public long acquire(byte[] fingerprint, FingerprintVerifier verifier) {
        return acquire(segmentOf(fingerprint), verifier);
    }

    /**
     * Takes a reference to the stored chunk with {@code fingerprint} (confirmed by {@code verifier}) and
     * returns its location; when there is none, inserts {@code newLocation} with reference count 1 and
     * returns {@code newLocation}. Atomic against concurrent calls for the same fingerprint: exactly one
     * of them inserts. The caller stores the chunk at {@code newLocation} only when that is returned.
     */
    public long acquireOrInsert(MemorySegment fingerprint, long newLocation, FingerprintVerifier verifier) {
        checkFingerprint(fingerprint);
        checkLocation(newLocation);
        Objects.requireNonNull(verifier, "verifier");
        long h = hash(fingerprint, 0);
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long[] rejected = new long[4];
        int rejectedCount = 0;
        long[] scratch = new long[4];
        while (true) {
            long stamp = seg.writeLock();
            int n;
            boolean unseen = false;
            try {
                n = collect(seg.pages, tag, scratch);
                if (n <= scratch.length) {
                    for (int i = 0; i < n && !unseen; i++) {
                        unseen = !contains(rejected, rejectedCount, scratch[i]);
                    }
                    if (!unseen) {
                        // Every entry under this tag was confirmed to be another chunk: this one is new.
                        if (find(seg.pages, tag, newLocation) >= 0) {
                            throw new IllegalStateException("the index already holds location " + newLocation
                                    + " under this fingerprint's tag; a location names one chunk");
                        }
                        insertLocked(seg, tag, newLocation, 1);
                        return newLocation;
                    }
                }
            } finally {
                seg.unlockWrite(stamp);
            }
            if (n > scratch.length) {
                scratch = new long[n];
                continue;
            }
            // Confirm the candidates not yet confirmed, outside the lock.
            for (int i = 0; i < n; i++) {
                long location = scratch[i];
                if (contains(rejected, rejectedCount, location)) {
                    continue;
                }
                if (verifier.matches(location, fingerprint)) {
                    if (adjustHashed(h, location, 1) != NOT_FOUND) {
                        return location;
                    }
                } else {
                    if (rejectedCount == rejected.length) {
                        rejected = Arrays.copyOf(rejected, rejectedCount * 2);
                    }
                    rejected[rejectedCount++] = location;
                }
            }
        }
    }

    /** As {@link #acquireOrInsert(MemorySegment, long, FingerprintVerifier)} for a 32-byte array. */
    public long acquireOrInsert(byte[] fingerprint, long newLocation, FingerprintVerifier verifier) {
        return acquireOrInsert(segmentOf(fingerprint), newLocation, verifier);
    }

    /**
     * Adds one reference to the entry {@code (fingerprint, location)} and returns its new reference
     * count, or {@link #NOT_FOUND} when there is no such entry.
     */
    public long increment(MemorySegment fingerprint, long location) {
        checkFingerprint(fingerprint);
        return adjustHashed(hash(fingerprint, 0), location, 1);
    }

    /** As {@link #increment(MemorySegment, long)} for a 32-byte array. */
    public long increment(byte[] fingerprint, long location) {
        return increment(segmentOf(fingerprint), location);
    }

    /**
     * Drops one reference from the entry {@code (fingerprint, location)} and returns its new reference
     * count; at 0 the entry is removed (the caller may then free the chunk), and {@link #NOT_FOUND}
     * when there is no such entry.
     */
    public long decrement(MemorySegment fingerprint, long location) {
        checkFingerprint(fingerprint);
        return adjustHashed(hash(fingerprint, 0), location, -1);
    }

    /** As {@link #decrement(MemorySegment, long)} for a 32-byte array. */
    public long decrement(byte[] fingerprint, long location) {
        return decrement(segmentOf(fingerprint), location);
    }

    /** Removes the entry {@code (fingerprint, location)} whatever its count; returns whether it existed. */
    public boolean remove(MemorySegment fingerprint, long location) {
        checkFingerprint(fingerprint);
        long h = hash(fingerprint, 0);
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long stamp = seg.writeLock();
        try {
            long[] t = seg.pages;
            int at = find(t, tag, location);
            if (at < 0) {
                return false;
            }
            long slot = read(t, at);
            if (refcountField(slot) == REFCOUNT_SATURATED) {
                seg.overflow.remove(slot & ~refcountMask());
            }
            removeAt(seg, t, at);
            return true;
        } finally {
            seg.unlockWrite(stamp);
        }
    }

    /** As {@link #remove(MemorySegment, long)} for a 32-byte array. */
    public boolean remove(byte[] fingerprint, long location) {
        return remove(segmentOf(fingerprint), location);
    }

    /** The reference count of the entry {@code (fingerprint, location)}, or {@link #NOT_FOUND}. */
    public long refcount(MemorySegment fingerprint, long location) {
        checkFingerprint(fingerprint);
        long h = hash(fingerprint, 0);
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long stamp = seg.readLock();
        try {
            long[] t = seg.pages;
            int at = find(t, tag, location);
            return at < 0 ? NOT_FOUND : countOf(seg, read(t, at));
        } finally {
            seg.unlockRead(stamp);
        }
    }

    /** As {@link #refcount(MemorySegment, long)} for a 32-byte array. */
    public long refcount(byte[] fingerprint, long location) {
        return refcount(segmentOf(fingerprint), location);
    }

    private long adjustHashed(long h, long location, int delta) {
        Segment seg = segments[segmentIndex(h)];
        long tag = tagOfHash(h);
        long stamp = seg.writeLock();
        try {
            long[] t = seg.pages;
            int at = find(t, tag, location);
            if (at < 0) {
                return NOT_FOUND;
            }
            long slot = read(t, at);
            long count = countOf(seg, slot);
            long next = delta > 0 ? Math.addExact(count, delta) : count + delta;
            long key = slot & ~refcountMask();
            if (refcountField(slot) == REFCOUNT_SATURATED) {
                seg.overflow.remove(key);
            }
            if (next == 0) {
                removeAt(seg, t, at);
                return 0;
            }
            write(t, at, key | (Math.min(next, REFCOUNT_SATURATED) << locationBits));
            if (next >= REFCOUNT_SATURATED) {
                overflow(seg).put(key, next);
            }
            return next;
        } finally {
            seg.unlockWrite(stamp);
        }
    }

    // ---------------------------------------------------------------- size and memory

    /** The number of entries. Exact when no mutation runs concurrently. */
    public long size() {
        long n = 0;
        for (Segment seg : segments) {
            long stamp = seg.readLock();
            try {
                n += seg.size;
            } finally {
                seg.unlockRead(stamp);
            }
        }
        return n;
    }

    /** Bytes of RAM the index holds: off-heap slabs (used or free) plus its heap objects. */
    public long allocatedBytes() {
        return offHeapBytes() + heapBytes();
    }

    /** Off-heap bytes held in slabs, including pages free for reuse. */
    public long offHeapBytes() {
        return pages.reservedBytes();
    }

    /**
     * Heap bytes of the index's own objects (segments, locks, page tables, side maps), computed from
     * their array lengths and the object layout of a 64-bit JVM with compressed references.
     */
    public long heapBytes() {
        long bytes = 64 + 16 + 4L * segments.length + pages.heapBytes() + 16 + 4L * directory.length;
        for (Segment seg : segments) {
            long stamp = seg.readLock();
            try {
                // Segment 32, StampedLock 32, long[] record 24, its long[] header 16.
                bytes += 32 + 32 + 24 + 16 + 8L * seg.pages.length;
                if (seg.overflow != null) {
                    bytes += 64 + 16 + 16L * seg.overflow.capacity();
                }
            } finally {
                seg.unlockRead(stamp);
            }
        }
        return bytes;
    }

    /** The largest location a slot can hold: {@code 2^locationBits − 1}. */
    public long maxLocation() {
        return locationMask;
    }

    /** Bits of each slot that hold the location. */
    public int locationBits() {
        return locationBits;
    }

    /** Bits of each slot that hold the fingerprint's tag. */
    public int tagBits() {
        return tagBits;
    }

    /** The number of segments (lock stripes). */
    public int segmentCount() {
        return segments.length;
    }

    /** Words of the lookup directory per segment (grows as segments outgrow it). */
    int directoryStride() {
        return directory.length >> segmentBits;
    }

    /** The number of entries this index was sized for. */
    public long expectedEntries() {
        return expectedEntries;
    }

    /** Releases the off-heap memory; no other call may run during or after it. */
    @Override
    public void close() {
        pages.close();
    }

    // ---------------------------------------------------------------- snapshot support

    /** Calls {@code sink} with every slot and then every saturated count of segment {@code s}, under its read lock. */
    void exportSegment(int s, SegmentSink sink) throws IOException {
        Segment seg = segments[s];
        long stamp = seg.readLock();
        try {
            long[] t = seg.pages;
            MemorySegment[] slabs = pages.slabs();
            sink.begin(seg.size, seg.overflow == null ? 0 : seg.overflow.size());
            for (int b = 0; b < buckets(t); b++) {
                long ref = t[b / BUCKETS_PER_PAGE];
                MemorySegment slab = slabs[(int) (ref >>> 32)];
                long off = bucketOffset(ref, b);
                for (int i = 0; i < SLOTS_PER_BUCKET; i++) {
                    long slot = slab.get(SLOT, off + (long) i * Long.BYTES);
                    if (slot != 0) {
                        sink.slot(slot);
                    }
                }
            }
            if (seg.overflow != null) {
                Long2LongHashMap.KeyIterator keys = seg.overflow.keySet().iterator();
                while (keys.hasNext()) {
                    long key = keys.nextValue();
                    sink.saturated(key, seg.overflow.get(key));
                }
            }
        } finally {
            seg.unlockRead(stamp);
        }
    }

    /** Receives one segment's contents for a snapshot. */
    interface SegmentSink {
        void begin(int slots, int saturated) throws IOException;

        void slot(long slot) throws IOException;

        void saturated(long key, long count) throws IOException;
    }

    /** Places a raw slot (from a snapshot) into segment {@code s}; the caller restores saturated counts next. */
    void importSlot(int s, long slot) {
        Segment seg = segments[s];
        long stamp = seg.writeLock();
        try {
            long tag = slot >>> tagShift;
            long location = slot & locationMask;
            if (find(seg.pages, tag, location) >= 0) {
                throw new IllegalStateException("duplicate slot for location " + location);
            }
            ensureRoom(seg);
            place(seg.pages, slot);
            seg.size++;
        } finally {
            seg.unlockWrite(stamp);
        }
    }

    /** Sets the exact count of a saturated slot of segment {@code s}; returns false when no such slot exists. */
    boolean importSaturated(int s, long key, long count) {
        Segment seg = segments[s];
        long stamp = seg.writeLock();
        try {
            int at = find(seg.pages, key >>> tagShift, key & locationMask);
            if (at < 0 || refcountField(read(seg.pages, at)) != REFCOUNT_SATURATED || count < REFCOUNT_SATURATED) {
                return false;
            }
            overflow(seg).put(key, count);
            return true;
        } finally {
            seg.unlockWrite(stamp);
        }
    }

    /** Whether every saturated slot of segment {@code s} has its exact count. */
    boolean saturatedComplete(int s) {
        Segment seg = segments[s];
        long stamp = seg.readLock();
        try {
            long[] t = seg.pages;
            int saturated = 0;
            for (int i = 0; i < buckets(t) * SLOTS_PER_BUCKET; i++) {
                if (refcountField(read(t, i)) == REFCOUNT_SATURATED) {
                    saturated++;
                }
            }
            return saturated == (seg.overflow == null ? 0 : seg.overflow.size());
        } finally {
            seg.unlockRead(stamp);
        }
    }

    /** Whether {@code slot} is one a valid index could hold: a count of at least 1. */
    boolean validSlot(long slot) {
        return refcountField(slot) != 0;
    }

    // ---------------------------------------------------------------- table internals (segment lock held)

    private void insertLocked(Segment seg, long tag, long location, long refcount) {
        ensureRoom(seg);
        long key = (tag << tagShift) | location;
        place(seg.pages, key | (Math.min(refcount, REFCOUNT_SATURATED) << locationBits));
        if (refcount >= REFCOUNT_SATURATED) {
            overflow(seg).put(key, refcount);
        }
        seg.size++;
    }

    private void ensureRoom(Segment seg) {
        long[] t = seg.pages;
        if (seg.size + 1 > MAX_LOAD * buckets(t) * SLOTS_PER_BUCKET) {
            grow(seg, t);
        }
    }

    /** Rehashes the segment into 1.5× the pages; homes come from the stored tags, so nothing is lost. */
    private void grow(Segment seg, long[] old) {
        int oldPages = old.length;
        long[] grown = newTable(Math.max(oldPages + 1, oldPages + oldPages / 2));
        for (int i = 0; i < buckets(old) * SLOTS_PER_BUCKET; i++) {
            long slot = read(old, i);
            if (slot != 0) {
                place(grown, slot);
            }
        }
        seg.pages = grown;
        publish(seg);
        for (long page : old) {
            pages.free(page);
        }
    }

    private long[] newTable(int pageCount) {
        long[] refs = new long[pageCount];
        for (int i = 0; i < pageCount; i++) {
            refs[i] = pages.allocate();
        }
        return refs;
    }

    /** Writes {@code slot} into the first free slot at or after its home bucket; the table has room. */
    private void place(long[] t, long slot) {
        int b = homeBucket(slot >>> tagShift, buckets(t));
        MemorySegment[] slabs = pages.slabs();
        for (int n = 0; n < buckets(t); n++) {
            long ref = t[b / BUCKETS_PER_PAGE];
            MemorySegment slab = slabs[(int) (ref >>> 32)];
            long off = bucketOffset(ref, b);
            for (int i = 0; i < SLOTS_PER_BUCKET; i++) {
                if (slab.get(SLOT, off + (long) i * Long.BYTES) == 0) {
                    slab.set(SLOT, off + (long) i * Long.BYTES, slot);
                    return;
                }
            }
            b = b + 1 == buckets(t) ? 0 : b + 1;
        }
        throw new IllegalStateException("segment table full; load limit violated");
    }

    /** The absolute slot index ({@code bucket * 8 + i}) of the entry with this tag and location, or −1. */
    private int find(long[] t, long tag, long location) {
        int b = homeBucket(tag, buckets(t));
        MemorySegment[] slabs = pages.slabs();
        long want = (tag << tagShift) | location;
        long mask = ~refcountMask();
        for (int n = 0; n < buckets(t); n++) {
            long ref = t[b / BUCKETS_PER_PAGE];
            MemorySegment slab = slabs[(int) (ref >>> 32)];
            long off = bucketOffset(ref, b);
            boolean sawEmpty = false;
            for (int i = 0; i < SLOTS_PER_BUCKET; i++) {
                long slot = slab.get(SLOT, off + (long) i * Long.BYTES);
                if (slot == 0) {
                    sawEmpty = true;
                } else if ((slot & mask) == want) {
                    return b * SLOTS_PER_BUCKET + i;
                }
            }
            if (sawEmpty) {
                return -1;
            }
            b = b + 1 == buckets(t) ? 0 : b + 1;
        }
        return -1;
    }

    /** Copies the locations under {@code tag} into {@code out} (as many as fit); returns how many there are. */
    private int collect(long[] t, long tag, long[] out) {
        MemorySegment[] slabs = pages.slabs();
        int n = 0;
        int from = 0;
        while (true) {
            int at = nextMatch(slabs, t, tag, from);
            if (at < 0) {
                return n;
            }
            if (n < out.length) {
                out[n] = readRelative(slabs, t, tag, at) & locationMask;
            }
            n++;
            from = at + 1;
        }
    }

    /**
     * The probe position (slots from the home bucket's first slot) of the first slot at or after
     * {@code from} whose tag is {@code tag}, or −1 when the probe sequence ends first. Bounded by the
     * table size, so it ends even on a table a writer is changing (the caller validates).
     */
    private int nextMatch(MemorySegment[] slabs, long[] t, long tag, int from) {
        int buckets = buckets(t);
        int home = homeBucket(tag, buckets);
        for (int rb = from / SLOTS_PER_BUCKET; rb < buckets; rb++) {
            int b = home + rb;
            if (b >= buckets) {
                b -= buckets;
            }
            long ref = t[b / BUCKETS_PER_PAGE];
            MemorySegment slab = slabs[(int) (ref >>> 32)];
            long off = bucketOffset(ref, b);
            int first = rb * SLOTS_PER_BUCKET;
            long scan = VECTOR_BUCKETS ? scanVector(slab, off, tag, tagShift) : scanScalar(slab, off, tag, tagShift);
            long matches = scan & 0xFF;
            long empties = scan >>> SLOTS_PER_BUCKET;
            if (from > first) {
                matches &= -1L << (from - first);
            }
            if (matches != 0) {
                return first + Long.numberOfTrailingZeros(matches);
            }
            if (empties != 0) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Tests the bucket at {@code off}: bit {@code i} of the result is set when slot {@code i} holds
     * {@code tag}, bit {@code 8 + i} when slot {@code i} is empty. One 64-byte load and two compares.
     */
    static long scanVector(MemorySegment slab, long off, long tag, int tagShift) {
        LongVector v = LongVector.fromMemorySegment(BUCKET_SPECIES, slab, off, ByteOrder.nativeOrder());
        long empties = v.compare(VectorOperators.EQ, 0L).toLong();
        long matches = v.lanewise(VectorOperators.LSHR, tagShift).compare(VectorOperators.EQ, tag).toLong() & ~empties;
        return empties << SLOTS_PER_BUCKET | matches;
    }

    /** As {@link #scanVector}, one slot at a time. */
    static long scanScalar(MemorySegment slab, long off, long tag, int tagShift) {
        long matches = 0;
        long empties = 0;
        for (int i = 0; i < SLOTS_PER_BUCKET; i++) {
            long slot = slab.get(SLOT, off + (long) i * Long.BYTES);
            empties |= (slot == 0 ? 1L : 0L) << i;
            matches |= (slot != 0 && slot >>> tagShift == tag ? 1L : 0L) << i;
        }
        return empties << SLOTS_PER_BUCKET | matches;
    }

    private long readRelative(MemorySegment[] slabs, long[] t, long tag, int at) {
        int b = homeBucket(tag, buckets(t)) + at / SLOTS_PER_BUCKET;
        if (b >= buckets(t)) {
            b -= buckets(t);
        }
        long ref = t[b / BUCKETS_PER_PAGE];
        return slabs[(int) (ref >>> 32)].get(SLOT, bucketOffset(ref, b) + (long) (at % SLOTS_PER_BUCKET) * Long.BYTES);
    }

    private long read(long[] t, int slotIndex) {
        int b = slotIndex / SLOTS_PER_BUCKET;
        long ref = t[b / BUCKETS_PER_PAGE];
        return pages.slabs()[(int) (ref >>> 32)].get(SLOT,
                bucketOffset(ref, b) + (long) (slotIndex % SLOTS_PER_BUCKET) * Long.BYTES);
    }

    private void write(long[] t, int slotIndex, long slot) {
        int b = slotIndex / SLOTS_PER_BUCKET;
        long ref = t[b / BUCKETS_PER_PAGE];
        pages.slabs()[(int) (ref >>> 32)].set(SLOT,
                bucketOffset(ref, b) + (long) (slotIndex % SLOTS_PER_BUCKET) * Long.BYTES, slot);
    }

    private boolean bucketHasEmpty(long[] t, int bucket) {
        for (int i = 0; i < SLOTS_PER_BUCKET; i++) {
            if (read(t, bucket * SLOTS_PER_BUCKET + i) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Empties slot {@code at} and restores the probing invariant (every bucket between an entry's home
     * and its bucket is full) by moving back later entries whose probe passed the hole: backward-shift
     * deletion at bucket granularity, so no tombstones accumulate.
     */
    private void removeAt(Segment seg, long[] t, int at) {
        int buckets = buckets(t);
        int hole = at / SLOTS_PER_BUCKET;
        int holeSlot = at;
        boolean hadEmpty = bucketHasEmpty(t, hole);
        write(t, at, 0);
        seg.size--;
        if (hadEmpty) {
            return;
        }
        int j = hole + 1 == buckets ? 0 : hole + 1;
        for (int steps = 1; steps < buckets; steps++) {
            boolean full = true;
            int move = -1;
            for (int i = 0; i < SLOTS_PER_BUCKET; i++) {
                long slot = read(t, j * SLOTS_PER_BUCKET + i);
                if (slot == 0) {
                    full = false;
                } else if (move < 0) {
                    int home = homeBucket(slot >>> tagShift, buckets);
                    if (distance(home, j, buckets) >= distance(hole, j, buckets)) {
                        move = j * SLOTS_PER_BUCKET + i;
                    }
                }
            }
            if (move >= 0) {
                write(t, holeSlot, read(t, move));
                write(t, move, 0);
                hole = j;
                holeSlot = move;
            }
            if (!full) {
                return;
            }
            j = j + 1 == buckets ? 0 : j + 1;
        }
    }

    private static int buckets(long[] table) {
        return table.length * BUCKETS_PER_PAGE;
    }

    private static int distance(int from, int to, int buckets) {
        int d = to - from;
        return d < 0 ? d + buckets : d;
    }

    private static long bucketOffset(long pageRef, int bucket) {
        return (pageRef & 0xFFFF_FFFFL) + (long) (bucket % BUCKETS_PER_PAGE) * SLOTS_PER_BUCKET * Long.BYTES;
    }

    /** The home bucket of a tag: its top bits, scaled to the bucket count (order-preserving). */
    private int homeBucket(long tag, int buckets) {
        return (int) ((tag * buckets) >>> tagBits);
    }

    private long refcountMask() {
        return REFCOUNT_SATURATED << locationBits;
    }

    private long refcountField(long slot) {
        return (slot >>> locationBits) & REFCOUNT_SATURATED;
    }

    private long countOf(Segment seg, long slot) {
        long field = refcountField(slot);
        return field == REFCOUNT_SATURATED ? seg.overflow.get(slot & ~refcountMask()) : field;
    }

    private static Long2LongHashMap overflow(Segment seg) {
        if (seg.overflow == null) {
            seg.overflow = new Long2LongHashMap(8, 0.65f, NOT_FOUND);
        }
        return seg.overflow;
    }

    private static boolean contains(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- hashing

    private int segmentIndex(long h) {
        return (int) (h >>> (64 - segmentBits));
    }

    private long tagOfHash(long h) {
        return (h >>> hashTagShift) & tagMask;
    }

    /**
     * A 64-bit hash of the fingerprint's 32 bytes. Cryptographic fingerprints are uniform already; the
     * mixing keeps structured ones (tests, non-cryptographic callers) from piling into one segment.
     * Part of the snapshot format's identity ({@link IndexSnapshotV1#TAG_FUNCTION}): never change it.
     */
    static long hash(MemorySegment fp, long offset) {
        long a = fp.get(FP_WORD, offset);
        long b = fp.get(FP_WORD, offset + 8);
        long c = fp.get(FP_WORD, offset + 16);
        long d = fp.get(FP_WORD, offset + 24);
        long h = a ^ Long.rotateLeft(b, 16) ^ Long.rotateLeft(c, 32) ^ Long.rotateLeft(d, 48);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static MemorySegment segmentOf(byte[] fingerprint) {
        return MemorySegment.ofArray(Objects.requireNonNull(fingerprint, "fingerprint"));
    }

    private static void checkFingerprint(MemorySegment fingerprint) {
        if (fingerprint.byteSize() != FINGERPRINT_BYTES) {
            throw new IllegalArgumentException("fingerprint must be " + FINGERPRINT_BYTES + " bytes, got "
                    + fingerprint.byteSize());
        }
    }

    private void checkLocation(long location) {
        if (location < 0 || location > locationMask) {
            throw new IllegalArgumentException("location must be in [0, " + locationMask + "] ("
                    + locationBits + " location bits), got " + location);
        }
    }
}
