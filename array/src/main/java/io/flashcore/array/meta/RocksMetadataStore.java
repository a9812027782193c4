package io.flashcore.array.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FlashArrayException;

/**
 * The default {@link MetadataStore}: an embedded RocksDB database in one folder.
 *
 * <p>Keys are a one-byte record kind followed by the record's key: {@code 'O'} + UTF-8 name (the object's
 * head), {@code 'R'} + UTF-8 name + a zero byte + big-endian segment index (a large object's recipe
 * segments; names hold no zero byte, so one name's segments share a prefix no other name's have),
 * {@code 'C'} + fingerprint, {@code 'S'} + big-endian stripe id, {@code 'D'} + big-endian drive,
 * {@code 'T'} + big-endian epoch, {@code 'V'} + UTF-8 value name, {@code 'Z'} + fingerprint (a chunk
 * record may be left without references). Values start with their record's
 * format version. A durable commit syncs RocksDB's write-ahead log. Thread-safe.
 */
public final class RocksMetadataStore implements MetadataStore {
    private static final byte OBJECT = 'O';
    private static final byte RECIPE = 'R';
    private static final byte CHUNK = 'C';
    private static final byte UNREFERENCED = 'Z';
    /** The value of an unreferenced-chunk mark: its format version. */
    private static final byte[] MARK = {1};
    private static final byte STRIPE = 'S';
    private static final byte DRIVE = 'D';
    private static final byte TOPOLOGY = 'T';
    private static final byte VALUE = 'V';
    private static final String TOTALS = "totals";

    static {
        RocksNativeLibrary.load();
    }

    private final Path dir;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions durableWrite;
    private final WriteOptions lazyWrite;
    private volatile boolean closed;

    private RocksMetadataStore(Path dir, Options options, RocksDB db) {
        this.dir = dir;
        this.options = options;
        this.db = db;
        this.durableWrite = new WriteOptions().setSync(true);
        this.lazyWrite = new WriteOptions().setSync(false);
    }

