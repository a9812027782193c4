package io.flashcore.array;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import io.flashcore.array.meta.ChunkEncoding;
import io.flashcore.array.meta.ChunkRecord;
import io.flashcore.array.meta.DriveRecord;
import io.flashcore.array.meta.DriveState;
import io.flashcore.array.meta.MetadataBatch;
import io.flashcore.array.meta.ObjectRecord;
import io.flashcore.array.meta.RocksMetadataStore;
import io.flashcore.array.meta.StripeRecord;
import io.flashcore.array.meta.Totals;
import io.flashcore.array.shard.DriveSet;
import io.flashcore.array.shard.ShardHeader;
import io.flashcore.array.shard.SlotAllocator;
import io.flashcore.array.stripe.StripePacker;
import io.flashcore.placement.ec.ReedSolomon;
import io.flashcore.reduction.chunk.ChunkSink;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.hash.Fingerprint;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.pipeline.Reduction;
import io.flashcore.reduction.pipeline.ReductionKind;
import io.flashcore.reduction.pipeline.ReductionPipeline;
import io.flashcore.reduction.similar.SimilarityIndex;

/**
 * A flash array over N drives (files or block devices) and an embedded metadata store: named
 * objects go in deduplicated, compressed, erasure-coded and placed across failure domains, and
 * come back byte-exact even with up to m drives lost or shards corrupt.
 *
 * <p><b>Write path.</b> {@link #put} chunks the stream, fingerprints every chunk, looks it up
 * (a hit adds a reference and stores nothing), compresses what is new, packs it into the open
 * stripe, encodes parity, writes the changed shards and parity to fresh slots in one I/O batch,
 * fdatasyncs the drives, and only then commits the metadata in one atomic batch; the put returns
 * after that commit. A partly filled stripe is rewritten copy-on-write by the next put: only its
 * changed data shard(s) and parity go to new slots, and the old slots are freed after the commit.
 *
 * <p><b>Read path.</b> {@link #get} reads only the shards holding each chunk, checks every shard's
 * header and CRC32C against the stripe record, and serves a missing or corrupt shard by
 * reconstruction from any k good shards, repairing a corrupt one in place.
 *
 * <p><b>Thread safety.</b> All public methods are thread-safe. Puts run their chunking,
 * fingerprinting and compression on the calling thread, in parallel with other puts; packing,
 * stripe writes and metadata commits are serialised. Gets run fully in parallel with each other
 * and with puts. The caller closes the array.
 */
public final class FlashArray implements AutoCloseable {
    /** The configuration file in the array folder. */
    public static final String CONFIG_FILE = "array.conf";
    /** The metadata store's folder in the array folder. */
    public static final String META_DIR = "meta";

    private static final String CONFIG_KEY = "config";
    /**
     * The clean-close mark (see {@link #markCleanClose}): format byte, then 1 (closed cleanly) or 0, then
     * (format 2) flags: {@link #CLOSED_WITH_SLOT_MAPS}, {@link #CLOSED_DEGRADED}.
     */
    private static final String CLEAN_CLOSE_KEY = "clean-close";
    private static final byte CLEAN_CLOSE_FORMAT = 2;
    /** Clean-close flag: the drives' slot maps were saved with the mark ({@link #slotPageKey}). */
    private static final int CLOSED_WITH_SLOT_MAPS = 1;
    /** Clean-close flag: a degraded stripe may exist. */
    private static final int CLOSED_DEGRADED = 2;
    /**
     * Whether a clean close saves the drives' slot maps, so the next open loads them instead of reading
     * every stripe record ({@code -Dflashcore.array.slotMaps}, default true).
     */
    static final boolean SAVE_SLOT_MAPS = !"false".equals(System.getProperty("flashcore.array.slotMaps"));
    /**
     * Whether an open that loads saved slot maps also reads every stripe record and fails when the two
     * disagree ({@code -Dflashcore.array.verifySlotMaps}; the test suites turn it on).
     */
    static final boolean VERIFY_SLOT_MAPS = Boolean.getBoolean("flashcore.array.verifySlotMaps");
    /** Whether this open found the clean-close mark. */
    private boolean closedCleanly;
    /**
     * The metadata value saying that every chunk record written without references carries a mark
     * ({@link MetadataBatch#markUnreferenced}): an open after a crash then reads the marks, not every chunk
     * record, to find what an interrupted operation left. Written by the first open that knows it holds
     * (after a clean close, or having read every chunk record and marked those it found).
     */
    private static final String UNREFERENCED_MARKS_KEY = "unreferenced-marks";
    /**
     * Whether an open after a crash that finds unreferenced chunk records through their marks also reads
     * every chunk record and fails on one without references and without a mark
     * ({@code -Dflashcore.array.verifyUnreferencedMarks}; the test suites turn it on).
     */
    static final boolean VERIFY_UNREFERENCED_MARKS = Boolean.getBoolean("flashcore.array.verifyUnreferencedMarks");
    /** Whether this open read every chunk record (a crash before the marks were kept). */
    private boolean readEveryChunk;
    /** Whether this open loaded the slot maps saved at the clean close instead of reading every stripe record. */
    private boolean loadedSlotMaps;
    private static final int WINDOW_BYTES = 4 << 20;
    private static final int READ_RETRIES = 4;
    /**
     * Worker threads per put that encode new chunks ahead of the putting thread: by default one
     * fewer than the cores, so a single put uses them all ({@code -Dflashcore.array.encodeThreads}).
     */
    static final int ENCODE_THREADS = Math.max(0, Integer.getInteger("flashcore.array.encodeThreads",
            Runtime.getRuntime().availableProcessors() - 1));

    private final Path dir;
    private final ArrayConfig config;
    private final RocksMetadataStore store;
    private final DriveSet drives;
    private final ReedSolomon rs;
    private final FingerprintKind fingerprintKind;
    private final DictionaryRegistry dictionaries = new DictionaryRegistry();
    /** Sketches of plainly stored chunks, shared by all putting threads. */
    private final SimilarityIndex similarity = new SimilarityIndex();
    /** The delta references of this process's puts, shared by the putting threads as the similarity index is. */
    private final SharedReferences references = new SharedReferences(ChunkCodec.REFERENCE_CACHE_BYTES);
    private final AtomicLong nextReferenceId = new AtomicLong();
    /**
     * Delta references registered from the metadata at open (chunks stored by earlier processes):
     * reference id → fingerprint. Their bytes are read back from the array on demand. Guarded by itself.
     */
    private final Long2ObjectHashMap<byte[]> storedReferences = new Long2ObjectHashMap<>();
    /** Per putting thread: a reader of stored reference chunks (see {@link #resolveStoredReference}). */
    private final ThreadLocal<StoredReferenceReader> referenceReaders = ThreadLocal.withInitial(() -> {
        StoredReferenceReader r = new StoredReferenceReader();
        synchronized (this.storedReferences) {
            this.referenceReaderList.add(r);
        }
        return r;
    });
    private final List<StoredReferenceReader> referenceReaderList = new ArrayList<>();
    /**
     * The most delta references an opened array registers from its metadata (a sample, when it holds
     * more): ~170 bytes of heap each ({@code -Dflashcore.array.similarityReferences}).
     */
    static final long STORED_REFERENCES = Long.getLong("flashcore.array.similarityReferences", 262_144);
    /** Stage-one workers (reading, cutting, fingerprinting) of puts; idle ones stop after a minute. */
    private final java.util.concurrent.ExecutorService stageOne = daemonPool("flashcore-put-stage1");
    /**
     * Workers encoding puts' new chunks ahead of the putting threads (see {@link EncodeAhead}), shared by
     * all puts: at most {@link #ENCODE_THREADS} run at once and the others wait in line (a window's worker
     * that has not started when the putting thread finishes the window never runs), so concurrent puts do
     * not put more threads on the cores than they have.
     */
    private final java.util.concurrent.ExecutorService encoders = boundedDaemonPool("flashcore-put-encode",
            Math.max(1, ENCODE_THREADS));
    /** Workers decoding chunk runs ahead of a get's writer (see {@link #get}). */
    private final java.util.concurrent.ExecutorService getters = daemonPool("flashcore-get");
    private final java.util.concurrent.ConcurrentLinkedQueue<io.flashcore.reduction.compress.RecordCodec> idleEncoders =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Cutter> cutters =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * The most idle {@link PutBuffers} (~25 MiB each) kept for later puts ({@code -Dflashcore.array.idlePutBuffers},
     * default 4): more concurrent puts than this allocate their own and free them when they end.
     */
    static final int MAX_IDLE_PUT_BUFFERS = Math.max(0, Integer.getInteger("flashcore.array.idlePutBuffers", 4));
    private final java.util.concurrent.ConcurrentLinkedQueue<PutBuffers> idlePutBuffers =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ArrayMetrics metrics = new ArrayMetrics();
    private final Map<Thread, ChunkCodec> codecs = new ConcurrentHashMap<>();
    private final ThreadLocal<ChunkCodec> codec;

    /** Serialises stripe packing, slot allocation, stripe writes and metadata commits. */
    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock.
    private final SlotAllocator[] allocators;
    private final DriveRecord[] driveRecords;
    private volatile StripeLayout layout;
    private Totals totals;
    private OpenStripe open;
    private final Arena openArena = Arena.ofShared();
    private final MemorySegment openData;
    /** Two sets of slot buffers for stripe writes: one may be in flight while the other is filled. */
    private final MemorySegment[][] openSlots;
    private int nextSlotSet;
    /** The stripe write in flight, if any (see {@link #settleLocked}). */
    private StripeWrite inflight;
    /**
     * Set (under the lock) while a put commit waits for its stripe write and syncs its drives without
     * the lock: meanwhile only packing may hold the lock ({@link #lockForPacking}); whatever would
     * settle, flush or commit waits on {@link #ioDone} first.
     */
    private boolean commitIo;
    private final java.util.concurrent.locks.Condition ioDone = lock.newCondition();
    /** A stripe write that failed and was dropped since the last sync: the next sync throws it. */
    private Exception settleFailure;
    /** New chunks packed into durable stripes but not committed yet; read without the lock as a hint. */
    private final Map<Fingerprint, ChunkRecord> pending = new ConcurrentHashMap<>();
    /**
     * The fingerprints packed into each stripe while pending (guarded by the lock; may name chunks
     * committed or dropped since): a failed stripe write drops its chunks without reading all of
     * {@link #pending}, which holds every chunk of a large put until its commit.
     */
    private final Long2ObjectHashMap<List<Fingerprint>> pendingByStripe = new Long2ObjectHashMap<>();
    /**
     * The puts that have packed chunks and not yet ended (guarded by the lock). A failed write that drops
     * pending chunks of a stripe marks those of them that packed into it, and such a put stops at its
     * next packing instead of reading the rest of its source only to fail at its commit.
     */
    private final Set<PutState> packingPuts = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Stripe {@code id}, whose pending chunks were dropped after write failure {@code cause} (may be null). */
    private record DroppedStripe(long id, Exception cause) {
    }
    private final Long2ObjectHashMap<StripeRecord> pendingStripes = new Long2ObjectHashMap<>();
    private final List<long[]> freeAfterCommit = new ArrayList<>();
    /** Drives written since the last fdatasync: synced once, right before the metadata commit. */
    private final BitSet unsynced = new BitSet();
    private final Set<Fingerprint> zombies = new HashSet<>();
    private final Set<Long> compactionCandidates = new HashSet<>();
    /** Whether a degraded stripe (one with a missing shard) may exist; guarded by the lock, never cleared. */
    private boolean degradedSeen;
    private int activePuts;
    private volatile boolean closed;

    private FlashArray(Path dir, ArrayConfig config, RocksMetadataStore store, DriveSet drives, StripeLayout layout,
                       Totals totals, DriveRecord[] driveRecords) {
        this.dir = dir;
        this.config = config;
        this.store = store;
        this.drives = drives;
        this.layout = layout;
        this.totals = totals;
        this.driveRecords = driveRecords;
        this.rs = ReedSolomon.create(config.k(), config.m(), ecBackend());
        this.fingerprintKind = ChunkCodec.fingerprintKind(config);
        this.codec = ThreadLocal.withInitial(() -> {
            ChunkCodec c = new ChunkCodec(config, dictionaries, similarity, references, this::resolveStoredReference);
            codecs.put(Thread.currentThread(), c);
            return c;
        });
        this.allocators = new SlotAllocator[config.drives().size()];
        for (int i = 0; i < allocators.length; i++) {
            allocators[i] = new SlotAllocator(config.slotsPerDrive());
        }
        int w = config.k() + config.m();
        this.openData = openArena.allocate(config.stripeDataBytes(), 4096);
        this.openSlots = new MemorySegment[2][w];
        for (int set = 0; set < 2; set++) {
            for (int i = 0; i < w; i++) {
                openSlots[set][i] = openArena.allocate(config.shardBytes(), 4096);
            }
        }
    }

    /** A pool of daemon threads named {@code name}, created as needed and stopped after a minute idle. */
    private static java.util.concurrent.ExecutorService boundedDaemonPool(String name, int threads) {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 60,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static java.util.concurrent.ExecutorService daemonPool(String name) {
        return new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The erasure-code back-end of the data path: the one {@code -Dflashcore.ec.backend} names, else
     * ISA-L when it loads (byte-identical parity, and no JIT warm-up: the Java kernel runs slowly
     * until the JIT has compiled it, seconds into a process), else the Java kernel.
     */
    static io.flashcore.placement.ec.EcBackend ecBackend() {
        return System.getProperty(io.flashcore.placement.ec.EcBackend.PROPERTY) == null
                ? io.flashcore.placement.ec.EcBackend.AUTO
                : io.flashcore.placement.ec.EcBackend.configured();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Creates a new array in folder {@code dir} (created if missing; must not hold an array) with
     * the drives and settings of {@code config}. Drive files are created sparse.
     */
    public static FlashArray create(Path dir, ArrayConfig config) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve(CONFIG_FILE);
        if (Files.exists(conf) || Files.exists(dir.resolve(META_DIR))) {
            throw new FlashArrayException("an array already exists in " + dir);
        }
        DriveSet drives = DriveSet.create(config, false);
        RocksMetadataStore store = null;
        try {
            store = RocksMetadataStore.open(dir.resolve(META_DIR), true);
            StripeLayout layout = StripeLayout.initial(config);
            DriveRecord[] records = new DriveRecord[config.drives().size()];
            try (MetadataBatch b = store.batch()) {
                for (int i = 0; i < records.length; i++) {
                    records[i] = new DriveRecord(i, DriveState.UP, 0, config.slotsPerDrive());
                    b.putDrive(records[i]);
                }
                b.putTopology(layout.epoch(), layout.toBytes());
                b.putTotals(Totals.ZERO);
                b.putValue(CONFIG_KEY, config.encode());
                store.commit(b, true);
            }
            // The configuration file is written last: its presence marks a complete array.
            config.save(conf);
            return new FlashArray(dir, config, store, drives, layout, Totals.ZERO, records);
        } catch (IOException | RuntimeException e) {
            drives.close();
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    /**
     * Opens the array in {@code dir}. Drives that are missing, foreign or corrupt are tolerated as
     * failed while no more than m are unusable (their shards are served from parity); beyond that,
     * the first such problem is thrown as its typed error.
     */
    public static FlashArray open(Path dir) throws IOException {
        return open(dir, true);
    }

    /**
     * Opens the array in {@code dir}; with {@code tolerant} false any missing, foreign or corrupt
     * drive not already marked failed is an error ({@link MissingDriveException},
     * {@link ForeignDriveException}, {@link FormatVersionException}, {@link CorruptDataException}).
     */
    public static FlashArray open(Path dir, boolean tolerant) throws IOException {
        Path conf = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(conf)) {
            throw new FlashArrayException("no array in " + dir + " (no " + CONFIG_FILE + ")");
        }
        ArrayConfig config = ArrayConfig.load(conf);
        RocksMetadataStore store = RocksMetadataStore.open(dir.resolve(META_DIR), false);
        DriveSet drives = null;
        try {
            byte[] stored = store.value(CONFIG_KEY).orElseThrow(
                    () -> new CorruptDataException("the metadata store in " + dir + " holds no configuration"));
            ArrayConfig metaConfig = ArrayConfig.decode(stored, "configuration in the metadata store of " + dir);
            if (!metaConfig.arrayId().equals(config.arrayId())) {
                throw new CorruptDataException(CONFIG_FILE + " names array " + config.arrayId()
                        + " but the metadata store belongs to " + metaConfig.arrayId());
            }
            long epoch = store.latestEpoch().orElseThrow(
                    () -> new CorruptDataException("the metadata store in " + dir + " holds no topology"));
            StripeLayout layout = StripeLayout.fromBytes(config,
                    store.topology(epoch).orElseThrow(() -> new CorruptDataException("topology " + epoch + " is missing")));
            DriveRecord[] records = new DriveRecord[config.drives().size()];
            for (DriveRecord r : store.drives()) {
                if (r.index() >= 0 && r.index() < records.length) {
                    records[r.index()] = r;
                }
            }
            BitSet skip = new BitSet();
            for (int i = 0; i < records.length; i++) {
                if (records[i] == null) {
                    throw new CorruptDataException("the metadata store has no record of drive " + i);
                }
                if (records[i].state() != DriveState.UP) {
                    skip.set(i);
                }
            }
            drives = DriveSet.open(config, skip, tolerant);
            FlashArray array = new FlashArray(dir, config, store, drives, layout, store.totals(), records);
            array.recover();
            return array;
        } catch (IOException | RuntimeException e) {
            if (drives != null) {
                drives.close();
            }
            store.close();
            throw e;
        }
    }

    /**
     * Loads slot usage from the committed stripes, marks drives found unusable at open as failed,
     * and removes what an interrupted put left: chunk records nobody references.
     */
    private void recover() throws IOException {
        lockSettled();
        try {
            int flags = takeCleanCloseMark();
            closedCleanly = flags >= 0;
            loadedSlotMaps = flags >= 0 && (flags & CLOSED_WITH_SLOT_MAPS) != 0 && loadSlotMaps();
            if (loadedSlotMaps) {
                degradedSeen = (flags & CLOSED_DEGRADED) != 0;
                if (VERIFY_SLOT_MAPS) {
                    verifySlotMaps();
                }
            } else {
                degradedSeen = scanStripes(allocators);
            }
            List<Integer> newlyFailed = new ArrayList<>();
            for (int i = 0; i < driveRecords.length; i++) {
                if (driveRecords[i].state() == DriveState.UP && !drives.isUsable(i)) {
                    newlyFailed.add(i);
                }
            }
            int unusable = newlyFailed.size();
            for (DriveRecord r : driveRecords) {
                if (r.state() == DriveState.FAILED) {
                    unusable++;
                }
            }
            if (!newlyFailed.isEmpty() && unusable > config.m()) {
                throw new TooFewHealthyDrivesException(null, -1, newlyFailed, config.k(),
                        config.drives().size() - unusable);
            }
            for (int d : newlyFailed) {
                markFailedLocked(d, drives.unusableReason(d));
            }
            java.util.function.Consumer<ChunkRecord> visit = c -> {
                if (c.refCount() == 0) {
                    zombies.add(Fingerprint.of(fingerprintKind, c.fingerprint()));
                } else if (c.sketch() != null && config.similarity()
                        && c.sketch().length == io.flashcore.reduction.similar.SimilaritySketcher.SUPER_FEATURES
                        && storedReferences.size() < STORED_REFERENCES) {
                    long id = nextReferenceId.getAndIncrement();
                    similarity.register(c.sketch(), id);
                    storedReferences.put(id, c.fingerprint());
                }
            };
            byte[] marks = store.value(UNREFERENCED_MARKS_KEY).orElse(null);
            boolean marked = marks != null && marks.length == 1 && marks[0] == 1;
            readEveryChunk = !closedCleanly && !marked;
            if (readEveryChunk) {
                store.forEachChunk(visit);
                // From here on every chunk record written without references is marked: mark those found, and
                // say so, together.
                try (MetadataBatch b = store.batch()) {
                    for (Fingerprint z : zombies) {
                        b.markUnreferenced(z.toByteArray());
                    }
                    b.putValue(UNREFERENCED_MARKS_KEY, new byte[] {1});
                    store.commit(b, true);
                }
            } else if (!marked) {
                // Closed cleanly, so no record lacked references: the marks are complete from now on.
                try (MetadataBatch b = store.batch()) {
                    b.putValue(UNREFERENCED_MARKS_KEY, new byte[] {1});
                    store.commit(b, true);
                }
            }
            if (!closedCleanly && marked) {
                store.forEachUnreferencedMark(fp -> {
                    if (fp.length == FingerprintKind.BYTES) { // a mark of another length names no chunk record
                        zombies.add(Fingerprint.of(fingerprintKind, fp));
                    }
                });
                if (VERIFY_UNREFERENCED_MARKS) {
                    store.forEachChunk(c -> {
                        if (c.refCount() == 0 && !zombies.contains(Fingerprint.of(fingerprintKind, c.fingerprint()))) {
                            throw new IllegalStateException("chunk " + java.util.HexFormat.of().formatHex(c.fingerprint())
                                    + " has no references and no mark");
                        }
                    });
                }
            }
            if (!readEveryChunk && config.similarity() && STORED_REFERENCES > 0) {
                // The chunks without references are known: read chunks only until the references are registered.
                store.forEachChunkWhile(c -> {
                    visit.accept(c);
                    return storedReferences.size() < STORED_REFERENCES;
                });
            }
            sweepZombiesLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks in {@code into} the slots the committed stripes hold (on drives not out of the array);
     * returns whether a stripe has a missing shard.
     */
    private boolean scanStripes(SlotAllocator[] into) throws IOException {
        boolean[] degraded = {false};
        store.forEachStripe(s -> {
            degraded[0] |= s.missingShards() > 0;
            for (int i = 0; i < s.width(); i++) {
                if (s.stored(i) && driveRecords[s.drives()[i]].state() != DriveState.OUT) {
                    into[s.drives()[i]].markUsed(s.slots()[i]);
                }
            }
        });
        return degraded[0];
    }

    /** The metadata key of page {@code page} of drive {@code drive}'s saved slot map. */
    private static String slotPageKey(int drive, int page) {
        return "slots/" + drive + "/" + page;
    }

    /**
     * Loads the slot maps the clean close saved, for every drive not out of the array, and checks each
     * against the used-slot count of its drive record; true when all loaded. A page missing or damaged,
     * or a count that disagrees, leaves every allocator empty again and answers false: the open reads
     * the stripe records instead.
     */
    private boolean loadSlotMaps() throws IOException {
        try {
            for (int d = 0; d < allocators.length; d++) {
                if (driveRecords[d].state() == DriveState.OUT) {
                    continue;
                }
                SlotAllocator a = allocators[d];
                for (int p = 0; p < a.pageCount(); p++) {
                    byte[] v = store.value(slotPageKey(d, p)).orElse(null);
                    if (v == null) {
                        throw new IllegalArgumentException("page " + p + " of drive " + d + "'s slot map is missing");
                    }
                    a.loadPage(p, v);
                }
                if (a.usedCount() != driveRecords[d].usedSlots()) {
                    throw new IllegalArgumentException("drive " + d + "'s slot map marks " + a.usedCount()
                            + " slots used, its drive record " + driveRecords[d].usedSlots());
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            for (int d = 0; d < allocators.length; d++) {
                allocators[d] = new SlotAllocator(config.slotsPerDrive());
            }
            return false;
        }
    }

    /**
     * Checks the slot maps against the stripe records (at open with {@link #VERIFY_SLOT_MAPS}; tests call
     * it too): a {@link CorruptDataException} names the first slot they disagree on.
     */
    void verifySlotMaps() throws IOException {
        lockSettled();
        try {
            SlotAllocator[] scanned = new SlotAllocator[allocators.length];
            for (int d = 0; d < scanned.length; d++) {
                scanned[d] = new SlotAllocator(config.slotsPerDrive());
            }
            boolean degraded = scanStripes(scanned);
            for (int d = 0; d < scanned.length; d++) {
                long diff = allocators[d].firstDifference(scanned[d]);
                if (diff >= 0) {
                    throw new CorruptDataException("the slot map of drive " + d + " disagrees with the stripe records"
                            + " at slot " + diff + " (map: " + (allocators[d].isUsed(diff) ? "used" : "free") + ")");
                }
            }
            if (degraded && !degradedSeen) {
                throw new CorruptDataException("a stripe is degraded but the clean close said none was");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether this open read every chunk record to find those without references. */
    boolean openedReadingEveryChunk() {
        return readEveryChunk;
    }

    /** Whether this open loaded the slot maps saved at the clean close (instead of reading every stripe record). */
    boolean openedWithSlotMaps() {
        return loadedSlotMaps;
    }

    /** The array's configuration. */
    public ArrayConfig config() {
        return config;
    }

    /** The array's folder. */
    public Path directory() {
        return dir;
    }

    /** Live counters; see {@link ArrayMetrics}. */
    public ArrayMetrics metrics() {
        return metrics;
    }

    /** An operation's hold on the array, released at the end of a try-with-resources. */
    private interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Every operation holds this (shared) while it runs; {@link #close} takes it exclusively, so it waits
     * for the operations in flight and no operation starts on released resources.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock usage =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Use release = () -> usage.readLock().unlock();

    /** Holds the array for one operation; a closed array is refused with a typed error. */
    private Use use() throws FlashArrayException {
        usage.readLock().lock();
        if (closed) {
            usage.readLock().unlock();
            throw new FlashArrayException("the array in " + dir + " is closed");
        }
        return release;
    }

    /**
     * Closes the array: waits for the operations in flight on other threads (a put or get finishes, and
     * a rebuild or scrub runs to its end), then releases the drives, the metadata store and the native
     * memory; later calls fail with a {@link FlashArrayException} saying the array is closed. Calling it
     * from inside an operation of this array (a progress listener, a put's source, a get's sink) is an
     * {@link IllegalStateException}: it would wait for itself.
     */
    @Override
    public void close() throws IOException {
        if (usage.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() called from inside an operation of the array in " + dir
                    + " (a listener, source or sink): it would wait for that operation to end");
        }
        usage.writeLock().lock();
        try {
            closeLocked();
        } finally {
            usage.writeLock().unlock();
        }
    }

    private void closeLocked() throws IOException {
        lockSettled();
        try {
            if (closed) {
                return;
            }
            markCleanClose();
            closed = true;
            // First, so a failure below cannot keep them; puts still running free theirs as they end.
            for (PutBuffers b; (b = idlePutBuffers.poll()) != null; ) {
                b.close();
            }
            for (ReadBuffers b; (b = idleReadBuffers.poll()) != null; ) {
                b.close();
            }
            stageOne.shutdownNow();
            encoders.shutdownNow();
            getters.shutdownNow();
            drives.close();
            store.close();
            for (ChunkCodec c : codecs.values()) {
                c.close();
            }
            codecs.clear();
            references.close();
            synchronized (storedReferences) {
                for (StoredReferenceReader r : referenceReaderList) {
                    r.close();
                }
                referenceReaderList.clear();
            }
            for (io.flashcore.reduction.compress.RecordCodec c; (c = idleEncoders.poll()) != null; ) {
                c.close();
            }
            dictionaries.close();
            openArena.close();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sweeps what is left to sweep and, when no chunk record without references remains, notes in the
     * metadata that the array was closed so (the clean-close mark): the next open then need not read
     * every chunk record to find such leftovers, only enough of them to register its delta references
     * (at most {@code flashcore.array.similarityReferences} of them, instead of all: ~0.3 µs each in a
     * one-shot command, ~30 s per 100 million chunks). When the allocators hold exactly the slots of
     * the committed stripes, the mark's batch also saves the pages of the drives' slot maps changed
     * since they were loaded or saved, and the next open loads those instead of reading every stripe
     * record (checked against each drive record's used-slot count; anything amiss and it reads them).
     * Best effort: without the mark the next open reads them all, as after a crash.
     */
    private void markCleanClose() {
        try {
            if (activePuts == 0) {
                sweepZombiesLocked();
            }
            if (activePuts != 0 || !zombies.isEmpty() || !pending.isEmpty()) {
                return;
            }
            // Slot maps only when the allocators hold exactly what the committed stripes do.
            boolean maps = SAVE_SLOT_MAPS && pendingStripes.isEmpty() && freeAfterCommit.isEmpty() && inflight == null;
            try (MetadataBatch b = store.batch()) {
                if (maps) {
                    for (int d = 0; d < allocators.length; d++) {
                        for (int p : allocators[d].dirtyPages()) {
                            b.putValue(slotPageKey(d, p), allocators[d].page(p));
                        }
                    }
                    putDriveRecords(b); // the used-slot counts the open checks the maps against
                }
                int flags = (maps ? CLOSED_WITH_SLOT_MAPS : 0) | (degradedSeen ? CLOSED_DEGRADED : 0);
                b.putValue(CLEAN_CLOSE_KEY, new byte[] {CLEAN_CLOSE_FORMAT, 1, (byte) flags});
                store.commit(b, true);
            }
            if (maps) {
                for (SlotAllocator a : allocators) {
                    a.markPersisted();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The next open reads every chunk record instead.
        }
    }

    /**
     * The flags of the clean-close mark (see {@link #markCleanClose}; 0 for a format-1 mark) when the
     * array was closed cleanly, else -1. The mark is cleared, durably, before the open goes on, so a
     * crash from here on leaves no mark behind.
     */
    private int takeCleanCloseMark() throws IOException {
        byte[] v = store.value(CLEAN_CLOSE_KEY).orElse(null);
        if (v == null) {
            return -1;
        }
        int flags = -1;
        if (v.length == 2 && v[0] == 1 && v[1] == 1) {
            flags = 0;
        } else if (v.length == 3 && v[0] == CLEAN_CLOSE_FORMAT && v[1] == 1) {
            flags = v[2] & 0xff;
        }
        if (v.length != 3 || v[0] != CLEAN_CLOSE_FORMAT || v[1] != 0) {
            try (MetadataBatch b = store.batch()) {
                b.putValue(CLEAN_CLOSE_KEY, new byte[] {CLEAN_CLOSE_FORMAT, 0, 0});
                store.commit(b, true);
            }
        }
        return flags;
    }

    /** Whether this open found the clean-close mark (and so read chunk records only for its references). */
    boolean openedAfterCleanClose() {
        return closedCleanly;
    }

    private void ensureOpen() throws FlashArrayException {
        if (closed) {
            throw new FlashArrayException("the array in " + dir + " is closed");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 4096 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("object name must be 1 to 4096 characters without NUL, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
    }

    // ------------------------------------------------------------------ put

    /**
     * Stores the bytes of {@code source} (read to its end, not closed) as object {@code name},
     * replacing any object of that name. When this returns, the object is durable: its shards are
     * on the drives and its metadata committed. On any failure nothing of it is visible.
     *
     * @return the stored object's description
     */
    public ObjectInfo put(String name, InputStream source) throws IOException {
        return put(name, source, ProgressListener.NONE);
    }

    /** {@link #put(String, InputStream)}, reporting bytes read to {@code listener}. */
    public ObjectInfo put(String name, InputStream source, ProgressListener listener) throws IOException {
        return put(name, Source.of(source), listener);
    }

    /**
     * As {@link #put(String, InputStream)}, reading {@code source} (to its end, not closed) straight
     * into the put's native window: a {@link java.nio.channels.FileChannel} is read without the
     * heap copies an {@code InputStream} needs.
     */
    public ObjectInfo put(String name, ReadableByteChannel source) throws IOException {
        return put(name, source, ProgressListener.NONE);
    }

    /** {@link #put(String, ReadableByteChannel)}, reporting bytes read to {@code listener}. */
    public ObjectInfo put(String name, ReadableByteChannel source, ProgressListener listener) throws IOException {
        return put(name, Source.of(source), listener);
    }

    private ObjectInfo put(String name, Source source, ProgressListener listener) throws IOException {
        try (Use _ = use()) {
            checkName(name);
            beginPut();
            try {
                Ingested in = ingest(name, source, listener);
                commitGrouped(new CommitRequest(in));
                metrics.puts.increment();
                metrics.bytesPut.add(in.record().logicalBytes());
                return info(in.record());
            } finally {
                endPut();
            }
        }
    }

    /**
     * A batch of puts made durable and visible together by one commit: many small objects then
     * cost one stripe rewrite and one fdatasync per drive instead of one per object.
     *
     * <p>Not thread-safe: one thread fills a batch (other threads may use the array meanwhile).
     * Close it after {@link #commit()}; closing an uncommitted batch discards it (nothing of it
     * becomes visible).
     */
    public final class PutBatch implements AutoCloseable {
        private final List<Ingested> items = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private boolean done;

        private PutBatch() throws IOException {
            beginPut();
        }

        /**
         * Reads {@code source} to its end (not closed) and stages it as object {@code name}; the
         * object becomes visible and durable only at {@link #commit()}.
         */
        public ObjectInfo put(String name, InputStream source) throws IOException {
            return put(name, Source.of(source));
        }

        /** As {@link #put(String, InputStream)}, reading a channel as {@link FlashArray#put(String, ReadableByteChannel)} does. */
        public ObjectInfo put(String name, ReadableByteChannel source) throws IOException {
            return put(name, Source.of(source));
        }

        private ObjectInfo put(String name, Source source) throws IOException {
            try (Use _ = use()) {
                checkName(name);
                if (done) {
                    throw new IllegalStateException("the batch is already committed or closed");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException("object '" + name + "' is already in this batch");
                }
                Ingested in = ingest(name, source, ProgressListener.NONE);
                items.add(in);
                return info(in.record());
            }
        }

        /** Objects staged so far. */
        public int size() {
            return items.size();
        }

        /** Makes every staged object durable and visible at once; returns them. */
        public List<ObjectInfo> commit() throws IOException {
            try (Use _ = use()) {
                if (done) {
                    throw new IllegalStateException("the batch is already committed or closed");
                }
                Map<Fingerprint, Long> refs = new HashMap<>();
                List<ObjectRecord> records = new ArrayList<>();
                for (Ingested in : items) {
                    in.refs().forEach((k, v) -> refs.merge(k, v, Long::sum));
                    records.add(in.record());
                }
                lockSettled();
                try {
                    ensureOpen();
                    commitLocked(records, null, refs);
                } finally {
                    lock.unlock();
                }
                done = true;
                endPut();
                List<ObjectInfo> out = new ArrayList<>();
                for (ObjectRecord r : records) {
                    metrics.puts.increment();
                    metrics.bytesPut.add(r.logicalBytes());
                    out.add(info(r));
                }
                return out;
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                endPut();
            }
        }
    }

    /** A new, empty batch of puts. */
    public PutBatch batch() throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            return new PutBatch();
        }
    }

    private void beginPut() throws IOException {
        ensureOpen();
        lock.lock(); // only the count: no stripe state is looked at
        try {
            ensureOpen();
            activePuts++;
        } finally {
            lock.unlock();
        }
    }

    private void endPut() {
        lock.lock();
        try {
            activePuts--;
        } finally {
            lock.unlock();
        }
    }

    /** An object read, chunked, reduced and packed, but not committed yet. */
    private record Ingested(ObjectRecord record, Map<Fingerprint, Long> refs) {
    }

    /** A put waiting for its commit. */
    private static final class CommitRequest {
        final Ingested in;
        volatile boolean done;
        volatile Exception failure;

        CommitRequest(Ingested in) {
            this.in = in;
        }
    }

    /** Puts that have ingested and wait for a commit, oldest first. Guarded by itself, as is {@link #committing}. */
    private final ArrayDeque<CommitRequest> commitQueue = new ArrayDeque<>();
    /** Whether a thread is committing a group of queued puts. */
    private boolean committing;

    /**
     * Commits one put, together with the puts that queue up meanwhile (group commit): one thread at a
     * time commits every queued put at once — one stripe rewrite, one fdatasync per drive, one metadata
     * write — while the others wait for it, so concurrent puts do not each wait for their own syncs in
     * turn. A group never holds two puts of one name (the later one waits for the next group, so the
     * later put still wins). When a group's commit fails, its puts are committed one by one, each
     * getting its own outcome, so one put's failure is not another's. Waiting is not cut short by
     * interrupts: a queued put is committed either way, and its caller learns the outcome.
     */
    private void commitGrouped(CommitRequest mine) throws IOException {
        boolean interrupted = false;
        synchronized (commitQueue) {
            commitQueue.add(mine);
        }
        try {
            for (;;) {
                List<CommitRequest> group = new ArrayList<>();
                synchronized (commitQueue) {
                    while (committing && !mine.done) {
                        try {
                            commitQueue.wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        break;
                    }
                    committing = true;
                    Set<String> names = new HashSet<>();
                    while (!commitQueue.isEmpty() && names.add(commitQueue.peekFirst().in.record().name())) {
                        group.add(commitQueue.pollFirst());
                    }
                }
                try {
                    lockSettled();
                    try {
                        commitGroupLocked(group);
                    } finally {
                        lock.unlock();
                    }
                } catch (RuntimeException | Error e) {
                    for (CommitRequest r : group) {
                        if (!r.done) {
                            r.failure = e instanceof RuntimeException re ? re
                                    : new FlashArrayException("commit of '" + r.in.record().name() + "' failed: " + e, e);
                            r.done = true;
                        }
                    }
                    if (e instanceof Error err) {
                        throw err;
                    }
                } finally {
                    synchronized (commitQueue) {
                        committing = false;
                        commitQueue.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure instanceof IOException io) {
            throw io;
        }
        if (mine.failure instanceof RuntimeException re) {
            throw re;
        }
    }

    private void commitGroupLocked(List<CommitRequest> group) {
        List<ObjectRecord> records = new ArrayList<>(group.size());
        Map<Fingerprint, Long> refs = new HashMap<>();
        for (CommitRequest r : group) {
            records.add(r.in.record());
            r.in.refs().forEach((k, v) -> refs.merge(k, v, Long::sum));
        }
        try {
            ensureOpen();
            commitReleasingLocked(records, refs);
            for (CommitRequest r : group) {
                r.done = true;
            }
            if (group.size() > 1) {
                metrics.groupCommits.increment();
                metrics.putsGroupCommitted.add(group.size());
            }
            return;
        } catch (IOException | RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).failure = e;
                group.get(0).done = true;
                return;
            }
            // Nothing of the group was committed: each put tries on its own below.
        }
        for (CommitRequest r : group) {
            try {
                ensureOpen();
                commitLocked(List.of(r.in.record()), null, r.in.refs());
            } catch (IOException | RuntimeException e) {
                r.failure = e;
            }
            r.done = true;
        }
    }

    /**
     * Chunks, fingerprints, deduplicates, reduces and packs {@code source}; commits nothing.
     *
     * <p>Two stages overlap: a helper thread reads the next window of the stream, cuts it into
     * chunks and fingerprints them, while the calling thread deduplicates, compresses and packs
     * the window before it. Reduction stays on the calling thread, so its delta references and
     * decisions follow the stream's order exactly.
     */
    private Ingested ingest(String name, Source source, ProgressListener listener) throws IOException {
        Cutter cutter = cutters.poll();
        if (cutter == null) {
            cutter = new Cutter(ChunkCodec.chunkerSpec(config), fingerprintKind);
        }
        PutBuffers buffers = idlePutBuffers.poll();
        if (buffers == null) {
            buffers = new PutBuffers();
        }
        PutState st = new PutState(buffers);
        try {
            ChunkCodec c = codec.get();
            Cutter cut = cutter;
            cut.chunker.reset();
            Window[] w = st.windows;
            WindowHandOff handOff = st.handOff;
            // The first window is filled here: this thread has nothing to overlap it with, and a put of
            // one window (most objects) then needs no hand-off at all.
            Window filled;
            try {
                filled = cut.fill(w[0], null, source);
            } catch (RuntimeException e) {
                throw sourceFailed(name, e);
            }
            classify(filled);
            for (int i = 1; ; i++) {
                Window other = w[i % 2];
                if (!filled.eof) {
                    // The helper only reads the tail after the last cut, which this thread never touches.
                    Window prev = filled;
                    handOff.start(stageOne, () -> classify(cut.fill(other, prev, source)));
                }
                try {
                    reduceWindow(st, filled, c, name);
                } catch (IOException | RuntimeException e) {
                    if (!filled.eof) {
                        handOff.awaitQuietly(); // the helper writes into this put's buffers
                    }
                    throw e;
                }
                listener.progress("put", filled.streamEnd, -1);
                if (filled.eof) {
                    break;
                }
                try {
                    filled = handOff.take();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err; // an OutOfMemoryError of the helper is the embedding process's to see
                    }
                    throw sourceFailed(name, e.getCause());
                }
            }
            ObjectRecord rec = new ObjectRecord(name, st.logical, System.currentTimeMillis(), FingerprintKind.BYTES,
                    Arrays.copyOf(st.fps, st.chunkCount * FingerprintKind.BYTES), st.lengths.toIntArray());
            return new Ingested(rec, st.refs);
        } finally {
            // A stage-one helper may still fill and classify the next window (the put failed, or its
            // progress listener threw), and workers may still encode a window the put did not reach:
            // both write into these buffers, so they stop before the buffers go back to the pool.
            buffers.handOff.awaitQuietly();
            for (Window x : buffers.windows) {
                finishAhead(x);
            }
            if (st.packing) { // set under the lock by this thread
                lock.lock();
                try {
                    packingPuts.remove(st);
                } finally {
                    lock.unlock();
                }
            }
            cutters.add(cutter);
            releasePutBuffers(buffers);
        }
    }

    private static FlashArrayException sourceFailed(String name, Throwable cause) {
        return new FlashArrayException("reading the stream of '" + name + "' failed: " + cause, cause);
    }

    /**
     * Hands the windows a put's stage-one helper fills to the putting thread: one slot (at most one
     * window is in flight), waited on with Agrona's backoff idle strategy (spin, yield, then park); the
     * helper unparks the putting thread when it hands over, so a park ends as soon as the window is
     * ready. (Agrona's array queues would need {@code --add-opens java.base/jdk.internal.misc} of every
     * application embedding the array; a single slot needs no queue.) Reused with its {@link PutBuffers}.
     */
    static final class WindowHandOff {
        /** The filled window, or the helper's failure (a {@code Throwable}) in its place; null while it works. */
        private final java.util.concurrent.atomic.AtomicReference<Object> slot =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final org.agrona.concurrent.IdleStrategy idle =
                new org.agrona.concurrent.BackoffIdleStrategy(64, 16, 1_000, 1_000_000);
        private volatile Thread waiter;
        private boolean pending;

        /** Runs {@code fill} on {@code pool}; its window (or failure) is what the next {@link #take} returns. */
        void start(java.util.concurrent.Executor pool, java.util.concurrent.Callable<Window> fill) {
            waiter = Thread.currentThread();
            pending = true;
            try {
                pool.execute(() -> {
                    Object result;
                    try {
                        result = fill.call();
                    } catch (Throwable t) {
                        // Handed over as it is: wrapping it would allocate, and an OutOfMemoryError thrown
                        // here instead would end this thread with the putting thread waiting for ever.
                        result = t;
                    }
                    slot.set(result); // empty: one window in flight at a time
                    java.util.concurrent.locks.LockSupport.unpark(waiter);
                });
            } catch (RuntimeException e) {
                pending = false;
                throw e;
            }
        }

        /**
         * The window the helper filled, waiting for it; its failure as an {@code ExecutionException}.
         * An interrupt does not end the wait (the helper writes into the put's memory): the put then
         * fails with an {@code InterruptedIOException} once the helper is done, the interrupt kept.
         */
        Window take() throws IOException, java.util.concurrent.ExecutionException {
            boolean interrupted = false;
            Object o;
            idle.reset();
            while ((o = slot.get()) == null) {
                idle.idle();
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            slot.set(null); // the one consumer empties the slot for the next window
            pending = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("put interrupted while its stream was being read");
            }
            if (o instanceof Throwable t) {
                throw new java.util.concurrent.ExecutionException(t);
            }
            return (Window) o;
        }

        /** After a failure of the put: waits for a helper still filling a window, ignoring its outcome. */
        void awaitQuietly() {
            if (!pending) {
                return;
            }
            try {
                take();
            } catch (IOException | java.util.concurrent.ExecutionException ignored) {
                // The put already failed; the helper's own outcome no longer matters.
            }
        }
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<ReadBuffers> idleReadBuffers =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The memory of a {@link ReadContext}: its stripe frames and chunk buffers, kept for the next one. */
    private final class ReadBuffers implements PooledBuffers {
        final Arena arena = Arena.ofShared(); // read contexts run on get threads; any thread may free them
        final List<Frame> frames = new ArrayList<>();
        final MemorySegment stored = arena.allocate(ChunkCodec.maxStored(config.maxChunk()) + 64L, 64);
        final MemorySegment basePlain = arena.allocate(config.maxChunk(), 64);
        final MemorySegment deltaStored = arena.allocate(stored.byteSize(), 64);

        @Override
        public void close() {
            arena.close();
        }
    }

    /** Native buffers kept in a pool between uses; closing frees them. */
    private interface PooledBuffers extends AutoCloseable {
        @Override
        void close();
    }

    /** Keeps a finished read's buffers for the next read, or frees them when enough are kept or the array is closed. */
    private void releaseReadBuffers(ReadBuffers buffers) {
        for (Frame f : buffers.frames) {
            f.stripe = null;
            Arrays.fill(f.loaded, false);
        }
        keepOrFree(idleReadBuffers, MAX_IDLE_READ_BUFFERS, buffers);
    }

    /** Keeps a finished put's buffers for the next put, or frees them when enough are kept or the array is closed. */
    private void releasePutBuffers(PutBuffers buffers) {
        keepOrFree(idlePutBuffers, MAX_IDLE_PUT_BUFFERS, buffers);
    }

    private <T extends PooledBuffers> void keepOrFree(java.util.Queue<T> pool, int most, T buffers) {
        if (closed || pool.size() >= most) {
            buffers.close();
            return;
        }
        pool.add(buffers);
        if (closed && pool.remove(buffers)) {
            buffers.close(); // close() drained the pool before this one arrived
        }
    }

    /** Stage one of a put: a chunker and a fingerprinter, used by one put at a time. */
    private static final class Cutter {
        final io.flashcore.reduction.chunk.Chunker chunker;
        final io.flashcore.reduction.hash.Fingerprinter fingerprinter;
        final byte[] heap = new byte[1 << 16];

        Cutter(io.flashcore.reduction.chunk.ChunkerSpec spec, FingerprintKind kind) {
            this.chunker = io.flashcore.reduction.chunk.Chunkers.of(spec);
            this.fingerprinter = kind.newFingerprinter();
        }

        /**
         * Fills {@code w}: the uncut tail of {@code prev} (if any), then the stream; cuts chunks and
         * fingerprints every complete one.
         */
        Window fill(Window w, Window prev, Source source) throws IOException {
            int carry = 0;
            long streamPos = 0;
            if (prev != null) {
                carry = prev.filled - prev.done;
                MemorySegment.copy(prev.data, prev.done, w.data, 0, carry);
                streamPos = prev.streamEnd;
            }
            int filled = carry;
            boolean eof = false;
            while (filled < w.data.byteSize()) {
                int n = source.read(w.data, filled, (int) Math.min(Integer.MAX_VALUE, w.data.byteSize() - filled),
                        heap);
                if (n < 0) {
                    eof = true;
                    break;
                }
                filled += n;
            }
            long windowStart = streamPos - carry;
            w.cuts.clear();
            ChunkSink sink = (off, len) -> w.cuts.addInt((int) (off - windowStart + len));
            chunker.update(w.data.asSlice(carry, filled - carry), sink);
            if (eof) {
                chunker.finish(sink);
            }
            int n = w.cuts.size();
            if (w.lens.length < n) {
                w.lens = new int[Math.max(n, 2 * w.lens.length)];
            }
            int prevEnd = 0;
            for (int i = 0; i < n; i++) {
                int end = w.cuts.getInt(i);
                w.lens[i] = end - prevEnd;
                prevEnd = end;
            }
            if (n > 0) {
                fingerprinter.fingerprintConsecutive(w.data, 0, w.lens, 0, n, w.fpOut, 0);
            }
            w.count = n;
            w.done = prevEnd;
            w.filled = filled;
            w.streamEnd = windowStart + filled;
            w.eof = eof;
            return w;
        }
    }

    /** Where a put's bytes come from: an {@code InputStream} (through a heap buffer) or a channel (directly). */
    private interface Source {
        /**
         * Reads up to {@code max} bytes into {@code dst} at {@code offset}; returns how many, or -1 at the end.
         * {@code heap} is scratch for sources that need a heap buffer.
         */
        int read(MemorySegment dst, long offset, int max, byte[] heap) throws IOException;

        static Source of(InputStream in) {
            java.util.Objects.requireNonNull(in, "source");
            if (in.getClass() == java.io.FileInputStream.class) {
                // Its channel shares the stream's position: read it directly, without the heap copy.
                return of(((java.io.FileInputStream) in).getChannel());
            }
            return (dst, offset, max, heap) -> {
                int n = in.read(heap, 0, Math.min(heap.length, max));
                if (n > 0) {
                    MemorySegment.copy(heap, 0, dst, ValueLayout.JAVA_BYTE, offset, n);
                }
                return n;
            };
        }

        static Source of(ReadableByteChannel ch) {
            java.util.Objects.requireNonNull(ch, "source");
            return (dst, offset, max, heap) -> {
                // Native window memory: a FileChannel reads into it without a temporary buffer.
                java.nio.ByteBuffer b = dst.asSlice(offset, max).asByteBuffer();
                int n;
                while ((n = ch.read(b)) == 0) {
                    Thread.yield(); // a non-blocking channel with nothing to read yet
                }
                return n;
            };
        }
    }

    /** One window of a put's stream: bytes, the chunks cut in it and their fingerprints. */
    static final class Window {
        final MemorySegment data;
        final MemorySegment fpOut;
        final IntArrayList cuts = new IntArrayList();
        int[] lens = new int[1024];
        int count;
        int done;
        int filled;
        long streamEnd;
        boolean eof;

        /** Encodes this window's new chunks ahead on other cores; null when the array runs puts on one thread. */
        final EncodeAhead ahead;
        /** Set by {@link #classify}: each chunk's fingerprint. */
        Fingerprint[] fps = new Fingerprint[0];
        /** The chunks {@link #classify} found new, in window order: offset, length and chunk index. */
        long[] newOffsets = new long[256];
        int[] newLengths = new int[256];
        int[] newIndexes = new int[256];
        int newCount;

        Window(MemorySegment data, MemorySegment fpOut, EncodeAhead ahead) {
            this.data = data;
            this.fpOut = fpOut;
            this.ahead = ahead;
        }
    }

    /**
     * Dedup for window {@code w} just filled, on the thread that filled it (stage one, off the putting
     * thread): a chunk is known when it came earlier in the window, is pending or is stored. That
     * holds until the put ends — no chunk record is swept while a put is in flight — so the putting
     * thread takes it as its decision; a chunk found new here it checks against the pending chunks
     * once more (an earlier window of the put or another put may have added it meanwhile). The new
     * chunks start encoding ahead at once, from the window's end, while the putting thread is still
     * on the window before: a worker that has met the putting thread in that window goes on here.
     */
    private Window classify(Window w) throws IOException {
        int n = w.count;
        if (w.fps.length < n) {
            w.fps = new Fingerprint[Math.max(n, 2 * w.fps.length)];
        }
        Set<Fingerprint> seenHere = new HashSet<>();
        int fresh = 0;
        long pos = 0;
        int[] lens = w.lens;
        for (int i = 0; i < n; i++) {
            Fingerprint fp = Fingerprint.of(fingerprintKind, w.fpOut, (long) i * FingerprintKind.BYTES);
            w.fps[i] = fp;
            if (seenHere.add(fp) && !pending.containsKey(fp) && store.chunk(fp.toByteArray()).isEmpty()) {
                if (fresh == w.newOffsets.length) {
                    w.newOffsets = Arrays.copyOf(w.newOffsets, 2 * fresh);
                    w.newLengths = Arrays.copyOf(w.newLengths, 2 * fresh);
                    w.newIndexes = Arrays.copyOf(w.newIndexes, 2 * fresh);
                }
                w.newOffsets[fresh] = pos;
                w.newLengths[fresh] = lens[i];
                w.newIndexes[fresh] = i;
                fresh++;
            }
            pos += lens[i];
        }
        w.newCount = fresh;
        if (w.ahead != null && fresh > 0) {
            w.ahead.start(w.data, w.newOffsets, w.newLengths, w.newIndexes, fresh);
        }
        return w;
    }

    /** Stops window {@code w}'s encode-ahead workers (idempotent) and counts what they encoded. */
    private void finishAhead(Window w) {
        EncodeAhead ahead = w.ahead;
        if (ahead == null) {
            return;
        }
        long e0 = ahead.encodedAhead();
        long u0 = ahead.usedAhead();
        long s0 = ahead.skippedAhead();
        ahead.finish();
        long e = ahead.encodedAhead() - e0;
        metrics.recordsEncodedAhead.add(e);
        metrics.recordsEncodedAheadUnused.add(e - (ahead.usedAhead() - u0));
        metrics.recordsSkippedAhead.add(ahead.skippedAhead() - s0);
    }

    /**
     * The native memory of one put: two input windows with an encode-ahead area each and the staged
     * records, about 6 window sizes (~25 MiB). Allocating and zeroing it for every put cost a 256 KiB put a
     * quarter of its CPU, so a finished put leaves it for the next ({@link #MAX_IDLE_PUT_BUFFERS} are
     * kept); the array's close frees them.
     */
    private final class PutBuffers implements PooledBuffers {
        private final Arena arena = Arena.ofShared();
        final WindowHandOff handOff = new WindowHandOff();
        final Window[] windows = new Window[2];
        final MemorySegment staged;

        PutBuffers() {
            long windowBytes = WINDOW_BYTES + config.maxChunk();
            int maxChunks = (int) (windowBytes / Math.max(64, Math.min(config.minChunk(), 4096))) + 2;
            for (int i = 0; i < 2; i++) {
                // Each window has its own encode-ahead area: the next window's new chunks are encoded
                // while the putting thread still copies records of the current one.
                EncodeAhead ahead = ENCODE_THREADS == 0 ? null
                        : new EncodeAhead(zeroed(EncodeAhead.areaBytes(windowBytes, maxChunks)), encoders,
                                ENCODE_THREADS, idleEncoders, FlashArray.this::newRecordCodec,
                                config.similarity() ? FlashArray.this::newSketcher : null,
                                sketch -> similarity.find(sketch) != SimilarityIndex.NONE);
                windows[i] = new Window(zeroed(windowBytes), zeroed((long) maxChunks * FingerprintKind.BYTES), ahead);
            }
            // zstd's bound is the input plus about 1/256 and a small constant per frame.
            // Twice the bound: a delta whose base vanished is re-encoded plainly next to it.
            staged = zeroed(2 * (windowBytes + windowBytes / 64 + 512L * maxChunks));
        }

        /**
         * {@code bytes} of zeroed, page-aligned memory that costs only the pages a put touches: an
         * anonymous mapping, backed as it is first written. A set is ~25 MiB and puts beyond the idle
         * sets kept get new ones: zeroing all of it (as {@link Arena#allocate} does) for a 256 KiB put
         * took a fifth of the CPU of 16 threads putting such objects.
         */
        private MemorySegment zeroed(long bytes) {
            if (!io.flashcore.nativeio.AnonymousMemory.isAvailable()) {
                return arena.allocate(bytes, 4096);
            }
            long mapped = (bytes + 4095) & -4096L;
            return io.flashcore.nativeio.AnonymousMemory.map(mapped, false, arena).asSlice(0, bytes);
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    /** Chunks one object can have: its recipe's fingerprints are one array (about 1 TiB of 16 KiB chunks). */
    static final int MAX_OBJECT_CHUNKS = (Integer.MAX_VALUE - 8) / FingerprintKind.BYTES;
    /** The limit puts are held to: {@link #MAX_OBJECT_CHUNKS}, lowered by tests. */
    int maxObjectChunks = MAX_OBJECT_CHUNKS;
    /**
     * Heap one put holds per chunk of its object until its commit: the recipe, the reference counts, the
     * new chunks' pending records and the commit's maps. Measured ~700 bytes (similarity on: a 2 GB put
     * of 401 153 chunks needs 260–300 MB of heap, one of 200 792 chunks 130–160 MB).
     */
    static final int PUT_HEAP_BYTES_PER_CHUNK = 768;
    /** The share of the JVM's maximum heap one put may fill at {@link #PUT_HEAP_BYTES_PER_CHUNK} per chunk. */
    static final double PUT_HEAP_FRACTION = 0.6;
    /** The JVM's maximum heap in bytes (what the heap limit of a put is worked out from). */
    static final long MAX_HEAP = Runtime.getRuntime().maxMemory();
    /**
     * The most chunks one put may reach before it is refused with an {@link ObjectTooLargeException} that
     * names the heap, rather than an {@link OutOfMemoryError} taking down the embedding process: 60 % of
     * the maximum heap at {@link #PUT_HEAP_BYTES_PER_CHUNK} each (6 GiB: ~5 million chunks, ~77 GiB at
     * 16 KiB). {@code -Dflashcore.array.maxPutChunks} sets it; tests lower it.
     */
    long heapChunkLimit = Long.getLong("flashcore.array.maxPutChunks",
            (long) (PUT_HEAP_FRACTION * MAX_HEAP / PUT_HEAP_BYTES_PER_CHUNK));

    /** Per-put state: the buffers (pooled), the new chunks of the current window and the growing recipe. */
    private static final class PutState {
        final WindowHandOff handOff;
        final Window[] windows;
        final MemorySegment staged;
        final IntArrayList lengths = new IntArrayList();
        final Map<Fingerprint, Long> refs = new HashMap<>();
        byte[] fps = new byte[1024 * FingerprintKind.BYTES];
        int chunkCount;
        long logical;
        /** The stripes this put packed chunks into (guarded by the array's lock). */
        final org.agrona.collections.LongHashSet stripes = new org.agrona.collections.LongHashSet();
        /** Whether this put is among the array's packing puts (set at its first packing, under the lock). */
        boolean packing;
        /** The first stripe of this put whose pending chunks a failed write dropped, or null (under the lock). */
        DroppedStripe dropped;

        PutState(PutBuffers buffers) {
            handOff = buffers.handOff;
            windows = buffers.windows;
            staged = buffers.staged;
        }

        /** Adds a chunk; the caller keeps {@link #chunkCount} within {@link #MAX_OBJECT_CHUNKS}. */
        void addToRecipe(MemorySegment fp, long fpOffset, int length) {
            if ((chunkCount + 1) * FingerprintKind.BYTES > fps.length) {
                fps = Arrays.copyOf(fps, (int) Math.min(2L * fps.length, (long) MAX_OBJECT_CHUNKS * FingerprintKind.BYTES));
            }
            MemorySegment.copy(fp, ValueLayout.JAVA_BYTE, fpOffset, fps, chunkCount * FingerprintKind.BYTES,
                    FingerprintKind.BYTES);
            chunkCount++;
            lengths.addInt(length);
            logical += length;
        }
    }

    /** The fingerprint of delta reference {@code id} when it was registered from the metadata at open, else null. */
    private byte[] storedReferenceFingerprint(long id) {
        synchronized (storedReferences) {
            return storedReferences.get(id);
        }
    }

    /**
     * The bytes of delta reference {@code id} registered from the metadata at open, read back from
     * the array (valid until this thread's next call), or null when it is not such a reference,
     * no longer stored plainly, or cannot be read (the chunk is then simply not stored as a delta).
     */
    private MemorySegment resolveStoredReference(long id) {
        byte[] fp = storedReferenceFingerprint(id);
        if (fp == null) {
            return null;
        }
        try {
            ChunkRecord rec = store.chunk(fp).orElse(null);
            if (rec == null || rec.encoding() == ChunkEncoding.DELTA || rec.logicalLength() > config.maxChunk()) {
                return null;
            }
            StoredReferenceReader r = referenceReaders.get();
            int n = r.context.decode(codec.get().records, rec, r.plain);
            return r.plain.asSlice(0, n);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private ReadContext newSingleChunkContext(Arena arena) {
        ReadContext c = new ReadContext(null, arena);
        c.readAhead = false; // one chunk at a time, anywhere in the array
        return c;
    }

    /** Reads stored reference chunks for one putting thread; closed with the array. */
    private final class StoredReferenceReader implements AutoCloseable {
        final Arena arena = Arena.ofShared();
        final ReadContext context = newSingleChunkContext(arena);
        final MemorySegment plain = arena.allocate(config.maxChunk(), 64);

        @Override
        public void close() {
            arena.close();
        }
    }

    /** A new chunk compressed outside the lock, waiting to be packed. */
    private record StagedChunk(Fingerprint fp, long stagedOffset, int storedLength, int logicalLength,
                               ChunkEncoding encoding, byte[] base, int windowOffset, long[] sketch) {
    }

    /** Deduplicates, reduces and packs the chunks of window {@code w} (cut and fingerprinted by stage one). */
    private void reduceWindow(PutState st, Window w, ChunkCodec c, String name) throws IOException {
        int n = w.count;
        if (n == 0) {
            return;
        }
        int[] lens = w.lens;
        long reached = (long) st.chunkCount + n;
        if (reached > maxObjectChunks) {
            throw new ObjectTooLargeException(name, reached, maxObjectChunks);
        }
        if (reached > heapChunkLimit) {
            throw ObjectTooLargeException.forHeap(name, reached, heapChunkLimit, MAX_HEAP, PUT_HEAP_BYTES_PER_CHUNK);
        }
        List<StagedChunk> fresh = new ArrayList<>();
        // Dedup was decided when the window was filled (classify); the recipe takes every chunk.
        for (int i = 0; i < n; i++) {
            st.addToRecipe(w.fpOut, (long) i * FingerprintKind.BYTES, lens[i]);
            st.refs.merge(w.fps[i], 1L, Long::sum);
        }
        metrics.chunksDeduplicated.add(n - w.newCount);
        // Then reduce the new chunks in stream order, with their plain records encoded ahead on other cores.
        EncodeAhead ahead = w.ahead;
        long stagedPos = 0;
        try {
            for (int u = 0; u < w.newCount; u++) {
                Fingerprint fp = w.fps[w.newIndexes[u]];
                if (pending.containsKey(fp)) {
                    // Packed since the window was classified (an earlier window of this put, or another put).
                    metrics.chunksDeduplicated.increment();
                    if (ahead != null) {
                        ahead.claim(u); // a worker coming from the end stops here
                    }
                    continue;
                }
                int len0 = w.newLengths[u];
                MemorySegment out = st.staged.asSlice(stagedPos);
                MemorySegment chunk = w.data.asSlice(w.newOffsets[u], len0);
                boolean mine = ahead == null || ahead.claim(u);
                int uu = u;
                ReductionPipeline.PlainRecord plain = o -> {
                    int got = mine ? -1 : ahead.copy(uu, o);
                    return got >= 0 ? got : c.encode(chunk, o);
                };
                long id = nextReferenceId.getAndIncrement();
                Reduction r = c.pipeline.reduceUnique(chunk, id, out, plain, mine ? null : o -> ahead.sketch(uu, o));
                byte[] base = null;
                if (r.kind() == ReductionKind.DELTA) {
                    base = references.fingerprint(r.referenceId());
                    if (base == null) {
                        base = storedReferenceFingerprint(r.referenceId());
                    }
                    if (base == null) {
                        // The reference's fingerprint is no longer known here: store the chunk plainly.
                        r = null;
                    }
                }
                int len = r != null ? r.storedBytes() : plain.encode(out);
                long[] sketch = null;
                if (r != null && r.reference()) {
                    references.add(id, chunk, fp.toByteArray());
                    sketch = c.pipeline.lastSketch(); // persisted with the chunk: later processes find it too
                }
                fresh.add(new StagedChunk(fp, stagedPos, len, len0, ChunkCodec.encodingOf(out), base,
                        (int) w.newOffsets[u], sketch));
                stagedPos += len;
            }
        } finally {
            finishAhead(w);
        }
        if (!fresh.isEmpty()) {
            long bytes = 0;
            for (StagedChunk s : fresh) {
                // A delta whose base went away is stored plainly: at most its bytes and a record header.
                bytes += s.base() == null ? s.storedLength() : Math.max(s.storedLength(), s.logicalLength() + 4096L);
            }
            lockForPacking(bytes);
            try {
                ensureOpen();
                checkDroppedLocked(st, name);
                for (StagedChunk s : fresh) {
                    if (pending.containsKey(s.fp()) || store.chunk(s.fp().toByteArray()).isPresent()) {
                        // Another put stored it meanwhile.
                        metrics.chunksDeduplicated.increment();
                        continue;
                    }
                    if (s.base() != null && !usableBaseLocked(s.base())) {
                        // The delta's base went away (its stripe write failed): store this chunk plainly.
                        MemorySegment out = st.staged.asSlice(stagedPos);
                        int len = c.encode(w.data.asSlice(s.windowOffset(), s.logicalLength()), out);
                        st.stripes.add(packLocked(s.fp(), out.asSlice(0, len), s.logicalLength(),
                                ChunkCodec.encodingOf(out), null, null, name).stripe());
                        stagedPos += len;
                    } else {
                        st.stripes.add(packLocked(s.fp(), st.staged.asSlice(s.stagedOffset(), s.storedLength()),
                                s.logicalLength(), s.encoding(), s.base(), s.sketch(), name).stripe());
                        if (s.base() != null) {
                            metrics.chunksDelta.increment();
                        }
                    }
                    metrics.chunksNew.increment();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Fails put {@code st} (object {@code name}) when a stripe it packed chunks into was dropped (its write
     * failed beyond what the array can absorb): the put could only fail at its commit, so it stops now
     * rather than read and reduce the rest of its source. The first packing enrols the put for such marks.
     */
    private void checkDroppedLocked(PutState st, String name) throws FlashArrayException {
        if (!st.packing) {
            st.packing = true; // nothing of this put was packed before
            packingPuts.add(st);
            return;
        }
        DroppedStripe d = st.dropped;
        if (d != null) {
            throw new FlashArrayException("chunks of object '" + name + "' were lost before its commit (the write of"
                    + " stripe " + d.id() + " failed" + (d.cause() == null ? "" : ": " + d.cause().getMessage())
                    + "); the put was not stored", d.cause());
        }
    }

    /** True when {@code base} is stored (or pending) as a plain chunk a delta may depend on. */
    private boolean usableBaseLocked(byte[] base) throws IOException {
        ChunkRecord r = pending.get(Fingerprint.of(fingerprintKind, base));
        if (r == null) {
            r = store.chunk(base).orElse(null);
        }
        return r != null && r.encoding() != ChunkEncoding.DELTA;
    }

    // ------------------------------------------------------------------ stripes (all under lock)

    /** The stripe being filled: its placement, slots and in-memory data area. */
    private final class OpenStripe {
        final long id;
        final long epoch;
        long generation;
        final int[] drives;
        final long[] slots;
        final int[] crcs;
        final StripePacker packer;

        OpenStripe(long id, long epoch, int[] drives) {
            this.id = id;
            this.epoch = epoch;
            this.drives = drives;
            int w = drives.length;
            this.slots = new long[w];
            Arrays.fill(slots, StripeRecord.ZERO_SLOT);
            this.crcs = new int[w];
            this.packer = new StripePacker(config.k(), config.shardPayloadBytes(), openData);
            int zeroCrc = ShardHeader.crc(openData, 0, config.shardPayloadBytes());
            Arrays.fill(crcs, zeroCrc);
        }

        StripeRecord record(long liveBytes) {
            return record(packer.fill(), liveBytes);
        }

        /** The record of the stripe holding its first {@code dataBytes} bytes (what a write made durable). */
        StripeRecord record(int dataBytes, long liveBytes) {
            return new StripeRecord(id, epoch, generation, config.k(), config.m(), dataBytes, liveBytes,
                    drives.clone(), slots.clone(), crcs.clone());
        }
    }

    /** Appends stored bytes to the open stripe (sealing it and opening another when full) and records the chunk as pending. */
    private ChunkRecord packLocked(Fingerprint fp, MemorySegment stored, int logical, ChunkEncoding enc, byte[] base,
                                   long[] sketch, String object) throws IOException {
        if (stored.byteSize() > config.stripeDataBytes()) {
            throw new IllegalStateException("a stored chunk of " + stored.byteSize() + " bytes exceeds a stripe");
        }
        if (open == null) {
            openStripeLocked(object);
        }
        int at = open.packer.append(stored);
        if (at < 0) {
            flushOpenLocked(object);
            open = null;
            openStripeLocked(object);
            ChunkRecord meanwhile = pending.get(fp);
            if (meanwhile != null) {
                return meanwhile; // packed by another put while the flush waited for a commit's sync
            }
            at = open.packer.append(stored);
        }
        ChunkRecord rec = new ChunkRecord(fp.toByteArray(), open.id, at, (int) stored.byteSize(), logical, enc, base, 0,
                enc == ChunkEncoding.DELTA ? null : sketch);
        pending.put(fp, rec);
        pendingByStripe.computeIfAbsent(open.id, k -> new ArrayList<>()).add(fp);
        return rec;
    }

    private void openStripeLocked(String object) throws IOException {
        long id = totals.nextStripe();
        totals = totals.withNextStripe(id + 1);
        int[] d = layout.drivesFor(id);
        open = new OpenStripe(id, layout.epoch(), d);
        open.packer.reset(0, 0);
        for (int i = 0; i < d.length; i++) {
            if (!writableLocked(d[i])) {
                int s = substituteOrMissingLocked(d, open.slots, i, object, id);
                if (s >= 0) {
                    d[i] = s;
                } // else the shard stays with its down drive and is written missing (see flushOpenLocked)
            }
        }
    }

    /** True when a missing shard of open stripe {@code o} could be written now (its drive is back, or a substitute exists). */
    private boolean missingPlaceableLocked(OpenStripe o) {
        for (int i = 0; i < o.slots.length; i++) {
            if (o.slots[i] != StripeRecord.MISSING_SLOT) {
                continue;
            }
            if (writableLocked(o.drives[i])) {
                return true;
            }
            try {
                substituteLocked(o.drives.clone(), i, null, o.id);
                return true;
            } catch (ArrayFullException e) {
                // no drive for this one
            }
        }
        return false;
    }

    /**
     * Writes the missing shards of the open stripe (a degraded one) when drives can take them now and
     * no put is in flight: the stripe is rewritten and committed as any commit would.
     */
    private long placeOpenMissing() throws IOException {
        lockSettled();
        try {
            if (!closed && open != null && activePuts == 0 && missingPlaceableLocked(open)) {
                OpenStripe o = open;
                long before = Arrays.stream(o.slots).filter(x -> x == StripeRecord.MISSING_SLOT).count();
                commitLocked(List.of(), null, Map.of());
                long placed = Math.max(0, before - Arrays.stream(o.slots).filter(x -> x == StripeRecord.MISSING_SLOT).count());
                metrics.missingShardsPlaced.add(placed);
                return placed;
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** True when drive {@code d} can take a new shard: up, usable and not full. */
    private boolean writableLocked(int d) {
        return driveRecords[d].state() == DriveState.UP && drives.isUsable(d) && allocators[d].freeCount() > 0;
    }

    /** True when drive {@code d} is out of service (failed, out, or found unusable), not merely full. */
    private boolean downLocked(int d) {
        return driveRecords[d].state() != DriveState.UP || !drives.isUsable(d);
    }

    /**
     * Shards a new stripe may be written without: m - 1, so that it keeps at least one shard of
     * redundancy (none for m of 1 or 0: such an array takes no new data with a drive down).
     */
    private int maxMissingShards() {
        return Math.max(0, config.m() - 1);
    }

    /**
     * A drive for shard {@code pos} of a stripe on {@code current} (slots so far {@code slots})
     * whose own drive cannot take it: a substitute when one exists; otherwise -1, meaning the shard
     * is written missing (the stripe degraded), when its drive is out of service (not merely full)
     * and the stripe then still has at most {@link #maxMissingShards()} shards missing or on drives
     * that are down. Anything else is an {@link ArrayFullException}.
     */
    private int substituteOrMissingLocked(int[] current, long[] slots, int pos, String object, long stripe)
            throws ArrayFullException {
        try {
            return substituteLocked(current, pos, object, stripe);
        } catch (ArrayFullException e) {
            if (!downLocked(current[pos])) {
                throw e;
            }
            int missing = 1;
            for (int j = 0; j < current.length; j++) {
                if (j != pos && (slots[j] == StripeRecord.MISSING_SLOT || downLocked(current[j]))) {
                    missing++;
                }
            }
            if (missing > maxMissingShards()) {
                throw new ArrayFullException(e.getMessage() + "; written without it, the stripe would miss " + missing
                        + " of its " + current.length + " shards, and a new stripe keeps at least one shard of redundancy"
                        + " (at most " + maxMissingShards() + " missing)");
            }
            return -1;
        }
    }

    /** A drive for shard {@code pos} of a stripe on {@code current}: up, with a free slot, not already used, least filled. */
    private int substituteLocked(int[] current, int pos, String object, long stripe) throws ArrayFullException {
        int best = -1;
        double bestFill = 2;
        outer:
        for (int d = 0; d < allocators.length; d++) {
            if (driveRecords[d].state() != DriveState.UP || !drives.isUsable(d) || allocators[d].freeCount() == 0) {
                continue;
            }
            for (int j = 0; j < current.length; j++) {
                if (j != pos && current[j] == d) {
                    continue outer;
                }
            }
            if (!domainAllows(current, pos, d)) {
                continue;
            }
            double fill = (double) allocators[d].usedCount() / Math.max(1, allocators[d].slotCount());
            if (fill < bestFill) {
                bestFill = fill;
                best = d;
            }
        }
        if (best < 0) {
            List<Integer> full = new ArrayList<>();
            for (int d = 0; d < allocators.length; d++) {
                if (allocators[d].freeCount() == 0) {
                    full.add(d);
                }
            }
            throw new ArrayFullException((object == null ? "" : "object '" + object + "': ") + "no drive can take shard "
                    + pos + " of stripe " + stripe + " (full drives " + full + ", "
                    + countUp() + " drives up for a " + config.k() + "+" + config.m() + " stripe)");
        }
        return best;
    }

    private boolean domainAllows(int[] current, int pos, int candidate) {
        int per = config.drivesPerDomain();
        if (per <= 1) {
            return true;
        }
        int domain = candidate / per;
        int count = 0;
        for (int j = 0; j < current.length; j++) {
            if (j != pos && current[j] / per == domain) {
                count++;
            }
        }
        int domains = (config.drives().size() + per - 1) / per;
        int limit = Math.max(config.maxShardsPerDomain(), (current.length + domains - 1) / domains);
        return count < limit;
    }

    private int countUp() {
        int up = 0;
        for (DriveRecord r : driveRecords) {
            if (r.state() == DriveState.UP) {
                up++;
            }
        }
        return up;
    }

    /**
     * Makes the open stripe's changes durable: parity recomputed, changed data shards and all
     * parity written to fresh slots and synced. The stripe record becomes pending (committed with
     * the next metadata batch); the slots it replaces are freed after that commit.
     */
    private void flushOpenLocked(String object) throws IOException {
        awaitCommitIoLocked();
        settleLocked();
        OpenStripe o = open;
        if (o == null || o.packer.isClean() && !missingPlaceableLocked(o)) {
            return;
        }
        int k = config.k();
        int m = config.m();
        int payload = config.shardPayloadBytes();
        // Two sets of slot buffers: this write may still be in flight while the next stripe is packed.
        MemorySegment[] slots = openSlots[nextSlotSet];
        nextSlotSet ^= 1;
        MemorySegment[] data = new MemorySegment[k];
        for (int i = 0; i < k; i++) {
            data[i] = o.packer.shard(i);
        }
        MemorySegment[] parity = new MemorySegment[m];
        for (int j = 0; j < m; j++) {
            parity[j] = slots[k + j].asSlice(ShardHeader.BYTES, payload);
        }
        if (m > 0) {
            rs.encode(data, parity);
        }
        IntArrayList toWrite = new IntArrayList();
        for (int i = 0; i < k; i++) {
            // Dirty data shards, and missing ones (of a degraded stripe): written now if a drive can take them.
            if (i >= o.packer.firstDirtyShard() && i < o.packer.endDirtyShard()
                    || o.slots[i] == StripeRecord.MISSING_SLOT) {
                toWrite.addInt(i);
            }
        }
        for (int j = 0; j < m; j++) {
            toWrite.addInt(k + j);
        }
        for (int t = 0; t < toWrite.size(); t++) {
            int i = toWrite.getInt(t);
            MemorySegment buf = slots[i];
            if (i < k) {
                MemorySegment.copy(data[i], 0, buf, ShardHeader.BYTES, payload);
            }
        }
        StripeWrite f = new StripeWrite(o, o.generation + 1, toWrite.toIntArray(), object);
        for (;;) {
            f.newDrives = o.drives.clone();
            f.newSlots = o.slots.clone();
            f.newCrcs = o.crcs.clone();
            f.writes = new ArrayList<>();
            f.writeShards = new IntArrayList();
            f.allocated = new ArrayList<>();
            try {
                for (int i : f.shards) {
                    MemorySegment buf = slots[i];
                    int crc = ShardHeader.crc(buf, ShardHeader.BYTES, payload);
                    f.newCrcs[i] = crc; // a missing shard too: rebuilt from parity, it is checked against it
                    int d = f.newDrives[i];
                    if (!writableLocked(d)) {
                        d = substituteOrMissingLocked(f.newDrives, f.newSlots, i, object, o.id);
                        if (d < 0) {
                            f.newSlots[i] = StripeRecord.MISSING_SLOT;
                            continue;
                        }
                    }
                    long slot = allocators[d].allocate();
                    f.allocated.add(new long[] {d, slot});
                    f.newDrives[i] = d;
                    f.newSlots[i] = slot;
                    header(o.id, f.generation, i, crc).write(buf);
                    f.writes.add(new DriveSet.SlotWrite(d, slot, buf));
                    f.writeShards.addInt(i);
                }
                f.pending = drives.startWrite(f.writes, unsynced);
                break;
            } catch (IOException | RuntimeException e) {
                f.freeAllocated();
                int bad = drives.driveOf(e);
                if (bad >= 0 && ejectableLocked(bad)) {
                    // A drive that cannot write leaves service (as it would in any array); the stripe's
                    // shards go to substitutes, and the put goes on. Its data stays readable from parity.
                    ejectLocked(bad, e);
                    continue;
                }
                // The stripe's state on the drives is unknown: start a fresh one; chunks packed into it
                // but not committed are dropped, and the puts that hold them fail at commit.
                dropOpenLocked(e);
                throw e;
            }
        }
        o.packer.markDurable();
        inflight = f;
    }

    /** A stripe write started by {@link #flushOpenLocked}: booked when it completes, undone if it fails. */
    private final class StripeWrite {
        final OpenStripe stripe;
        final long generation;
        final int[] shards;
        final String object;
        /** The open stripe's fill when this write was started: the bytes the write makes durable. */
        final int fill;
        int[] newDrives;
        long[] newSlots;
        int[] newCrcs;
        List<DriveSet.SlotWrite> writes;
        /** The shard index of each of {@link #writes}: shards written missing have no write. */
        IntArrayList writeShards;
        List<long[]> allocated;
        DriveSet.PendingWrite pending;

        StripeWrite(OpenStripe stripe, long generation, int[] shards, String object) {
            this.stripe = stripe;
            this.generation = generation;
            this.shards = shards;
            this.object = object;
            this.fill = stripe.packer.fill();
        }

        void freeAllocated() {
            for (long[] a : allocated) {
                allocators[(int) a[0]].free(a[1]);
            }
            allocated.clear();
        }
    }

    /**
     * Takes the lock, waits for a commit syncing without it (see {@link #commitReleasingLocked}) and
     * settles the stripe write in flight, if any (see {@link #settleLocked}).
     */
    private void lockSettled() {
        lock.lock();
        try {
            awaitCommitIoLocked();
            settleLocked();
        } catch (RuntimeException | Error e) {
            lock.unlock();
            throw e;
        }
    }

    /**
     * Takes the lock to pack chunks of up to {@code bytes} stored bytes into the open stripe. Packing
     * needs no settled write, so it goes on while a commit syncs without the lock, when they fit in the
     * open stripe; else (the stripe must be flushed, or opened) it waits for that commit first, before
     * anything is packed, so the lock is never given up in the middle of packing.
     */
    private void lockForPacking(long bytes) {
        lock.lock();
        try {
            if (commitIo && (open == null || bytes > open.packer.free())) {
                awaitCommitIoLocked();
            }
            if (!commitIo) {
                settleLocked();
            }
        } catch (RuntimeException | Error e) {
            lock.unlock();
            throw e;
        }
    }

    private void awaitCommitIoLocked() {
        while (commitIo) {
            ioDone.awaitUninterruptibly();
        }
    }

    /**
     * Waits for the stripe write in flight, if any, and books it: its new slots and generation
     * become the stripe's pending record, the slots it replaces are freed after the next commit.
     * A failed write is redone on substitutes when the failing drive can leave service; otherwise
     * the stripe's uncommitted chunks are dropped (the puts holding them fail at commit). Every
     * holder of the lock settles before it looks at stripes, slots or pending chunks.
     */
    private void settleLocked() {
        StripeWrite f = inflight;
        if (f == null) {
            return;
        }
        inflight = null;
        OpenStripe o = f.stripe;
        try {
            f.pending.await();
        } catch (IOException | RuntimeException e) {
            if (!redoLocked(f, e)) {
                f.freeAllocated();
                dropUndurableLocked(o.id, e);
                // Whoever syncs next learns of it: a compaction or commit that relied on this stripe fails.
                settleFailure = e;
                if (open == o) {
                    open = null;
                }
                metrics.stripeWritesFailed.increment();
                return;
            }
        }
        for (int i : f.shards) {
            if (o.slots[i] >= 0) {
                freeAfterCommit.add(new long[] {o.drives[i], o.slots[i]});
            }
        }
        System.arraycopy(f.newDrives, 0, o.drives, 0, f.newDrives.length);
        System.arraycopy(f.newSlots, 0, o.slots, 0, f.newSlots.length);
        System.arraycopy(f.newCrcs, 0, o.crcs, 0, f.newCrcs.length);
        o.generation = f.generation;
        // The bytes the write covered: chunks packed after it started (while a commit synced without
        // the lock) are not on the drives yet.
        pendingStripes.put(o.id, o.record(f.fill, 0));
        metrics.stripeWrites.increment();
        metrics.shardsWritten.add(f.writes.size());
        if (f.shards.length > f.writes.size()) {
            metrics.shardsWrittenMissing.add(f.shards.length - f.writes.size());
            degradedSeen = true;
        }
        ArrayEvents.StripeWrite ev = new ArrayEvents.StripeWrite();
        if (ev.shouldCommit()) {
            ev.stripe = o.id;
            ev.generation = f.generation;
            ev.shards = f.writes.size();
            ev.missingShards = f.shards.length - f.writes.size();
            ev.bytes = (long) f.writes.size() * config.shardBytes();
            ev.commit();
        }
    }

    /**
     * Redoes failed stripe write {@code f} after {@code failure}: while the failing drive may leave
     * service, it does, and the whole batch is written again (synchronously) with its shards on
     * that drive moved to substitutes. Returns false when the write cannot be completed.
     */
    private boolean redoLocked(StripeWrite f, Exception failure) {
        Exception e = failure;
        for (;;) {
            int bad = drives.driveOf(e);
            if (bad < 0 || !ejectableLocked(bad)) {
                return false;
            }
            try {
                ejectLocked(bad, e);
                for (int t = f.writes.size() - 1; t >= 0; t--) {
                    DriveSet.SlotWrite w = f.writes.get(t);
                    int i = f.writeShards.getInt(t);
                    if (driveRecords[w.drive()].state() == DriveState.UP && drives.isUsable(w.drive())) {
                        continue;
                    }
                    allocators[w.drive()].free(w.slot());
                    f.allocated.removeIf(a -> a[0] == w.drive() && a[1] == w.slot());
                    f.newSlots[i] = StripeRecord.ZERO_SLOT; // holds no slot while it is placed again
                    int d = substituteOrMissingLocked(f.newDrives, f.newSlots, i, f.object, f.stripe.id);
                    if (d < 0) {
                        f.newSlots[i] = StripeRecord.MISSING_SLOT;
                        f.writes.remove(t);
                        f.writeShards.removeAt(t);
                        continue;
                    }
                    long slot = allocators[d].allocate();
                    f.allocated.add(new long[] {d, slot});
                    f.newDrives[i] = d;
                    f.newSlots[i] = slot;
                    f.writes.set(t, new DriveSet.SlotWrite(d, slot, w.buffer()));
                }
                drives.write(f.writes, unsynced);
                return true;
            } catch (IOException | RuntimeException again) {
                e = again;
            }
        }
    }

    /**
     * Whether stripe {@code id}, about to be committed without live bytes, holds nothing anyone will
     * need: it is not the stripe being filled, and no pending chunk outside this commit's {@code only}
     * (all pending chunks when null) lies in it. Such a stripe holds only bytes nobody references — those
     * of a compaction or put that failed after its write — and no later operation would look at it.
     */
    private boolean deadLocked(long id, Set<Fingerprint> only) {
        if (open != null && open.id == id) {
            return false;
        }
        List<Fingerprint> packed = pendingByStripe.get(id);
        if (packed != null && only != null) {
            for (Fingerprint fp : packed) {
                ChunkRecord r = pending.get(fp);
                if (r != null && r.stripe() == id && !only.contains(fp)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Adds to batch {@code b} the removal of dead stripe {@code s} (its record, when {@code committed}) and frees its slots after the commit. */
    private void dropDeadStripe(MetadataBatch b, StripeRecord s, boolean committed) {
        if (committed) {
            b.deleteStripe(s.id());
        }
        for (int i = 0; i < s.width(); i++) {
            if (s.stored(i)) {
                freeAfterCommit.add(new long[] {s.drives()[i], s.slots()[i]});
            }
        }
        compactionCandidates.remove(s.id());
    }

    private void dropOpenLocked(Exception cause) {
        if (open == null) {
            return;
        }
        dropUndurableLocked(open.id, cause);
        open = null;
    }

    /**
     * Forgets the pending chunks of stripe {@code id} that no durable generation holds: those packed
     * after its last successful write. Chunks an earlier write of this commit window made durable
     * stay pending with that generation's record, so the stripe is never committed without the
     * chunks that keep it alive (which would leave its slots used by nothing).
     */
    private void dropUndurableLocked(long id, Exception cause) {
        StripeRecord durable = pendingStripes.get(id);
        long limit;
        if (durable != null) {
            limit = durable.dataBytes();
        } else {
            try {
                limit = store.stripe(id).map(StripeRecord::dataBytes).orElse(0);
            } catch (IOException e) {
                limit = 0; // unknown: drop them all; the puts holding them fail at commit
            }
        }
        List<Fingerprint> packed = pendingByStripe.remove(id);
        if (packed == null) {
            return;
        }
        List<Fingerprint> kept = new ArrayList<>();
        boolean dropped = false;
        for (Fingerprint fp : packed) {
            ChunkRecord r = pending.get(fp);
            if (r == null || r.stripe() != id) {
                continue; // committed or dropped since, or packed again elsewhere
            }
            if (r.offset() >= limit) {
                pending.remove(fp);
                dropped = true;
            } else {
                kept.add(fp);
            }
        }
        if (dropped) {
            for (PutState p : packingPuts) {
                if (p.dropped == null && p.stripes.contains(id)) {
                    p.dropped = new DroppedStripe(id, cause);
                }
            }
        }
        if (!kept.isEmpty()) {
            pendingByStripe.put(id, kept);
        }
    }

    private ShardHeader header(long stripe, long generation, int index, int crc) {
        return new ShardHeader(config.arrayId().getMostSignificantBits(), config.arrayId().getLeastSignificantBits(),
                stripe, generation, index, config.k(), config.m(), config.shardPayloadBytes(), crc);
    }

    // ------------------------------------------------------------------ commit (under lock)

    /**
     * Makes everything pending durable and commits it in one metadata batch, together with the
     * object {@code put} (may be null), the removal of object {@code delete} (may be null) and
     * the reference count changes {@code refs}.
     */
    private void commitLocked(List<ObjectRecord> puts, String delete, Map<Fingerprint, Long> refs)
            throws IOException {
        flushOpenLocked(!puts.isEmpty() ? puts.get(0).name() : delete);
        syncLocked();
        commitDurableLocked(puts, delete, refs, null);
    }

    /**
     * {@link #commitLocked} for puts, without holding the lock while the stripe write completes and the
     * drives are synced (most of a small put's commit): other puts go on packing into the open stripe
     * meanwhile. What is pending when the write starts is what this commit makes durable and commits;
     * chunks packed during the sync stay pending for the next commit. Returns with the lock held, as it
     * was called; a failure leaves everything pending, as {@link #commitLocked} does.
     */
    private void commitReleasingLocked(List<ObjectRecord> puts, Map<Fingerprint, Long> refs) throws IOException {
        flushOpenLocked(puts.get(0).name());
        Set<Fingerprint> durable = new HashSet<>(pending.keySet());
        StripeWrite write = inflight;
        BitSet toSync = (BitSet) unsynced.clone();
        boolean synced = false;
        commitIo = true;
        lock.unlock();
        try {
            if (write != null) {
                write.pending.await();
            }
            drives.sync(toSync);
            synced = true;
        } catch (IOException | RuntimeException e) {
            // Left to settleLocked and syncLocked below, under the lock: they redo, eject or fail.
        } finally {
            lock.lock();
            commitIo = false;
            ioDone.signalAll();
        }
        if (synced && inflight == write) {
            unsynced.andNot(toSync); // no write started since: packing flushes nothing while commitIo
        }
        syncLocked();
        commitDurableLocked(puts, null, refs, durable);
    }

    /**
     * Commits, in one metadata batch, the pending chunks ({@code only} those when not null), the
     * stripe records of the writes settled so far, object {@code puts}, the removal of object
     * {@code delete} (may be null) and the reference count changes {@code refs}. The stripe writes
     * holding those chunks must be durable.
     */
    private void commitDurableLocked(List<ObjectRecord> puts, String delete, Map<Fingerprint, Long> refs,
                                     Set<Fingerprint> only) throws IOException {
        String what = !puts.isEmpty() ? puts.get(0).name() : delete;
        Map<Fingerprint, Long> deltas = new LinkedHashMap<>(refs);
        long dObjects = 0;
        long dLogical = 0;
        List<String> replacedNames = new ArrayList<>();
        for (ObjectRecord p : puts) {
            replacedNames.add(p.name());
            dObjects++;
            dLogical += p.logicalBytes();
        }
        if (delete != null) {
            replacedNames.add(delete);
        }
        for (String replaced : replacedNames) {
            Optional<ObjectRecord> old = store.object(replaced);
            if (old.isPresent()) {
                ObjectRecord o = old.get();
                for (int i = 0; i < o.chunkCount(); i++) {
                    deltas.merge(Fingerprint.of(fingerprintKind, o.fingerprint(i)), -1L, Long::sum);
                }
                dObjects--;
                dLogical -= o.logicalBytes();
            }
        }
        String replaced = what;
        Map<Fingerprint, ChunkRecord> updates = new HashMap<>();
        Long2LongHashMap liveDelta = new Long2LongHashMap(0);
        long dChunks = 0;
        long dUnique = 0;
        long dStored = 0;
        for (ChunkRecord c : pending.values()) {
            Fingerprint fp = Fingerprint.of(fingerprintKind, c.fingerprint());
            if (only != null && !only.contains(fp)) {
                continue; // packed after this commit's stripe write started: the next commit's
            }
            updates.put(fp, c);
            liveDelta.put(c.stripe(), liveDelta.get(c.stripe()) + c.storedLength());
            dChunks++;
            dUnique += c.logicalLength();
            dStored += c.storedLength();
            if (c.base() != null) {
                deltas.merge(Fingerprint.of(fingerprintKind, c.base()), 1L, Long::sum);
            }
        }
        Set<Fingerprint> newZombies = new HashSet<>();
        List<byte[]> referencedAgain = new ArrayList<>(); // stored without references, referenced now: unmark
        for (Map.Entry<Fingerprint, Long> e : deltas.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            ChunkRecord cur = updates.get(e.getKey());
            if (cur == null) {
                cur = store.chunk(e.getKey().toByteArray()).orElse(null);
                if (cur != null && cur.refCount() == 0 && e.getValue() > 0) {
                    referencedAgain.add(cur.fingerprint());
                }
            }
            if (cur == null) {
                throw new FlashArrayException("chunk " + e.getKey().toHex() + " of object '" + replaced
                        + "' was lost before its commit (a stripe write failed); the put was not stored");
            }
            long n = cur.refCount() + e.getValue();
            if (n < 0) {
                throw new CorruptDataException("reference count of chunk " + e.getKey().toHex() + " would drop to "
                        + n);
            }
            if (n == 0) {
                newZombies.add(e.getKey());
            }
            updates.put(e.getKey(), cur.withRefCount(n));
        }
        for (Map.Entry<Fingerprint, ChunkRecord> e : updates.entrySet()) {
            // Chunks of a put that failed or of a discarded batch: swept once no put is in flight.
            if (e.getValue().refCount() == 0) {
                newZombies.add(e.getKey());
            }
        }
        Totals next = totals.plus(dObjects, dLogical, dChunks, dUnique, dStored);
        try (MetadataBatch b = store.batch()) {
            for (ChunkRecord c : updates.values()) {
                b.putChunk(c);
                if (c.refCount() == 0) {
                    b.markUnreferenced(c.fingerprint()); // an open after a crash sweeps it without reading every chunk
                }
            }
            for (byte[] fp : referencedAgain) {
                b.clearUnreferenced(fp);
            }
            Set<Long> stripeIds = new HashSet<>();
            for (long id : pendingStripes.keySet()) {
                stripeIds.add(id);
            }
            liveDelta.forEach((id, d) -> stripeIds.add(id));
            for (long id : stripeIds) {
                Optional<StripeRecord> committed = store.stripe(id);
                StripeRecord s = pendingStripes.get(id);
                if (s == null) {
                    s = committed.orElseThrow(() -> new CorruptDataException("stripe " + id + " has no record"));
                }
                long live = committed.map(StripeRecord::liveBytes).orElse(0L) + liveDelta.get(id);
                if (live == 0 && deadLocked(id, only)) {
                    dropDeadStripe(b, s, committed.isPresent());
                } else {
                    b.putStripe(s.withLiveBytes(live));
                }
            }
            for (ObjectRecord p : puts) {
                b.putObject(p);
            }
            if (delete != null) {
                b.deleteObject(delete);
            }
            putDriveRecords(b);
            b.putTotals(next);
            store.commit(b, true);
        }
        totals = next;
        if (only == null) {
            pending.clear();
            pendingByStripe.clear();
        } else {
            pending.keySet().removeAll(only);
            pendingByStripe.clear();
            for (Map.Entry<Fingerprint, ChunkRecord> e : pending.entrySet()) {
                pendingByStripe.computeIfAbsent(e.getValue().stripe(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        pendingStripes.clear();
        for (long[] f : freeAfterCommit) {
            allocators[(int) f[0]].free(f[1]);
        }
        freeAfterCommit.clear();
        zombies.addAll(newZombies);
    }

    /** Makes every stripe write so far durable (the step before any metadata commit that may reference it). */
    private void syncLocked() throws IOException {
        settleLocked();
        Exception failed = settleFailure;
        if (failed != null) {
            settleFailure = null;
            if (failed instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failed;
        }
        for (;;) {
            try {
                drives.sync(unsynced);
                unsynced.clear();
                return;
            } catch (IOException e) {
                int bad = drives.driveOf(e);
                if (bad >= 0 && unsynced.get(bad) && ejectableLocked(bad)) {
                    // What that drive holds since its last sync may be lost: it leaves service, its
                    // shards are served from parity, and the others are synced again.
                    ejectLocked(bad, e);
                    continue;
                }
                throw e;
            }
        }
    }

    private void putDriveRecords(MetadataBatch b) {
        long[] pendingFree = new long[allocators.length];
        for (long[] f : freeAfterCommit) {
            pendingFree[(int) f[0]]++;
        }
        for (int d = 0; d < allocators.length; d++) {
            long used = allocators[d].usedCount() - pendingFree[d];
            if (used != driveRecords[d].usedSlots()) {
                driveRecords[d] = driveRecords[d].withUsedSlots(used);
                b.putDrive(driveRecords[d]);
            }
        }
    }

    // ------------------------------------------------------------------ delete, GC, compaction

    /**
     * Removes object {@code name}: its chunks lose a reference, chunks left without one are
     * removed, and stripes left sparse are compacted. Durable when it returns.
     *
     * @throws ObjectNotFoundException when there is no such object
     */
    public void delete(String name) throws IOException {
        try (Use _ = use()) {
            checkName(name);
            ensureOpen();
            lockSettled();
            try {
                ensureOpen();
                if (store.objectHead(name).isEmpty()) {
                    throw new ObjectNotFoundException(name);
                }
                commitLocked(List.of(), name, Map.of());
                metrics.deletes.increment();
                if (activePuts == 0) {
                    sweepZombiesLocked();
                    try {
                        compactLocked(ProgressListener.NONE);
                    } catch (ArrayFullException e) {
                        // No room to move live chunks now (too many drives down, or full): the delete is done,
                        // and the sparse stripes wait for a later compaction.
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Deletes chunk records whose reference count is zero (and, for deltas, releases their base),
     * and stripes left without live bytes. Only while no put is in flight: a put may have found
     * such a chunk and be about to reference it again.
     */
    private void sweepZombiesLocked() throws IOException {
        while (!zombies.isEmpty() && activePuts == 0) {
            List<Fingerprint> batch = new ArrayList<>(zombies);
            zombies.clear();
            try {
                Long2LongHashMap liveDelta = new Long2LongHashMap(0);
                Map<Fingerprint, Long> baseDeltas = new HashMap<>();
                long dChunks = 0;
                long dUnique = 0;
                long dStored = 0;
                List<byte[]> doomed = new ArrayList<>();
                List<byte[]> notZombies = new ArrayList<>(); // marked, but gone or referenced: unmark
                for (Fingerprint fp : batch) {
                    Optional<ChunkRecord> rec = store.chunk(fp.toByteArray());
                    if (rec.isEmpty() || rec.get().refCount() != 0) {
                        notZombies.add(fp.toByteArray());
                        continue;
                    }
                    ChunkRecord c = rec.get();
                    doomed.add(c.fingerprint());
                    liveDelta.put(c.stripe(), liveDelta.get(c.stripe()) - c.storedLength());
                    dChunks--;
                    dUnique -= c.logicalLength();
                    dStored -= c.storedLength();
                    if (c.base() != null) {
                        baseDeltas.merge(Fingerprint.of(fingerprintKind, c.base()), -1L, Long::sum);
                    }
                }
                if (doomed.isEmpty()) {
                    if (!notZombies.isEmpty()) {
                        try (MetadataBatch b = store.batch()) {
                            for (byte[] fp : notZombies) {
                                b.clearUnreferenced(fp);
                            }
                            store.commit(b, false); // only marks: one left behind costs a lookup at a later open
                        }
                    }
                    continue;
                }
                Totals next = totals.plus(0, 0, dChunks, dUnique, dStored);
                List<long[]> freed = new ArrayList<>();
                try (MetadataBatch b = store.batch()) {
                    for (byte[] fp : doomed) {
                        b.deleteChunk(fp);
                        b.clearUnreferenced(fp);
                    }
                    for (byte[] fp : notZombies) {
                        b.clearUnreferenced(fp);
                    }
                    for (Map.Entry<Fingerprint, Long> e : baseDeltas.entrySet()) {
                        ChunkRecord base = store.chunk(e.getKey().toByteArray()).orElse(null);
                        if (base == null) {
                            continue;
                        }
                        long n = Math.max(0, base.refCount() + e.getValue());
                        b.putChunk(base.withRefCount(n));
                        if (n == 0) {
                            b.markUnreferenced(base.fingerprint());
                            zombies.add(e.getKey());
                        }
                    }
                    for (Long2LongHashMap.EntryIterator it = liveDelta.entrySet().iterator(); it.hasNext(); ) {
                        it.next();
                        long id = it.getLongKey();
                        StripeRecord s = store.stripe(id).orElse(null);
                        if (s == null) {
                            continue;
                        }
                        long live = Math.max(0, s.liveBytes() + it.getLongValue());
                        boolean isOpen = open != null && open.id == id;
                        if (live == 0 && isOpen && activePuts == 0 && open.packer.isClean()) {
                            // Nothing in flight can add to it: retire the open stripe rather than keep empty slots.
                            open = null;
                            isOpen = false;
                        }
                        // A stripe with a pending record (rewritten by an operation that failed before its commit)
                        // stays until that record is committed: a compaction then removes it.
                        if (live == 0 && !isOpen && !pendingStripes.containsKey(id)) {
                            b.deleteStripe(id);
                            compactionCandidates.remove(id);
                            for (int i = 0; i < s.width(); i++) {
                                if (s.stored(i)) {
                                    freed.add(new long[] {s.drives()[i], s.slots()[i]});
                                }
                            }
                        } else {
                            b.putStripe(s.withLiveBytes(live));
                            if (!isOpen && live < config.compactionThreshold() * config.stripeDataBytes()) {
                                compactionCandidates.add(id);
                            }
                        }
                    }
                    freeAfterCommit.addAll(freed);
                    putDriveRecords(b);
                    b.putTotals(next);
                    store.commit(b, true);
                } catch (IOException | RuntimeException e) {
                    freeAfterCommit.removeAll(freed);
                    throw e;
                }
                totals = next;
                for (long[] f : freeAfterCommit) {
                    allocators[(int) f[0]].free(f[1]);
                }
                freeAfterCommit.clear();
            } catch (IOException | RuntimeException e) {
                zombies.addAll(batch); // still records without references: a later sweep (or close) tries again
                throw e;
            }
        }
    }

    /**
     * Compacts sparse stripes: those whose live bytes fell below the configured fraction of a
     * stripe's data area. Their live chunks are copied into the open stripe, their records moved,
     * and their slots freed, in one durable commit.
     *
     * @return stripes emptied
     */
    public int compact(ProgressListener listener) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            lockSettled();
            try {
                ensureOpen();
                if (activePuts > 0) {
                    return 0;
                }
                store.forEachStripe(s -> {
                    if ((open == null || s.id() != open.id)
                            && s.liveBytes() < config.compactionThreshold() * config.stripeDataBytes()) {
                        compactionCandidates.add(s.id());
                    }
                });
                return compactLocked(listener);
            } finally {
                lock.unlock();
            }
        }
    }

    private int compactLocked(ProgressListener listener) throws IOException {
        if (compactionCandidates.isEmpty() || activePuts > 0) {
            return 0;
        }
        Set<Long> victims = new HashSet<>(compactionCandidates);
        compactionCandidates.clear();
        if (open != null) {
            victims.remove(open.id);
        }
        // A stripe rewritten since its last commit (a pending record, left by an operation that failed
        // before its commit) is not moved: its committed record would come back with the pending one.
        for (long id : pendingStripes.keySet()) {
            if (victims.remove(id)) {
                compactionCandidates.add(id);
            }
        }
        try {
            return compactLocked(victims, listener);
        } catch (IOException | RuntimeException e) {
            compactionCandidates.addAll(victims); // still sparse: a later compaction tries again
            throw e;
        }
    }

    private int compactLocked(Set<Long> victims, ProgressListener listener) throws IOException {
        Long2ObjectHashMap<List<ChunkRecord>> byStripe = new Long2ObjectHashMap<>();
        store.forEachChunk(c -> {
            if (victims.contains(c.stripe())) {
                byStripe.computeIfAbsent(c.stripe(), x -> new ArrayList<>()).add(c);
            }
        });
        int done = 0;
        try (ReadContext ctx = new ReadContext(null)) {
            List<ChunkRecord> moved = new ArrayList<>();
            List<StripeRecord> emptied = new ArrayList<>();
            for (long id : victims) {
                StripeRecord s = store.stripe(id).orElse(null);
                if (s == null) {
                    continue;
                }
                for (ChunkRecord c : byStripe.getOrDefault(id, List.of())) {
                    MemorySegment stored = ctx.readStored(c);
                    if (open == null) {
                        openStripeLocked(null);
                    }
                    int at = open.packer.append(stored);
                    if (at < 0) {
                        flushOpenLocked(null);
                        open = null;
                        openStripeLocked(null);
                        at = open.packer.append(stored);
                    }
                    moved.add(c.movedTo(open.id, at));
                }
                emptied.add(s);
                done++;
                listener.progress("compact", done, victims.size());
            }
            flushOpenLocked(null);
            syncLocked();
            Long2LongHashMap liveDelta = new Long2LongHashMap(0);
            try (MetadataBatch b = store.batch()) {
                for (ChunkRecord c : moved) {
                    b.putChunk(c);
                    liveDelta.put(c.stripe(), liveDelta.get(c.stripe()) + c.storedLength());
                }
                for (StripeRecord s : emptied) {
                    b.deleteStripe(s.id());
                    for (int i = 0; i < s.width(); i++) {
                        if (s.stored(i)) {
                            freeAfterCommit.add(new long[] {s.drives()[i], s.slots()[i]});
                        }
                    }
                }
                Set<Long> ids = new HashSet<>();
                for (long id : pendingStripes.keySet()) {
                    ids.add(id);
                }
                liveDelta.forEach((id, d) -> ids.add(id));
                for (StripeRecord s : emptied) {
                    if (ids.contains(s.id())) {
                        throw new IllegalStateException("stripe " + s.id() + " was emptied by compaction and rewritten");
                    }
                }
                for (long id : ids) {
                    Optional<StripeRecord> committed = store.stripe(id);
                    StripeRecord s = pendingStripes.get(id);
                    if (s == null) {
                        s = committed.orElseThrow();
                    }
                    long live = committed.map(StripeRecord::liveBytes).orElse(0L) + liveDelta.get(id);
                    if (live == 0 && deadLocked(id, Set.of())) {
                        dropDeadStripe(b, s, committed.isPresent());
                    } else {
                        b.putStripe(s.withLiveBytes(live));
                    }
                }
                putDriveRecords(b);
                b.putTotals(totals);
                store.commit(b, true);
            }
            pendingStripes.clear();
            for (long[] f : freeAfterCommit) {
                allocators[(int) f[0]].free(f[1]);
            }
            freeAfterCommit.clear();
            metrics.stripesCompacted.add(done);
        }
        return done;
    }

    // ------------------------------------------------------------------ get

    /**
     * Writes the bytes of object {@code name} to {@code sink} (not closed). Shards on failed
     * drives, unreadable or failing their checksums are reconstructed from parity; corrupt ones
     * are repaired in place.
     *
     * @return bytes written
     * @throws ObjectNotFoundException       when there is no such object
     * @throws TooFewHealthyDrivesException  when a stripe of the object has more than m bad shards
     */
    public long get(String name, OutputStream sink) throws IOException {
        return get(name, sink, ProgressListener.NONE);
    }

    /** {@link #get(String, OutputStream)}, reporting bytes written to {@code listener}. */
    public long get(String name, OutputStream sink, ProgressListener listener) throws IOException {
        return get(name, 0, Long.MAX_VALUE, sink, listener);
    }

    /**
     * Writes {@code length} bytes of object {@code name} from byte {@code offset} on to {@code sink}, fewer
     * when the object ends first (a range read: an HTTP range, a block of an image). Only the chunks that
     * cover the range are read and decoded, with the checks and the parity fallback of
     * {@link #get(String, OutputStream)}.
     *
     * @return bytes written: {@code min(length, size − offset)}
     * @throws IllegalArgumentException      when {@code offset} or {@code length} is negative, or {@code offset}
     *                                       lies beyond the object's end (naming the object and its size)
     * @throws ObjectNotFoundException       when there is no such object
     * @throws TooFewHealthyDrivesException  when a stripe of the range has more than m bad shards
     */
    public long get(String name, long offset, long length, OutputStream sink) throws IOException {
        return get(name, offset, length, sink, ProgressListener.NONE);
    }

    /** {@link #get(String, long, long, OutputStream)}, reporting bytes written to {@code listener}. */
    public long get(String name, long offset, long length, OutputStream sink, ProgressListener listener)
            throws IOException {
        try (Use _ = use()) {
            checkName(name);
            ensureOpen();
            // Only the chunks covering the range, and only the recipe segments holding them, are read.
            io.flashcore.array.meta.RecipeSlice slice;
            if (offset == 0 && length == Long.MAX_VALUE) {
                ObjectRecord whole = store.object(name).orElseThrow(() -> new ObjectNotFoundException(name));
                slice = new io.flashcore.array.meta.RecipeSlice(whole, 0, whole.logicalBytes());
            } else {
                slice = store.objectRange(name, offset, length).orElseThrow(() -> new ObjectNotFoundException(name));
            }
            ObjectRecord obj = slice.chunks();
            long want = Math.min(length, slice.objectBytes() - offset);
            long skip = offset - slice.start();
            int[] lengths = obj.lengths();
            // Consecutive runs of chunks decoded as one task: several run at once, written in order.
            IntArrayList starts = new IntArrayList();
            long run = 0;
            for (int i = 0; i < lengths.length; i++) {
                if (i == 0 || run + lengths[i] > GET_RUN_BYTES) {
                    starts.addInt(i);
                    run = 0;
                }
                run += lengths[i];
            }
            starts.addInt(lengths.length);
            int runs = starts.size() - 1;
            long written;
            try (GetShardCache cache = new GetShardCache(GET_CACHE_BYTES)) {
                written = writeRuns(obj, starts, runs, skip, want, cache, sink, listener, name);
            }
            metrics.gets.increment();
            metrics.bytesGot.add(written);
            return written;
        }
    }

    /**
     * Decodes the runs of {@code obj} (several at once on the get threads) and writes them to
     * {@code sink} in order, without the first {@code skip} bytes and no more than {@code want} in all;
     * returns the bytes written. Every run task has ended when this returns.
     */
    private long writeRuns(ObjectRecord obj, IntArrayList starts, int runs, long skip, long want, GetShardCache cache,
            OutputStream sink, ProgressListener listener, String name) throws IOException {
        long written = 0;
        if (GET_THREADS <= 1 || runs < 2) {
            for (int r = 0; r < runs; r++) {
                byte[] out = decodeRun(obj, starts.getInt(r), starts.getInt(r + 1), cache);
                written += writeTrimmed(sink, out, r == 0 ? skip : 0, want - written);
                listener.progress("get", written, want);
            }
        } else {
            java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> ahead = new java.util.ArrayDeque<>();
            int next = 0;
            try {
                for (int r = 0; r < runs; r++) {
                    while (next < runs && ahead.size() <= GET_THREADS) {
                        int from = starts.getInt(next);
                        int to = starts.getInt(next + 1);
                        ahead.add(getters.submit(() -> decodeRun(obj, from, to, cache)));
                        next++;
                    }
                    byte[] out = await(ahead.poll(), name);
                    written += writeTrimmed(sink, out, r == 0 ? skip : 0, want - written);
                    listener.progress("get", written, want);
                }
            } finally {
                // Tasks decode into their own buffers; still wait, so none outlives the call.
                for (java.util.concurrent.Future<byte[]> f : ahead) {
                    try {
                        f.get();
                    } catch (Exception ignored) {
                        // The get already failed or was abandoned; this task's outcome no longer matters.
                    }
                }
            }
        }
        return written;
    }

    /** Writes {@code run} from byte {@code skip} on, at most {@code most} bytes; returns the bytes written. */
    private static int writeTrimmed(OutputStream sink, byte[] run, long skip, long most) throws IOException {
        int n = (int) Math.min(run.length - skip, most);
        sink.write(run, (int) skip, n);
        return n;
    }

    /** Bytes of verified shard payloads one get keeps for its runs ({@code -Dflashcore.array.getCacheBytes}). */
    static final long GET_CACHE_BYTES = Long.getLong("flashcore.array.getCacheBytes", 64L << 20);

    /** A verified shard: stripe, generation (a rewrite makes a new one), index and its recorded CRC32C. */
    private record ShardKey(long stripe, long generation, int index, int crc) {
    }

    /**
     * The shard payloads one get has read and verified, shared by its runs: several runs (on several
     * threads) decode chunks of the same shards, and delta chunks read their bases from shards read
     * before, so without it a get read each shard many times (a 239 MB get read 2 569 one-MiB shards
     * of a 47 MB array). Filled up to a byte budget, never evicted, freed when the get ends.
     */
    private static final class GetShardCache implements AutoCloseable {
        private static final java.util.concurrent.CompletableFuture<MemorySegment> FULL =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        private final Arena arena = Arena.ofShared();
        private final ConcurrentHashMap<ShardKey, java.util.concurrent.CompletableFuture<MemorySegment>> payloads =
                new ConcurrentHashMap<>();
        private final AtomicLong room;

        GetShardCache(long budget) {
            room = new AtomicLong(budget);
        }

        private static ShardKey key(StripeRecord s, int i) {
            return new ShardKey(s.id(), s.generation(), i, s.crcs()[i]);
        }

        /**
         * Shard {@code i} of {@code s}: null when the caller is now the one to read it (it must call
         * {@link #done} whatever happens), else the payload's future — null when the reader failed or the
         * budget is spent, so the caller reads it itself.
         */
        java.util.concurrent.CompletableFuture<MemorySegment> claim(StripeRecord s, int i) {
            ShardKey k = key(s, i);
            java.util.concurrent.CompletableFuture<MemorySegment> f = payloads.get(k);
            if (f != null) {
                return f;
            }
            if (room.get() <= 0) {
                return FULL;
            }
            return payloads.putIfAbsent(k, new java.util.concurrent.CompletableFuture<>());
        }

        /** Ends a claim: keeps a copy of verified {@code payload} while the budget lasts, null when it failed. */
        void done(StripeRecord s, int i, MemorySegment payload) {
            ShardKey k = key(s, i);
            java.util.concurrent.CompletableFuture<MemorySegment> f = payloads.get(k);
            MemorySegment copy = null;
            if (payload != null) {
                long n = payload.byteSize();
                if (room.addAndGet(-n) >= 0) {
                    copy = arena.allocate(n, 64);
                    MemorySegment.copy(payload, 0, copy, 0, n);
                } else {
                    room.addAndGet(n);
                }
            }
            if (copy == null) {
                payloads.remove(k, f); // later runs read it themselves
            }
            f.complete(copy);
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    /** A sketcher sampling as the array's reduction does (for workers that sketch ahead). */
    private io.flashcore.reduction.similar.SimilaritySketcher newSketcher() {
        var settings = ChunkCodec.settings(config);
        return new io.flashcore.reduction.similar.SimilaritySketcher(settings.sketchVersion(), settings.sketchSampling());
    }

    /** A record codec configured as the array's (for encoding ahead and decoding on worker threads). */
    private io.flashcore.reduction.compress.RecordCodec newRecordCodec() {
        return new io.flashcore.reduction.compress.RecordCodec(ChunkCodec.settings(config).compression(), dictionaries);
    }

    /** Threads decoding a get's chunk runs ({@code -Dflashcore.array.getThreads}; default: the cores). */
    static final int GET_THREADS = Math.max(1, Integer.getInteger("flashcore.array.getThreads",
            Runtime.getRuntime().availableProcessors()));
    /**
     * The most idle {@link ReadBuffers} kept for later reads ({@code -Dflashcore.array.idleReadBuffers}, default
     * two per get thread and two more): a get's run, a compaction or a scrub would otherwise allocate and zero
     * its stripe frames (up to {@value #READ_FRAMES} × (k+m) shard slots) for every read.
     */
    static final int MAX_IDLE_READ_BUFFERS = Math.max(0, Integer.getInteger("flashcore.array.idleReadBuffers",
            2 * GET_THREADS + 2));
    /** Decoded bytes per task of a get. */
    private static final int GET_RUN_BYTES = 4 << 20;

    /** Decodes chunks {@code from…to−1} of object {@code obj}, in order, into one array. */
    private byte[] decodeRun(ObjectRecord obj, int from, int to, GetShardCache cache) throws IOException {
        int[] lengths = obj.lengths();
        long total = 0;
        for (int i = from; i < to; i++) {
            total += lengths[i];
        }
        byte[] out = new byte[Math.toIntExact(total)];
        io.flashcore.reduction.compress.RecordCodec c = idleEncoders.poll();
        if (c == null) {
            c = newRecordCodec();
        }
        String name = obj.name();
        try (ReadContext ctx = new ReadContext(name)) {
            ctx.cache = cache;
            MemorySegment plain = ctx.arena.allocate(config.maxChunk(), 64);
            // The run's chunk records first: the context then reads just the data shards they are in.
            ChunkRecord[] recs = new ChunkRecord[to - from];
            for (int i = from; i < to; i++) {
                recs[i - from] = chunkRecord(obj.fingerprint(i), name);
                ctx.plan(recs[i - from]);
            }
            int at = 0;
            for (int i = from; i < to; i++) {
                ChunkRecord rec = recs[i - from];
                int n = ctx.decode(c, rec, plain);
                if (n != lengths[i]) {
                    throw new CorruptDataException("object '" + name + "': chunk " + i + " decoded to " + n
                            + " bytes, its recipe says " + lengths[i]);
                }
                MemorySegment.copy(plain, ValueLayout.JAVA_BYTE, 0, out, at, n);
                at += n;
            }
        } finally {
            idleEncoders.add(c);
        }
        return out;
    }

    private static byte[] await(java.util.concurrent.Future<byte[]> f, String name) throws IOException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            throw new FlashArrayException("get of '" + name + "' failed: " + t, t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("get of '" + name + "' interrupted");
        }
    }

    /** The bytes of object {@code name} as an array (for objects that fit in memory). */
    public byte[] getBytes(String name) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        get(name, out);
        return out.toByteArray();
    }

    private ChunkRecord chunkRecord(byte[] fp, String object) throws IOException {
        Optional<ChunkRecord> rec = store.chunk(fp);
        if (rec.isEmpty()) {
            throw chunkGone(object, fp, "object '" + object + "' references chunk " + java.util.HexFormat.of().formatHex(fp)
                    + ", which has no record");
        }
        return rec.get();
    }

    /**
     * The error for chunk {@code fp} of object {@code object} found without a record during a read:
     * the object was deleted or replaced meanwhile (the chunks no object references any more are
     * removed as soon as no put is in flight), else the metadata lost it ({@code corrupt} says how).
     */
    private FlashArrayException chunkGone(String object, byte[] fp, String corrupt) {
        if (object != null) {
            try {
                Optional<ObjectRecord> now = store.object(object);
                if (now.isEmpty()) {
                    return new ObjectNotFoundException(object, "deleted while it was being read");
                }
                ObjectRecord o = now.get();
                boolean stillReferenced = false;
                for (int i = 0; i < o.chunkCount() && !stillReferenced; i++) {
                    stillReferenced = Arrays.equals(o.fingerprint(i), fp);
                }
                if (!stillReferenced) {
                    return new ObjectChangedException(object);
                }
            } catch (FlashArrayException e) {
                // The object cannot be looked up either: report the missing chunk.
            }
        }
        return new CorruptDataException(corrupt);
    }

    /** Stripes a read keeps shards of at once (each costs k+m shard buffers). */
    private static final int READ_FRAMES = 4;

    /** One stripe's shard buffers in a {@link ReadContext}. */
    private static final class Frame {
        final MemorySegment[] slotBufs;
        final MemorySegment[] payloads;
        final boolean[] loaded;
        StripeRecord stripe;

        Frame(MemorySegment[] slotBufs, MemorySegment[] payloads, boolean[] loaded) {
            this.slotBufs = slotBufs;
            this.payloads = payloads;
            this.loaded = loaded;
        }
    }

    /**
     * Reads stored chunk bytes for one operation: keeps the shards of the last few stripes read,
     * checks every shard, and reconstructs what is missing or corrupt. Not thread-safe.
     */
    private final class ReadContext implements AutoCloseable {
        final String object;
        final Arena arena;
        /** Pooled memory (then {@link #arena} is its arena), or null when the context owns its arena. */
        private final ReadBuffers buffers;
        /** Frames of {@link #buffers} this context has taken so far. */
        private int framesTaken;
        // The current stripe frame's buffers (see use()).
        MemorySegment[] slotBufs;
        MemorySegment[] payloads;
        boolean[] loaded;
        /** Recently read stripes, most recent first: chunks of one object alternate between stripes. */
        private final List<Frame> frames = new ArrayList<>();
        final MemorySegment stored;
        final MemorySegment basePlain;
        final MemorySegment deltaStored;
        StripeRecord stripe;
        ReadContext baseView;
        /**
         * The data shards this context's reads will need, by stripe id ({@link #plan}), read in one
         * batch when the stripe is first read; without a plan for a stripe, {@link #readAhead} decides.
         */
        private Long2ObjectHashMap<BitSet> plan;
        /**
         * Without a plan: whether the first read of a stripe also reads the rest of its data shards
         * (sequential readers such as compaction), or just the shards asked for (single chunks).
         */
        boolean readAhead = true;
        /** Shards already read by the get this context serves, or null. */
        GetShardCache cache;

        /** A context on pooled buffers (see {@link #MAX_IDLE_READ_BUFFERS}), given back when it closes. */
        ReadContext(String object) {
            this.object = object;
            ReadBuffers b = idleReadBuffers.poll();
            this.buffers = b != null ? b : new ReadBuffers();
            this.arena = buffers.arena;
            stored = buffers.stored;
            basePlain = buffers.basePlain;
            deltaStored = buffers.deltaStored;
            switchTo(newFrame());
        }

        /** A context whose buffers live in {@code arena} (a shared one when another thread closes it). */
        ReadContext(String object, Arena arena) {
            this.object = object;
            this.arena = arena;
            this.buffers = null;
            switchTo(newFrame());
            stored = arena.allocate(ChunkCodec.maxStored(config.maxChunk()) + 64L, 64);
            basePlain = arena.allocate(config.maxChunk(), 64);
            deltaStored = arena.allocate(stored.byteSize(), 64);
        }

        /** Adds the data shards holding chunk {@code rec}'s stored bytes to this context's plan. */
        void plan(ChunkRecord rec) {
            if (rec.storedLength() == 0) {
                return;
            }
            if (plan == null) {
                plan = new Long2ObjectHashMap<>();
            }
            BitSet b = plan.get(rec.stripe());
            if (b == null) {
                b = new BitSet();
                plan.put(rec.stripe(), b);
            }
            int p = config.shardPayloadBytes();
            b.set(rec.offset() / p, (rec.offset() + rec.storedLength() - 1) / p + 1);
        }

        /** Decodes chunk {@code rec} into {@code dst}; returns its logical bytes. */
        int decode(io.flashcore.reduction.compress.RecordCodec c, ChunkRecord rec, MemorySegment dst)
                throws IOException {
            MemorySegment rec1 = readStored(rec);
            if (rec.base() == null) {
                return c.decode(rec1, dst, id -> null);
            }
            // Depth-1 delta: decode the base first, into its own buffer.
            MemorySegment own = deltaStored.asSlice(0, rec1.byteSize());
            MemorySegment.copy(rec1, 0, own, 0, rec1.byteSize());
            ChunkRecord baseRec = chunkRecord(rec.base(), object);
            // Bases are read through their own view, so that the stripe being read stays cached.
            if (baseView == null) {
                baseView = new ReadContext(object);
                baseView.readAhead = false; // bases are scattered: read just the shards each one is in
                baseView.cache = cache;
            }
            MemorySegment baseStored = baseView.readStored(baseRec);
            int bn = c.decode(baseStored, basePlain, id -> null);
            MemorySegment base = basePlain.asSlice(0, bn);
            return c.decode(own, dst, id -> base);
        }

        /** The stored bytes of chunk {@code rec} (valid until the next call). */
        MemorySegment readStored(ChunkRecord rec) throws IOException {
            ChunkRecord c = rec;
            for (int attempt = 0; ; attempt++) {
                if (stripe == null || stripe.id() != c.stripe()) {
                    use(store.stripe(c.stripe()).orElse(null));
                }
                if (stripe != null && readRange(c.offset(), c.storedLength())) {
                    return stored.asSlice(0, c.storedLength());
                }
                if (attempt >= READ_RETRIES) {
                    throw new CorruptDataException((object == null ? "" : "object '" + object + "': ") + "chunk "
                            + java.util.HexFormat.of().formatHex(c.fingerprint()) + " in stripe " + c.stripe()
                            + " kept changing under the read");
                }
                // The stripe moved (rewritten, compacted or rebuilt) while we read: look again.
                stripe = null;
                frames.get(0).stripe = null;
                Optional<ChunkRecord> again = store.chunk(c.fingerprint());
                if (again.isEmpty()) {
                    throw chunkGone(object, rec.fingerprint(), "chunk " + java.util.HexFormat.of().formatHex(rec.fingerprint())
                            + " vanished during a read");
                }
                c = again.get();
            }
        }

        /** Starts reading stripe {@code s} afresh in the current frame: nothing of it counts as read. */
        void load(StripeRecord s) {
            stripe = s;
            Arrays.fill(loaded, false);
            frames.get(0).stripe = s;
        }

        /**
         * Reads from stripe {@code s}: the frame that already holds this very record (same id and
         * generation) if one does, keeping the shards read into it, else the least recently used
         * frame, emptied. Up to {@link #READ_FRAMES} stripes are kept.
         */
        void use(StripeRecord s) {
            for (int f = 0; f < frames.size(); f++) {
                Frame fr = frames.get(f);
                if (s != null && s.equals(fr.stripe)) {
                    frames.remove(f);
                    frames.add(0, fr);
                    switchTo(fr);
                    return;
                }
            }
            Frame fr = frames.size() < READ_FRAMES ? newFrame() : frames.remove(frames.size() - 1);
            frames.add(0, fr);
            switchTo(fr);
            load(s);
        }

        private Frame newFrame() {
            Frame fr;
            if (buffers != null && framesTaken < buffers.frames.size()) {
                fr = buffers.frames.get(framesTaken++); // emptied when the buffers were given back
            } else {
                int w = config.k() + config.m();
                fr = new Frame(new MemorySegment[w], new MemorySegment[w], new boolean[w]);
                for (int i = 0; i < w; i++) {
                    fr.slotBufs[i] = arena.allocate(config.shardBytes(), 4096);
                    fr.payloads[i] = fr.slotBufs[i].asSlice(ShardHeader.BYTES, config.shardPayloadBytes());
                }
                if (buffers != null) {
                    buffers.frames.add(fr);
                    framesTaken++;
                }
            }
            if (frames.isEmpty()) {
                frames.add(fr);
            }
            return fr;
        }

        private void switchTo(Frame fr) {
            slotBufs = fr.slotBufs;
            payloads = fr.payloads;
            loaded = fr.loaded;
            stripe = fr.stripe;
        }

        /** Copies {@code len} bytes at data-area offset {@code off} into {@link #stored}; false when the stripe is stale. */
        boolean readRange(int off, int len) throws IOException {
            int p = config.shardPayloadBytes();
            if (len == 0) {
                return true;
            }
            int first = off / p;
            int last = (off + len - 1) / p;
            if (!ensure(first, last)) {
                return false;
            }
            int pos = 0;
            for (int i = first; i <= last; i++) {
                int from = i == first ? off % p : 0;
                int to = i == last ? (off + len - 1) % p + 1 : p;
                MemorySegment.copy(payloads[i], from, stored, pos, to - from);
                pos += to - from;
            }
            return true;
        }

        /** Makes data shards first..last available and verified, reconstructing bad ones; false when stale. */
        boolean ensure(int first, int last) throws IOException {
            StripeRecord s = stripe;
            int w = s.width();
            boolean[] bad = new boolean[w];
            boolean[] corrupt = new boolean[w];
            List<Integer> wanted = new ArrayList<>();
            for (int i = first; i <= last; i++) {
                if (!loaded[i]) {
                    wanted.add(i);
                }
            }
            if (wanted.isEmpty()) {
                return true;
            }
            BitSet planned = plan == null ? null : plan.get(s.id());
            if (planned != null) {
                // The other shards this context's reads will need come in the same batch.
                for (int i = planned.nextSetBit(0); i >= 0 && i < config.k(); i = planned.nextSetBit(i + 1)) {
                    if (!loaded[i] && (i < first || i > last)) {
                        wanted.add(i);
                    }
                }
            } else if (readAhead) {
                // Read ahead: objects are mostly read in the order they were written, so the rest of
                // the stripe's data shards come in the same batch.
                int used = (s.dataBytes() + config.shardPayloadBytes() - 1) / config.shardPayloadBytes();
                for (int i = last + 1; i < Math.min(used, config.k()); i++) {
                    if (!loaded[i]) {
                        wanted.add(i);
                    }
                }
            }
            fetch(s, wanted, bad, corrupt);
            boolean anyBad = false;
            for (int i = first; i <= last; i++) {
                anyBad |= bad[i];
            }
            if (!anyBad) {
                return true;
            }
            if (stale(s)) {
                return false;
            }
            // Degraded: fetch every other shard, then rebuild the bad ones from any k good ones.
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < w; i++) {
                if (!loaded[i] && !bad[i]) {
                    rest.add(i);
                }
            }
            fetch(s, rest, bad, corrupt);
            return reconstruct(s, bad, corrupt);
        }

        boolean reconstruct(StripeRecord s, boolean[] bad, boolean[] corrupt) throws IOException {
            int w = s.width();
            boolean[] present = new boolean[w];
            int good = 0;
            IntArrayList missing = new IntArrayList();
            List<Integer> badDrives = new ArrayList<>();
            for (int i = 0; i < w; i++) {
                present[i] = loaded[i] && !bad[i];
                if (present[i]) {
                    good++;
                } else {
                    missing.addInt(i);
                    badDrives.add(s.drives()[i]);
                }
            }
            if (good < config.k()) {
                if (stale(s)) {
                    return false;
                }
                throw new TooFewHealthyDrivesException(object, s.id(), badDrives, config.k(), good);
            }
            rs.reconstruct(payloads, present, missing.toIntArray());
            for (int i = 0; i < w; i++) {
                if (!present[i]) {
                    if (ShardHeader.crc(payloads[i], 0, payloads[i].byteSize()) != s.crcs()[i]) {
                        throw new CorruptDataException("stripe " + s.id() + ": shard " + i
                                + " rebuilt from parity does not match its recorded CRC32C; more shards are bad than detected");
                    }
                    loaded[i] = true;
                }
            }
            metrics.degradedReads.increment();
            for (int i = 0; i < w; i++) {
                if (corrupt[i]) {
                    repair(s, i, payloads[i]);
                }
            }
            return true;
        }

        /** Reads and verifies shards {@code which}; marks each loaded, or bad (and corrupt when its drive answered wrongly). */
        void fetch(StripeRecord s, List<Integer> which, boolean[] bad, boolean[] corrupt) {
            List<Integer> toRead = new ArrayList<>();
            if (cache == null) {
                for (int i : which) {
                    if (!zeroShard(s, i)) {
                        toRead.add(i);
                    }
                }
                readAndVerify(s, toRead, bad, corrupt);
                return;
            }
            // Through the get's cache: shards another run has read are copied; shards another run is
            // reading are waited for, after this context has read (and handed over) its own, so two
            // runs never wait for each other.
            IntArrayList claimed = new IntArrayList();
            IntArrayList waiting = new IntArrayList();
            List<java.util.concurrent.CompletableFuture<MemorySegment>> others = new ArrayList<>();
            try {
                for (int i : which) {
                    if (zeroShard(s, i)) {
                        continue;
                    }
                    java.util.concurrent.CompletableFuture<MemorySegment> f = cache.claim(s, i);
                    if (f == null) {
                        claimed.addInt(i);
                        toRead.add(i);
                    } else {
                        waiting.addInt(i);
                        others.add(f);
                    }
                }
                readAndVerify(s, toRead, bad, corrupt);
            } finally {
                for (int c = 0; c < claimed.size(); c++) {
                    int i = claimed.getInt(c);
                    cache.done(s, i, loaded[i] ? payloads[i] : null);
                }
            }
            List<Integer> again = new ArrayList<>();
            for (int w = 0; w < waiting.size(); w++) {
                int i = waiting.getInt(w);
                MemorySegment p = others.get(w).join();
                if (p != null) {
                    MemorySegment.copy(p, 0, payloads[i], 0, p.byteSize());
                    loaded[i] = true;
                } else {
                    again.add(i); // the other run could not read it, or the cache is full: read it here
                }
            }
            readAndVerify(s, again, bad, corrupt);
        }

        /** Fills shard {@code i} with zeros when it is an all-zero data shard (stored nowhere); true then. */
        private boolean zeroShard(StripeRecord s, int i) {
            if (s.slots()[i] != StripeRecord.ZERO_SLOT) {
                return false;
            }
            payloads[i].fill((byte) 0);
            loaded[i] = true;
            return true;
        }

        /** Reads shards {@code which} of {@code s} in one batch and verifies each; marks them loaded or bad. */
        private void readAndVerify(StripeRecord s, List<Integer> which, boolean[] bad, boolean[] corrupt) {
            List<DriveSet.SlotRead> reads = new ArrayList<>();
            IntArrayList idx = new IntArrayList();
            for (int i : which) {
                int d = s.drives()[i];
                if (!s.stored(i) || driveRecords[d].state() != DriveState.UP || !drives.isUsable(d)) {
                    bad[i] = true; // a missing shard of a degraded stripe, or a drive out of service
                    continue;
                }
                reads.add(new DriveSet.SlotRead(d, s.slots()[i], slotBufs[i]));
                idx.addInt(i);
            }
            if (reads.isEmpty()) {
                return;
            }
            drives.read(reads);
            metrics.shardsRead.add(reads.size());
            for (int r = 0; r < reads.size(); r++) {
                int i = idx.getInt(r);
                if (reads.get(r).failure() != null) {
                    metrics.readErrors.increment();
                    bad[i] = true;
                    corrupt[i] = true;
                    continue;
                }
                if (verify(s, i, slotBufs[i]) != null) {
                    metrics.checksumErrors.increment();
                    bad[i] = true;
                    corrupt[i] = true;
                    continue;
                }
                loaded[i] = true;
            }
        }

        boolean stale(StripeRecord s) throws IOException {
            Optional<StripeRecord> now = store.stripe(s.id());
            return now.isEmpty() || !now.get().equals(s);
        }

        @Override
        public void close() {
            if (baseView != null) {
                baseView.close();
            }
            if (buffers != null) {
                releaseReadBuffers(buffers);
            } else {
                arena.close();
            }
        }
    }

    /** Checks a slot buffer against stripe record {@code s}, shard {@code i}; returns the problem, or null. */
    private String verify(StripeRecord s, int i, MemorySegment slotBuf) {
        ShardHeader h;
        try {
            h = ShardHeader.read(slotBuf, "drive " + s.drives()[i] + " slot " + s.slots()[i]);
        } catch (FlashArrayException e) {
            return e.getMessage();
        }
        if (h.arrayIdHigh() != config.arrayId().getMostSignificantBits()
                || h.arrayIdLow() != config.arrayId().getLeastSignificantBits()) {
            return "shard of another array";
        }
        if (h.stripe() != s.id() || h.shardIndex() != i || h.payloadBytes() != config.shardPayloadBytes()) {
            return "shard of stripe " + h.stripe() + " index " + h.shardIndex() + ", expected " + s.id() + " index " + i;
        }
        if (h.payloadCrc() != s.crcs()[i]) {
            return "shard CRC32C 0x" + Integer.toHexString(h.payloadCrc()) + " differs from the recorded 0x"
                    + Integer.toHexString(s.crcs()[i]);
        }
        int actual = ShardHeader.crc(slotBuf, ShardHeader.BYTES, config.shardPayloadBytes());
        if (actual != h.payloadCrc()) {
            return "payload CRC32C 0x" + Integer.toHexString(actual) + " does not match 0x"
                    + Integer.toHexString(h.payloadCrc());
        }
        return null;
    }

    /**
     * Rewrites shard {@code i} of stripe {@code s} in place from {@code payload}, if the stripe
     * record is unchanged (otherwise the slot may already belong to someone else).
     */
    private boolean repair(StripeRecord s, int i, MemorySegment payload) throws IOException {
        lockSettled();
        try {
            if (closed) {
                return false;
            }
            Optional<StripeRecord> now = store.stripe(s.id());
            if (now.isEmpty() || !now.get().equals(s) || pendingStripes.containsKey(s.id())) {
                return false;
            }
            int d = s.drives()[i];
            if (!s.stored(i) || driveRecords[d].state() != DriveState.UP || !drives.isUsable(d)) {
                return false;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(config.shardBytes(), 4096);
                MemorySegment.copy(payload, 0, buf, ShardHeader.BYTES, config.shardPayloadBytes());
                header(s.id(), s.generation(), i, s.crcs()[i]).write(buf);
                drives.writeDurably(List.of(new DriveSet.SlotWrite(d, s.slots()[i], buf)));
            }
            metrics.shardsRepaired.increment();
            return true;
        } catch (IOException e) {
            // The repair is best effort: the data was served; scrub reports what stays bad.
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the missing shards of degraded stripe {@code s} from {@code payloads} (rebuilt from the
     * others and checked against their CRC32Cs) to drives that can take them, as a rebuild writes
     * lost shards ({@link #commitRebuilt}), and returns how many it wrote. Best effort, like a repair:
     * a shard no drive can take, a stripe changed meanwhile or being filled (its next write places
     * it), or a failed write leaves the shard missing for the next scrub, rebuild or replacement.
     */
    private long writeMissing(StripeRecord s, MemorySegment[] payloads) {
        int[] gone = java.util.stream.IntStream.range(0, s.width())
                .filter(i -> s.slots()[i] == StripeRecord.MISSING_SLOT).toArray();
        if (gone.length == 0) {
            return 0;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment[] bufs = new MemorySegment[gone.length];
            for (int j = 0; j < gone.length; j++) {
                bufs[j] = a.allocate(config.shardBytes(), 4096);
                MemorySegment.copy(payloads[gone[j]], 0, bufs[j], ShardHeader.BYTES, config.shardPayloadBytes());
                header(s.id(), s.generation(), gone[j], s.crcs()[gone[j]]).write(bufs[j]);
            }
            AtomicLong stripes = new AtomicLong();
            AtomicLong written = new AtomicLong();
            commitRebuilt(List.of(new Rebuilt(s, gone, bufs)), List.of(), new long[driveRecords.length], stripes,
                    written, new ArrayList<>());
            metrics.missingShardsPlaced.add(written.get());
            return written.get();
        } catch (IOException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ list, stat, stats

    /** Every object, in name order. */
    public List<ObjectInfo> list() throws IOException {
        return list("");
    }

    /** Every object whose name starts with {@code prefix}, in name order. */
    public List<ObjectInfo> list(String prefix) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            List<ObjectInfo> out = new ArrayList<>();
            store.forEachObject(prefix, o -> out.add(info(o)));
            return out;
        }
    }

    /** The object named {@code name}. */
    public ObjectInfo stat(String name) throws IOException {
        try (Use _ = use()) {
            checkName(name);
            ensureOpen();
            return info(store.objectHead(name).orElseThrow(() -> new ObjectNotFoundException(name)));
        }
    }

    /** True when an object named {@code name} exists. */
    public boolean exists(String name) throws IOException {
        try (Use _ = use()) {
            checkName(name);
            ensureOpen();
            return store.objectHead(name).isPresent();
        }
    }

    private static ObjectInfo info(ObjectRecord o) {
        return new ObjectInfo(o.name(), o.logicalBytes(), o.chunkCount(), Instant.ofEpochMilli(o.createdMillis()));
    }

    private static ObjectInfo info(io.flashcore.array.meta.ObjectHead o) {
        return new ObjectInfo(o.name(), o.logicalBytes(), o.chunkCount(), Instant.ofEpochMilli(o.createdMillis()));
    }

    /** The array's space accounting now (committed state). */
    public ArrayStats stats() throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            lockSettled();
            try {
                ensureOpen();
                long used = 0;
                List<DriveInfo> infos = new ArrayList<>();
                for (int d = 0; d < allocators.length; d++) {
                    SlotAllocator a = allocators[d];
                    DriveRecord r = driveRecords[d];
                    long u = r.state() == DriveState.UP ? a.usedCount() : r.usedSlots();
                    if (r.state() != DriveState.OUT) {
                        used += u;
                    }
                    infos.add(new DriveInfo(d, config.drives().get(d), r.state().name(), u, a.slotCount(),
                            u * config.shardBytes(), a.slotCount() == 0 ? 0 : (double) u / a.slotCount(),
                            drives.unusableReason(d)));
                }
                // stripes, degraded stripes, live, dead and unfilled bytes
                long[] sums = new long[5];
                long capacity = config.stripeDataBytes();
                store.forEachStripe(s -> {
                    sums[0]++;
                    if (s.missingShards() > 0) {
                        sums[1]++;
                    }
                    sums[2] += s.liveBytes();
                    sums[3] += Math.max(0, s.dataBytes() - s.liveBytes());
                    sums[4] += Math.max(0, capacity - s.dataBytes());
                });
                return new ArrayStats(totals.objects(), totals.chunks(), totals.logicalBytes(), totals.uniqueBytes(),
                        totals.storedBytes(), used * config.shardBytes(), store.sizeBytes(), sums[0], infos, sums[1],
                        sums[2], sums[3], sums[4], config.k(), config.m());
            } finally {
                lock.unlock();
            }
        }
    }

    /** Flushes the metadata store's memory tables so that {@link ArrayStats#metadataBytes()} is settled. */
    public void flushMetadata() throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            store.flush();
        }
    }

    // ------------------------------------------------------------------ drive failure, rebuild, scrub

    /**
     * Marks drive {@code drive} (numbered from 0) failed: it is no longer read or written, its
     * shards are served from parity until {@link #rebuild} moves them onto the survivors. Durable.
     */
    public void failDrive(int drive) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            if (drive < 0 || drive >= driveRecords.length) {
                throw new IllegalArgumentException("drive must be in [0, " + driveRecords.length + "), got " + drive);
            }
            lockSettled();
            try {
                ensureOpen();
                if (driveRecords[drive].state() != DriveState.UP) {
                    return;
                }
                markFailedLocked(drive, "failed by request");
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * True when drive {@code d}, which just failed a write, may leave service automatically: it is
     * up, new stripes still fit on the drives left (whole, or degraded by at most m - 1 missing
     * shards, and then only while every stripe keeps a shard of redundancy), and no stripe can lose
     * more than m shards (at most m drives that hold shards are failed at once; beyond that the write
     * fails instead and the operator decides).
     */
    private boolean ejectableLocked(int d) {
        if (driveRecords[d].state() != DriveState.UP || config.m() == 0) {
            return false;
        }
        int up = 0;
        int failedHolding = 0;
        for (int i = 0; i < driveRecords.length; i++) {
            if (driveRecords[i].state() == DriveState.UP && drives.isUsable(i)) {
                up++;
            } else if (allocators[i].usedCount() > 0) {
                failedHolding++;
            }
        }
        // With full stripes still fitting on the drives left, a stripe may lose up to m shards. Below
        // that, new stripes are written degraded (see maxMissingShards), and the drive leaves only if
        // every stripe keeps at least one shard of redundancy.
        int mayLose;
        if (up - 1 >= config.k() + config.m()) {
            mayLose = config.m();
        } else if (up - 1 >= config.k() + config.m() - maxMissingShards()) {
            mayLose = maxMissingShards();
        } else {
            return false;
        }
        if (failedHolding + 1 > mayLose) {
            return false;
        }
        if (!degradedSeen) {
            return true;
        }
        // A degraded stripe lacks shards on drives that may hold nothing else: count per stripe.
        try {
            return worstStripeLossWith(d) <= mayLose;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The most shards any stripe (committed, pending or open) would lack with drive {@code d} out of
     * service too: its missing shards and those stored on drives that are down.
     */
    private int worstStripeLossWith(int d) throws IOException {
        int[] worst = {0};
        java.util.function.Consumer<StripeRecord> check = s -> {
            int lost = 0;
            for (int i = 0; i < s.width(); i++) {
                int dr = s.drives()[i];
                if (s.slots()[i] == StripeRecord.MISSING_SLOT || s.stored(i) && (dr == d || downLocked(dr))) {
                    lost++;
                }
            }
            worst[0] = Math.max(worst[0], lost);
        };
        store.forEachStripe(s -> {
            if (!pendingStripes.containsKey(s.id())) {
                check.accept(s);
            }
        });
        pendingStripes.values().forEach(check);
        if (open != null) {
            check.accept(open.record(0));
        }
        return worst[0];
    }

    /** Takes drive {@code d} out of service after write failure {@code cause}: FAILED in metadata, no more I/O. */
    private void ejectLocked(int d, Exception cause) throws IOException {
        String reason = "write failed: " + cause.getMessage();
        commitFailedLocked(d, reason);
        unsynced.clear(d);
        metrics.drivesEjected.increment();
        ArrayEvents.DriveEjected ev = new ArrayEvents.DriveEjected();
        if (ev.shouldCommit()) {
            ev.drive = d;
            ev.reason = reason;
            ev.commit();
        }
    }

    private void markFailedLocked(int drive, String reason) throws IOException {
        // A stripe being filled with a shard on the failed drive is finished as it is; rebuild moves it.
        flushOpenLocked(null);
        syncLocked();
        open = null;
        commitFailedLocked(drive, reason);
    }

    /** Records drive {@code d} as FAILED under a new topology epoch (synced) and stops all I/O to it. */
    private void commitFailedLocked(int d, String reason) throws IOException {
        commitDriveLocked(d, driveRecords[d].withState(DriveState.FAILED).withUsedSlots(allocators[d].usedCount()),
                io.flashcore.placement.topology.DriveState.FAILED);
        drives.markUnusable(d, reason);
    }

    /**
     * Commits drive {@code d}'s record {@code rec} together with the next topology epoch, in which the
     * drive is {@code placement} (synced, one batch), and makes both current.
     */
    private void commitDriveLocked(int d, DriveRecord rec, io.flashcore.placement.topology.DriveState placement)
            throws IOException {
        StripeLayout next = layout.with(config, d, placement);
        try (MetadataBatch b = store.batch()) {
            b.putDrive(rec);
            b.putTopology(next.epoch(), next.toBytes());
            store.commit(b, true);
        }
        driveRecords[d] = rec;
        layout = next;
    }

    /**
     * Puts drive {@code drive} back into service on the device now at its configured path (a new
     * device swapped in for a lost one; a missing drive file is created). The drive must be
     * {@code FAILED} or {@code OUT}:
     * <ul>
     * <li>{@code FAILED} — its shards are still part of their stripes (an array of exactly k+m drives
     * cannot rebuild them anywhere else): each is reconstructed from the other drives and written to
     * its own slot on the new device, and the stripes regain their full redundancy;</li>
     * <li>{@code OUT} — a rebuild moved its shards away before: it comes back empty and takes new
     * stripes.</li>
     * </ul>
     * Either way, stripes written degraded while drives were down get their missing shards written
     * (to this drive when it is theirs, else to one they do not use).
     * The device's superblock is written and synced, then the drive's state and the topology are
     * committed; only then are shards restored, online (reads and writes go on; a read of a shard not
     * restored yet is served from parity and repairs it). After a crash during the restore, the drive
     * is in service and {@link #scrub} restores the rest.
     *
     * @throws IllegalArgumentException when there is no such drive
     * @throws FlashArrayException      when the drive is up, or the device cannot be used (named)
     */
    public ReplaceReport replaceDrive(int drive, ProgressListener listener) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            if (drive < 0 || drive >= driveRecords.length) {
                throw new IllegalArgumentException("drive must be in [0, " + driveRecords.length + "), got " + drive);
            }
            long t0 = System.nanoTime();
            ArrayEvents.DriveReplaced ev = new ArrayEvents.DriveReplaced();
            ev.begin();
            DriveState before;
            lockSettled();
            try {
                ensureOpen();
                before = driveRecords[drive].state();
                if (before == DriveState.UP) {
                    throw new FlashArrayException("drive " + drive + " (" + config.drives().get(drive)
                            + ") is up: only a failed or out drive can be replaced (fail it first)");
                }
                drives.replace(drive);
                if (before == DriveState.OUT) {
                    allocators[drive] = new SlotAllocator(config.slotsPerDrive()); // it holds nothing the array needs
                }
                try {
                    commitDriveLocked(drive, driveRecords[drive].withState(DriveState.UP)
                            .withUsedSlots(allocators[drive].usedCount()), io.flashcore.placement.topology.DriveState.UP);
                } catch (IOException | RuntimeException e) {
                    drives.markUnusable(drive, "replacement not committed: " + e.getMessage());
                    throw e;
                }
            } finally {
                lock.unlock();
            }
            List<Long> ids = new ArrayList<>();
            store.forEachStripe(s -> {
                for (int i = 0; i < s.width(); i++) {
                    // Its own shards (a FAILED drive's), and the missing shards of degraded stripes, which
                    // the drive back in service can now take.
                    if (s.drives()[i] == drive && s.stored(i) && before == DriveState.FAILED
                            || s.slots()[i] == StripeRecord.MISSING_SLOT) {
                        ids.add(s.id());
                        break;
                    }
                }
            });
            ScrubReport r = scrub(ids, "replace", listener);
            ev.drive = drive;
            ev.previousState = before.name();
            ev.stripes = r.stripesChecked();
            ev.shardsRestored = r.repairedShards();
            ev.unrepairable = r.unrepairableStripes().size();
            ev.commit();
            return new ReplaceReport(drive, before.name(), r.stripesChecked(), r.repairedShards(), r.unrepairableStripes(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Rebuilds every shard of failed drives onto the surviving drives, declustered: each lost shard
     * goes where the placement for the new topology epoch puts it, so writes spread over all
     * survivors and reads over each stripe's k best sources. Reads and writes keep working while it
     * runs. Failed drives become {@code OUT} when nothing references them any more.
     */
    public RebuildReport rebuild(ProgressListener listener) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            long t0 = System.nanoTime();
            List<Integer> failed = new ArrayList<>();
            for (DriveRecord r : driveRecords) {
                if (r.state() == DriveState.FAILED) {
                    failed.add(r.index());
                }
            }
            long[] writesPerDrive = new long[driveRecords.length];
            long stripesRebuilt = 0;
            long shardsRebuilt = 0;
            List<Long> unrecoverable = new ArrayList<>();
            List<Long> leftDegraded = java.util.Collections.synchronizedList(new ArrayList<>());
            if (failed.isEmpty()) {
                return new RebuildReport(failed, 0, 0, 0, writesPerDrive, unrecoverable, 0, List.of());
            }
            for (int pass = 0; pass < 8; pass++) {
                List<Long> todo = new ArrayList<>();
                store.forEachStripe(s -> {
                    for (int i = 0; i < s.width(); i++) {
                        if (s.slots()[i] != StripeRecord.ZERO_SLOT && failed.contains(s.drives()[i])) {
                            todo.add(s.id());
                            break;
                        }
                    }
                });
                todo.removeAll(unrecoverable);
                todo.removeAll(leftDegraded);
                if (todo.isEmpty()) {
                    break;
                }
                long[] counts = rebuildAll(todo, failed, writesPerDrive, unrecoverable, leftDegraded, listener);
                stripesRebuilt += counts[0];
                shardsRebuilt += counts[1];
            }
            if (unrecoverable.isEmpty() && leftDegraded.isEmpty()) {
                placeOpenMissing(); // the stripe being filled is rebuilt by its next write: write it now
                lockSettled();
                try {
                    boolean stillUsed = pendingStripes.values().stream().anyMatch(s -> usesAny(s, failed))
                            || (open != null && usesAny(open.record(0), failed));
                    if (!stillUsed) {
                        for (int d : failed) {
                            commitDriveLocked(d, driveRecords[d].withState(DriveState.OUT).withUsedSlots(0),
                                    io.flashcore.placement.topology.DriveState.FAILED);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
            metrics.shardsRebuilt.add(shardsRebuilt);
            return new RebuildReport(failed, stripesRebuilt, shardsRebuilt, shardsRebuilt * config.shardBytes(),
                    writesPerDrive, unrecoverable, (System.nanoTime() - t0) / 1e9, List.copyOf(leftDegraded));
        }
    }

    private static boolean usesAny(StripeRecord s, List<Integer> failedDrives) {
        for (int i = 0; i < s.width(); i++) {
            if (s.slots()[i] != StripeRecord.ZERO_SLOT && failedDrives.contains(s.drives()[i])) {
                return true;
            }
        }
        return false;
    }

    /** Threads a rebuild reads and reconstructs on ({@code -Dflashcore.array.rebuildThreads}; default: the cores). */
    static final int REBUILD_THREADS = Math.max(1, Integer.getInteger("flashcore.array.rebuildThreads",
            Runtime.getRuntime().availableProcessors()));
    /** Stripes written, synced and committed together by a rebuild thread: one fdatasync per drive and one metadata batch per group. */
    static final int REBUILD_GROUP = 16;

    /** A stripe whose shards on failed drives were reconstructed: slot buffers with header and payload, ready to write. */
    private record Rebuilt(StripeRecord stripe, int[] shards, MemorySegment[] slots) {
    }

    /**
     * Rebuilds stripes {@code todo} on {@link #REBUILD_THREADS} threads (the caller's among them):
     * each reads and reconstructs stripes outside the lock and writes them in groups of
     * {@link #REBUILD_GROUP}. Returns {stripes rebuilt, shards rebuilt}.
     */
    private long[] rebuildAll(List<Long> todo, List<Integer> failed, long[] writesPerDrive, List<Long> unrecoverable,
                              List<Long> leftDegraded, ProgressListener listener) throws IOException {
        java.util.concurrent.atomic.AtomicInteger cursor = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicLong stripes = new AtomicLong();
        AtomicLong shards = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> lostHere = java.util.Collections.synchronizedList(new ArrayList<>());
        Runnable worker = () -> {
            try (ReadContext ctx = new ReadContext(null); Arena groupArena = Arena.ofConfined()) {
                MemorySegment[] pool = new MemorySegment[REBUILD_GROUP * Math.max(1, config.m())];
                for (int i = 0; i < pool.length; i++) {
                    pool[i] = groupArena.allocate(config.shardBytes(), 4096);
                }
                List<Rebuilt> group = new ArrayList<>();
                int used = 0;
                for (int i; errors.isEmpty() && (i = cursor.getAndIncrement()) < todo.size(); ) {
                    long id = todo.get(i);
                    Rebuilt r = reconstructForRebuild(ctx, id, failed, lostHere, pool, used);
                    if (r != null) {
                        group.add(r);
                        used += r.shards().length;
                    }
                    if (group.size() == REBUILD_GROUP || used + config.m() > pool.length) {
                        commitRebuilt(group, failed, writesPerDrive, stripes, shards, leftDegraded);
                        group.clear();
                        used = 0;
                    }
                    long d = done.incrementAndGet();
                    synchronized (done) { // listeners need not be thread-safe
                        listener.progress("rebuild", d, todo.size());
                    }
                    ArrayEvents.RebuildProgress ev = new ArrayEvents.RebuildProgress();
                    if (ev.shouldCommit()) {
                        ev.stripe = id;
                        ev.shards = r == null ? 0 : r.shards().length;
                        ev.done = d;
                        ev.total = todo.size();
                        ev.commit();
                    }
                }
                commitRebuilt(group, failed, writesPerDrive, stripes, shards, leftDegraded);
            } catch (IOException | RuntimeException e) {
                errors.add(e);
            }
        };
        int threads = Math.min(REBUILD_THREADS, Math.max(1, todo.size() / REBUILD_GROUP));
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread th = new Thread(worker, "flashcore-rebuild-" + t);
            th.setDaemon(true);
            th.start();
            helpers.add(th);
        }
        worker.run();
        boolean interrupted = false;
        for (Thread th : helpers) {
            for (;;) {
                try {
                    th.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers write this array's slots: always wait for them
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        unrecoverable.addAll(lostHere);
        if (!errors.isEmpty()) {
            Throwable first = errors.get(0);
            for (Throwable t : errors.subList(1, errors.size())) {
                first.addSuppressed(t);
            }
            if (first instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) first;
        }
        return new long[] {stripes.get(), shards.get()};
    }

    /**
     * Reads stripe {@code id} and reconstructs its shards on {@code failed} drives into
     * {@code pool[from…]} (header and payload); null when it has none, vanished or cannot be
     * rebuilt (then added to {@code unrecoverable}).
     */
    private Rebuilt reconstructForRebuild(ReadContext ctx, long id, List<Integer> failed, List<Long> unrecoverable,
                                          MemorySegment[] pool, int from) throws IOException {
        for (int attempt = 0; attempt < READ_RETRIES; attempt++) {
            StripeRecord s = store.stripe(id).orElse(null);
            if (s == null) {
                return null;
            }
            int w = s.width();
            IntArrayList lost = new IntArrayList();
            for (int i = 0; i < w; i++) {
                if (s.slots()[i] != StripeRecord.ZERO_SLOT && failed.contains(s.drives()[i])) {
                    lost.addInt(i);
                }
            }
            if (lost.isEmpty()) {
                return null;
            }
            ctx.load(s);
            boolean[] bad = new boolean[w];
            boolean[] corrupt = new boolean[w];
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < w; i++) {
                all.add(i);
            }
            ctx.fetch(s, all, bad, corrupt);
            try {
                if (!ctx.reconstruct(s, bad, corrupt)) {
                    continue;
                }
            } catch (TooFewHealthyDrivesException e) {
                unrecoverable.add(id);
                return null;
            }
            int[] shards = lost.toIntArray();
            MemorySegment[] slots = new MemorySegment[shards.length];
            for (int j = 0; j < shards.length; j++) {
                int i = shards[j];
                MemorySegment buf = pool[from + j];
                MemorySegment.copy(ctx.payloads[i], 0, buf, ShardHeader.BYTES, config.shardPayloadBytes());
                header(id, s.generation(), i, s.crcs()[i]).write(buf);
                slots[j] = buf;
            }
            return new Rebuilt(s, shards, slots);
        }
        return null;
    }

    /**
     * Writes a group of reconstructed stripes to survivors (placement under the current epoch,
     * else the least-filled drive that keeps the stripe's rules), syncs those drives once and
     * commits the stripes' new records in one batch. A stripe that changed since it was read is
     * skipped: the next pass of the rebuild finds it again. A lost shard no drive can take stays
     * where it is (the rest of its stripe is written), and the stripe is added to {@code leftDegraded}.
     * Scrub writes the missing shards of degraded stripes through here too.
     */
    private void commitRebuilt(List<Rebuilt> group, List<Integer> failed, long[] writesPerDrive, AtomicLong stripes,
                               AtomicLong shards, List<Long> leftDegraded) throws IOException {
        if (group.isEmpty()) {
            return;
        }
        lockSettled();
        try {
            ensureOpen();
            List<DriveSet.SlotWrite> writes = new ArrayList<>();
            List<long[]> allocated = new ArrayList<>();
            List<long[]> movedOff = new ArrayList<>(); // slots the moved shards leave behind
            List<StripeRecord> updated = new ArrayList<>();
            try {
                for (Rebuilt r : group) {
                    StripeRecord s = r.stripe();
                    long id = s.id();
                    Optional<StripeRecord> now = store.stripe(id);
                    if (now.isEmpty() || !now.get().equals(s) || pendingStripes.containsKey(id)
                            || (open != null && open.id == id)) {
                        continue;
                    }
                    int w = s.width();
                    int[] target = layout.drivesFor(id);
                    int[] newDrives = s.drives().clone();
                    long[] newSlots = s.slots().clone();
                    int placed = 0;
                    for (int j = 0; j < r.shards().length; j++) {
                        int i = r.shards()[j];
                        int d = target[i];
                        boolean taken = false;
                        for (int x = 0; x < w; x++) {
                            taken |= x != i && newDrives[x] == d;
                        }
                        if (taken || failed.contains(d) || driveRecords[d].state() != DriveState.UP
                                || !drives.isUsable(d) || allocators[d].freeCount() == 0) {
                            int was = newDrives[i];
                            newDrives[i] = -1;
                            try {
                                d = substituteLocked(newDrives, i, null, id);
                            } catch (ArrayFullException e) {
                                // Fewer drives up than the stripe is wide: this shard waits for a drive to come back.
                                newDrives[i] = was;
                                if (!leftDegraded.contains(id)) {
                                    leftDegraded.add(id);
                                }
                                continue;
                            }
                        }
                        long slot = allocators[d].allocate();
                        allocated.add(new long[] {d, slot});
                        if (s.slots()[i] >= 0 && s.drives()[i] != d) {
                            movedOff.add(new long[] {s.drives()[i], s.slots()[i]});
                        }
                        newDrives[i] = d;
                        newSlots[i] = slot;
                        writes.add(new DriveSet.SlotWrite(d, slot, r.slots()[j]));
                        placed++;
                    }
                    if (placed > 0) {
                        updated.add(s.with(s.generation(), s.dataBytes(), s.liveBytes(), newDrives, newSlots, s.crcs()));
                    }
                }
                if (updated.isEmpty()) {
                    return;
                }
                drives.writeDurably(writes);
                // The old slots are on failed drives, which see no I/O: free now, so the drive
                // records committed below count only what the stripes still hold there.
                for (long[] f : movedOff) {
                    allocators[(int) f[0]].free(f[1]);
                }
                try (MetadataBatch b = store.batch()) {
                    for (StripeRecord u : updated) {
                        b.putStripe(u);
                    }
                    putDriveRecords(b);
                    store.commit(b, true);
                }
            } catch (IOException | RuntimeException e) {
                for (long[] al : allocated) {
                    allocators[(int) al[0]].free(al[1]);
                }
                for (long[] f : movedOff) {
                    allocators[(int) f[0]].markUsed(f[1]);
                }
                throw e;
            }
            for (long[] al : allocated) {
                writesPerDrive[(int) al[0]]++;
            }
            stripes.addAndGet(updated.size());
            shards.addAndGet(writes.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads every shard of every stripe, checks headers, CRC32Cs and parity, and rewrites bad
     * shards from parity. Shards on failed drives are counted as missing (rebuild's job).
     */
    public ScrubReport scrub(ProgressListener listener) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            List<Long> ids = new ArrayList<>();
            store.forEachStripe(s -> ids.add(s.id()));
            return scrub(ids, "scrub", listener);
        }
    }

    /** Scrubs the stripes {@code ids} (those since deleted are skipped), reporting progress as {@code phase}. */
    private ScrubReport scrub(List<Long> ids, String phase, ProgressListener listener) throws IOException {
        long shards = 0;
        long corruptCount = 0;
        long repaired = 0;
        long missing = 0;
        long mismatches = 0;
        List<Long> unrepairable = new ArrayList<>();
        long done = 0;
        try (ReadContext ctx = new ReadContext(null)) {
            for (long id : ids) {
                for (int attempt = 0; attempt < READ_RETRIES; attempt++) {
                    StripeRecord s = store.stripe(id).orElse(null);
                    if (s == null) {
                        break;
                    }
                    int w = s.width();
                    ctx.load(s);
                    boolean[] bad = new boolean[w];
                    boolean[] corrupt = new boolean[w];
                    List<Integer> all = new ArrayList<>();
                    for (int i = 0; i < w; i++) {
                        all.add(i);
                    }
                    long repairedBefore = metrics.shardsRepaired();
                    ctx.fetch(s, all, bad, corrupt);
                    int nBad = 0;
                    int nCorrupt = 0;
                    for (int i = 0; i < w; i++) {
                        nBad += bad[i] ? 1 : 0;
                        nCorrupt += corrupt[i] ? 1 : 0;
                    }
                    if (nCorrupt > 0 && ctx.stale(s)) {
                        continue;
                    }
                    shards += w;
                    corruptCount += nCorrupt;
                    missing += nBad - nCorrupt;
                    if (nBad == 0) {
                        if (config.m() > 0 && !rs.verify(ctx.payloads)) {
                            mismatches++;
                        }
                    } else {
                        try {
                            if (!ctx.reconstruct(s, bad, corrupt)) {
                                continue;
                            }
                            repaired += writeMissing(s, ctx.payloads);
                        } catch (TooFewHealthyDrivesException | CorruptDataException e) {
                            unrepairable.add(id);
                        }
                        repaired += metrics.shardsRepaired() - repairedBefore;
                    }
                    break;
                }
                done++;
                listener.progress(phase, done, ids.size());
            }
        }
        repaired += placeOpenMissing();
        return new ScrubReport(ids.size(), shards, corruptCount, repaired, missing, mismatches, unrepairable);
    }

    /** The drives' states and fill. */
    public List<DriveInfo> drives() throws IOException {
        try (Use _ = use()) {
            return stats().drives();
        }
    }

    /**
     * The logical lengths (bytes) of up to {@code max} unique chunks, taken evenly from the
     * metadata store's chunk records: a sample for chunk size statistics. Reads only metadata.
     */
    public long[] chunkLengthSample(int max) throws IOException {
        try (Use _ = use()) {
            ensureOpen();
            if (max <= 0) {
                return new long[0];
            }
            long chunks = stats().chunks();
            long every = Math.max(1, chunks / max);
            long[] sample = new long[(int) Math.min(max, Math.max(0, chunks))];
            int[] n = {0};
            long[] seen = {0};
            store.forEachChunk(c -> {
                if (seen[0]++ % every == 0 && n[0] < sample.length) {
                    sample[n[0]++] = c.logicalLength();
                }
            });
            return java.util.Arrays.copyOf(sample, n[0]);
        }
    }
}