    /**
     * Opens the store in {@code dir}, creating it when {@code create} is true; a missing store
     * without {@code create} is an error naming the folder.
     */
    public static RocksMetadataStore open(Path dir, boolean create) throws FlashArrayException {
        if (!create && !Files.isRegularFile(dir.resolve("CURRENT"))) {
            throw new FlashArrayException("no metadata store in " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FlashArrayException("cannot create the metadata folder " + dir, e);
        }
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setFilterPolicy(new BloomFilter(10, false))
                .setBlockSize(16 * 1024);
        Options options = new Options()
                .setCreateIfMissing(create)
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(2)
                .setMaxManifestFileSize(8L << 20)
                // A torn last record is a commit that was never acknowledged; corruption anywhere
                // else is lost commits, which must be reported, not silently cut off (the default).
                .setWalRecoveryMode(org.rocksdb.WALRecoveryMode.TolerateCorruptedTailRecords);
        try {
            return new RocksMetadataStore(dir, options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw new FlashArrayException("cannot open the metadata store in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] key(byte kind, byte[] k) {
        byte[] out = new byte[k.length + 1];
        out[0] = kind;
        System.arraycopy(k, 0, out, 1, k.length);
        return out;
    }

    private static byte[] key(byte kind, long id) {
        byte[] out = new byte[9];
        out[0] = kind;
        for (int i = 0; i < 8; i++) {
            out[1 + i] = (byte) (id >>> (56 - 8 * i));
        }
        return out;
    }

    private static byte[] key(byte kind, int id) {
        return new byte[] {kind, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    private static byte[] key(byte kind, String s) {
        return key(kind, s.getBytes(StandardCharsets.UTF_8));
    }

    /** The key of recipe segment {@code s} of object {@code name}, or with {@code s} = -1, their common prefix. */
    private static byte[] segmentKey(String name, int s) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[n.length + (s < 0 ? 2 : 6)];
        out[0] = RECIPE;
        System.arraycopy(n, 0, out, 1, n.length);
        if (s >= 0) {
            for (int i = 0; i < 4; i++) {
                out[n.length + 2 + i] = (byte) (s >>> (24 - 8 * i));
            }
        }
        return out;
    }

    private static long longOf(byte[] key) {
        long v = 0;
        for (int i = 1; i < 9; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v;
    }

    private byte[] get(byte[] key) throws FlashArrayException {
        ensureOpen();
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new FlashArrayException("metadata read failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() throws FlashArrayException {
        if (closed) {
            throw new FlashArrayException("the metadata store in " + dir + " is closed");
        }
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void visit(byte[] key, byte[] value) throws FlashArrayException;
    }

    /** Visits entries while it returns true. */
    @FunctionalInterface
    private interface StoppingVisitor {
        boolean visit(byte[] key, byte[] value) throws FlashArrayException;
    }

    private void scan(byte[] prefix, EntryVisitor visitor) throws FlashArrayException {
        scanWhile(prefix, (k, v) -> {
            visitor.visit(k, v);
            return true;
        });
    }

    private void scanWhile(byte[] prefix, StoppingVisitor visitor) throws FlashArrayException {
        ensureOpen();
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                if (!visitor.visit(k, it.value())) {
                    break;
                }
            }
            try {
                it.status();
            } catch (RocksDBException e) {
                throw new FlashArrayException("metadata scan failed in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<ObjectRecord> object(String name) throws FlashArrayException {
        return readObject(name, (head, segments) -> {
            List<byte[]> all = new ArrayList<>(head.segmentCount());
            for (int s = 0; s < head.segmentCount(); s++) {
                all.add(segments.segment(s));
            }
            return head.withSegments(all);
        });
    }

    @Override
    public Optional<RecipeSlice> objectRange(String name, long offset, long length) throws FlashArrayException {
        return readObject(name, (head, segments) -> head.slice(offset, length, segments));
    }

    /** What {@link #readObject} makes of an object's head and its recipe segments. */
    @FunctionalInterface
    private interface ObjectReader<T> {
        T read(ObjectHead head, ObjectHead.SegmentSource segments) throws FlashArrayException;
    }

    /**
     * Reads object {@code name}'s head and, through {@code reader}, the recipe segments it asks for, all
     * from one snapshot: a commit replacing the object meanwhile is seen whole or not at all.
     */
    private <T> Optional<T> readObject(String name, ObjectReader<T> reader) throws FlashArrayException {
        ensureOpen();
        try (ReadOptions ro = new ReadOptions()) {
            org.rocksdb.Snapshot snap = db.getSnapshot();
            try {
                ro.setSnapshot(snap);
                byte[] v = db.get(ro, key(OBJECT, name));
                if (v == null) {
                    return Optional.empty();
                }
                ObjectHead head = ObjectHead.decode(name, v);
                return Optional.of(reader.read(head, s -> {
                    try {
                        byte[] seg = db.get(ro, segmentKey(name, s));
                        if (seg == null) {
                            throw new CorruptDataException("object record '" + name + "' lacks recipe segment " + s
                                    + " of " + head.segmentCount());
                        }
                        return seg;
                    } catch (RocksDBException e) {
                        throw new FlashArrayException("metadata read failed in " + dir + ": " + e.getMessage(), e);
                    }
                }));
            } finally {
                db.releaseSnapshot(snap);
            }
        } catch (RocksDBException e) {
            throw new FlashArrayException("metadata read failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ObjectHead> objectHead(String name) throws FlashArrayException {
        byte[] v = get(key(OBJECT, name));
        return v == null ? Optional.empty() : Optional.of(ObjectHead.decode(name, v));
    }

    @Override
    public void forEachObject(String prefix, Consumer<ObjectHead> action) throws FlashArrayException {
        scan(key(OBJECT, prefix), (k, v) -> action.accept(ObjectHead.decode(
                new String(k, 1, k.length - 1, StandardCharsets.UTF_8), v)));
    }

    @Override
    public Optional<ChunkRecord> chunk(byte[] fingerprint) throws FlashArrayException {
        byte[] v = get(key(CHUNK, fingerprint));
        return v == null ? Optional.empty() : Optional.of(ChunkRecord.decode(fingerprint, v));
    }

    @Override
    public void forEachChunk(Consumer<ChunkRecord> action) throws FlashArrayException {
        scan(new byte[] {CHUNK}, (k, v) -> action.accept(ChunkRecord.decode(Arrays.copyOfRange(k, 1, k.length), v)));
    }

    @Override
    public void forEachChunkWhile(java.util.function.Predicate<ChunkRecord> action) throws FlashArrayException {
        scanWhile(new byte[] {CHUNK}, (k, v) -> action.test(ChunkRecord.decode(Arrays.copyOfRange(k, 1, k.length), v)));
    }

    @Override
    public void forEachUnreferencedMark(Consumer<byte[]> action) throws FlashArrayException {
        scan(new byte[] {UNREFERENCED}, (k, v) -> action.accept(Arrays.copyOfRange(k, 1, k.length)));
    }

    @Override
    public Optional<StripeRecord> stripe(long id) throws FlashArrayException {
        byte[] v = get(key(STRIPE, id));
        return v == null ? Optional.empty() : Optional.of(StripeRecord.decode(id, v));
    }

    @Override
    public void forEachStripe(Consumer<StripeRecord> action) throws FlashArrayException {
        scan(new byte[] {STRIPE}, (k, v) -> {
            if (k.length != 9) {
                throw new CorruptDataException("stripe key of " + k.length + " bytes in " + dir);
            }
            action.accept(StripeRecord.decode(longOf(k), v));
        });
    }

    @Override
    public List<DriveRecord> drives() throws FlashArrayException {
        List<DriveRecord> out = new ArrayList<>();
        scan(new byte[] {DRIVE}, (k, v) -> {
            if (k.length != 5) {
                throw new CorruptDataException("drive key of " + k.length + " bytes in " + dir);
            }
            int idx = ((k[1] & 0xFF) << 24) | ((k[2] & 0xFF) << 16) | ((k[3] & 0xFF) << 8) | (k[4] & 0xFF);
            out.add(DriveRecord.decode(idx, v));
        });
        return out;
    }

    @Override
    public Optional<byte[]> topology(long epoch) throws FlashArrayException {
        return Optional.ofNullable(get(key(TOPOLOGY, epoch)));
    }

    @Override
    public OptionalLong latestEpoch() throws FlashArrayException {
        long[] last = {-1};
        scan(new byte[] {TOPOLOGY}, (k, v) -> last[0] = longOf(k));
        return last[0] < 0 ? OptionalLong.empty() : OptionalLong.of(last[0]);
    }

    @Override
    public Totals totals() throws FlashArrayException {
        byte[] v = get(key(VALUE, TOTALS));
        return v == null ? Totals.ZERO : Totals.decode(v);
    }

    @Override
    public Optional<byte[]> value(String key) throws FlashArrayException {
        return Optional.ofNullable(get(key(VALUE, key)));
    }

    @Override
    public MetadataBatch batch() {
        return new Batch();
    }

    @Override
    public void commit(MetadataBatch batch, boolean durable) throws FlashArrayException {
        ensureOpen();
        if (!(batch instanceof Batch b)) {
            throw new IllegalArgumentException("batch of another store: " + batch.getClass().getName());
        }
        try {
            db.write(durable ? durableWrite : lazyWrite, b.wb);
        } catch (RocksDBException e) {
            throw new FlashArrayException("metadata commit of " + b.size() + " changes failed in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long sizeBytes() throws FlashArrayException {
        ensureOpen();
        long liveTables;
        try {
            // Table files of the current version only: a compaction's inputs stay on disk until it ends
            // (an open after a few small commits compacts them), and counting both doubled the figure.
            liveTables = db.getLongProperty("rocksdb.live-sst-files-size");
        } catch (RocksDBException e) {
            throw new FlashArrayException("cannot size the metadata tables in " + dir + ": " + e.getMessage(), e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            long sum = liveTables;
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                // RocksDB's own info logs are diagnostics, not metadata; table files are counted above.
                if (!name.startsWith("LOG") && !name.endsWith(".sst") && Files.isRegularFile(p)) {
                    try {
                        sum += Files.size(p);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // an obsolete log deleted by RocksDB meanwhile
                    }
                }
            }
            return sum;
        } catch (IOException e) {
            throw new FlashArrayException("cannot size the metadata folder " + dir, e);
        }
    }

    /** Flushes memory tables to files, so that {@link #sizeBytes()} reflects settled sizes. */
    public void flush() throws FlashArrayException {
        ensureOpen();
        try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(fo);
        } catch (RocksDBException e) {
            throw new FlashArrayException("metadata flush failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        db.close();
        durableWrite.close();
        lazyWrite.close();
        options.close();
    }

    private final class Batch implements MetadataBatch {
        private final WriteBatch wb = new WriteBatch();
        private final RecordWriter w = new RecordWriter(256);
        /** Names put with recipe segments in this batch. */
        private final java.util.Set<String> segmented = new java.util.HashSet<>();
        private int size;

        private void put(byte[] k, byte[] v) {
            try {
                wb.put(k, v);
                size++;
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot queue a metadata change: " + e.getMessage(), e);
            }
        }

        private void delete(byte[] k) {
            try {
                wb.delete(k);
                size++;
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot queue a metadata change: " + e.getMessage(), e);
            }
        }

        @Override
        public void putObject(ObjectRecord object) {
            clearSegments(object.name());
            long start = 0;
            for (int s = 0; s < object.segmentCount(); s++) {
                put(segmentKey(object.name(), s), object.encodeSegment(s, start, w));
                start += object.segmentBytes(s);
            }
            if (object.segmentCount() > 0) {
                segmented.add(object.name());
            }
            put(key(OBJECT, object.name()), object.encode(w));
        }

        @Override
        public void deleteObject(String name) {
            clearSegments(name);
            delete(key(OBJECT, name));
        }

        /**
         * Removes the recipe segments of the object now named {@code name}, if it has any: the committed
         * object's (its head says) or one put earlier in this batch.
         */
        private void clearSegments(String name) {
            boolean has = segmented.contains(name);
            if (!has) {
                try {
                    byte[] v = db.get(key(OBJECT, name));
                    has = v != null && ObjectHead.decode(name, v).segmentCount() > 0;
                } catch (RocksDBException e) {
                    throw new IllegalStateException("cannot queue a metadata change: " + e.getMessage(), e);
                } catch (FlashArrayException e) {
                    has = true; // a damaged head: clear whatever segments the name has
                }
            }
            if (has) {
                try {
                    byte[] from = segmentKey(name, -1);
                    byte[] to = from.clone();
                    to[to.length - 1] = 1;
                    wb.deleteRange(from, to);
                    size++;
                } catch (RocksDBException e) {
                    throw new IllegalStateException("cannot queue a metadata change: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void putChunk(ChunkRecord chunk) {
            put(key(CHUNK, chunk.fingerprint()), chunk.encode(w));
        }

        @Override
        public void deleteChunk(byte[] fingerprint) {
            delete(key(CHUNK, fingerprint));
        }

        @Override
        public void markUnreferenced(byte[] fingerprint) {
            put(key(UNREFERENCED, fingerprint), MARK);
        }

        @Override
        public void clearUnreferenced(byte[] fingerprint) {
            delete(key(UNREFERENCED, fingerprint));
        }

        @Override
        public void putStripe(StripeRecord stripe) {
            put(key(STRIPE, stripe.id()), stripe.encode(w));
        }

        @Override
        public void deleteStripe(long id) {
            delete(key(STRIPE, id));
        }

        @Override
        public void putDrive(DriveRecord drive) {
            put(key(DRIVE, drive.index()), drive.encode(w));
        }

        @Override
        public void putTopology(long epoch, byte[] topology) {
            put(key(TOPOLOGY, epoch), topology);
        }

        @Override
        public void putTotals(Totals totals) {
            put(key(VALUE, TOTALS), totals.encode(w));
        }

        @Override
        public void putValue(String key, byte[] value) {
            put(key(VALUE, key), value);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void close() {
            wb.close();
        }
    }
}
