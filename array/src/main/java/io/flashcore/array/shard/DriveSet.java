package io.flashcore.array.shard;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.flashcore.array.ArrayConfig;
import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FlashArrayException;
import io.flashcore.array.ForeignDriveException;
import io.flashcore.array.FormatVersionException;
import io.flashcore.array.MissingDriveException;
import io.flashcore.nativeio.BlockDevice;
import io.flashcore.nativeio.DeviceIoException;
import io.flashcore.nativeio.DeviceOption;
import io.flashcore.nativeio.IoCompletionHandler;
import io.flashcore.nativeio.IoEngine;

/**
 * The array's drives opened for shard I/O: each one's superblock checked against the array, and
 * batched slot reads and writes through pooled {@link IoEngine}s (io_uring with O_DIRECT where
 * the system offers it, the FileChannel back-end elsewhere).
 *
 * <p>A drive that is missing, foreign or has an unreadable superblock is either an error at open
 * or, when opened tolerantly, an <em>unusable</em> drive whose shards are served from parity.
 *
 * <p>Thread-safe: every operation borrows an engine of its own. Closing waits for nothing; the
 * caller stops I/O first.
 */
public final class DriveSet implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DriveSet.class.getName());

    private final ArrayConfig config;
    private final BlockDevice[] devices;
    private final String[] unusableReason;
    private final ConcurrentLinkedDeque<IoEngine> engines = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private DriveSet(ArrayConfig config, BlockDevice[] devices, String[] unusableReason) {
        this.config = config;
        this.devices = devices;
        this.unusableReason = unusableReason;
    }

    /**
     * Creates the drives of {@code config}: regular files are created sparse at
     * {@code driveBytes}; block devices must exist and be large enough. Writes and syncs every
     * superblock. Existing files are refused unless {@code overwrite}.
     */
    public static DriveSet create(ArrayConfig config, boolean overwrite) throws IOException {
        int n = config.drives().size();
        BlockDevice[] devs = new BlockDevice[n];
        try {
            for (int i = 0; i < n; i++) {
                Path p = config.drives().get(i);
                boolean isFile = !Files.exists(p) || Files.isRegularFile(p);
                if (isFile) {
                    if (Files.exists(p) && !overwrite) {
                        throw new FlashArrayException("drive " + i + ": " + p + " already exists; refusing to overwrite it");
                    }
                    sparseFile(p, config.driveBytes());
                }
                devs[i] = openSized(config, i, p);
            }
            DriveSet set = new DriveSet(config, devs, new String[n]);
            long now = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                set.writeSuperblock(i, devs[i], now);
            }
            return set;
        } catch (IOException | RuntimeException e) {
            for (BlockDevice d : devs) {
                closeQuietly(d);
            }
            throw e;
        }
    }

    /**
     * Opens the drives of {@code config} and checks each superblock. With {@code tolerant}, a
     * missing, foreign or corrupt drive becomes unusable (see {@link #unusableReason(int)});
     * otherwise it is an error: {@link MissingDriveException}, {@link ForeignDriveException},
     * {@link FormatVersionException} or {@link CorruptDataException}. Drives listed in
     * {@code skip} (already failed) are not opened.
     */
    public static DriveSet open(ArrayConfig config, BitSet skip, boolean tolerant) throws IOException {
        int n = config.drives().size();
        BlockDevice[] devs = new BlockDevice[n];
        String[] reasons = new String[n];
        DriveSet set = new DriveSet(config, devs, reasons);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(DriveSuperblock.BYTES, 4096);
            for (int i = 0; i < n; i++) {
                if (skip.get(i)) {
                    reasons[i] = "marked failed";
                    continue;
                }
                Path p = config.drives().get(i);
                try {
                    if (!Files.exists(p)) {
                        throw new MissingDriveException(i, p);
                    }
                    devs[i] = openDevice(p);
                    IoEngine e = set.borrow();
                    try {
                        e.read(devs[i], 0, block, i);
                        e.awaitAll();
                    } finally {
                        set.giveBack(e);
                    }
                    DriveSuperblock sb = DriveSuperblock.read(block, "drive " + i + " (" + p + ")");
                    set.checkOwnership(i, p, sb);
                } catch (IOException e) {
                    closeQuietly(devs[i]);
                    devs[i] = null;
                    if (!tolerant) {
                        set.close();
                        throw e;
                    }
                    reasons[i] = e.getMessage();
                    LOG.log(System.Logger.Level.WARNING, "drive " + i + " is unusable: " + e.getMessage());
                }
            }
        }
        return set;
    }

    private void checkOwnership(int i, Path p, DriveSuperblock sb) throws ForeignDriveException {
        long hi = config.arrayId().getMostSignificantBits();
        long lo = config.arrayId().getLeastSignificantBits();
        if (sb.arrayIdHigh() != hi || sb.arrayIdLow() != lo) {
            throw new ForeignDriveException(i, p, "it belongs to array "
                    + new java.util.UUID(sb.arrayIdHigh(), sb.arrayIdLow()) + ", not " + config.arrayId());
        }
        if (sb.driveIndex() != i) {
            throw new ForeignDriveException(i, p, "it is drive " + sb.driveIndex() + " of this array");
        }
        if (sb.slotBytes() != config.shardBytes() || sb.firstSlotOffset() != ArrayConfig.FIRST_SLOT_OFFSET) {
            throw new ForeignDriveException(i, p, "its slots are " + sb.slotBytes() + " bytes from offset "
                    + sb.firstSlotOffset() + ", the array uses " + config.shardBytes() + " from "
                    + ArrayConfig.FIRST_SLOT_OFFSET);
        }
    }

    /** Makes {@code p} a sparse regular file of {@code bytes} (creating it and its folders): flash only where shards are written. */
    private static void sparseFile(Path p, long bytes) throws IOException {
        Files.createDirectories(p.toAbsolutePath().getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    /** Opens drive {@code i}'s device at {@code p} and checks it is large enough for the configuration. */
    private static BlockDevice openSized(ArrayConfig config, int i, Path p) throws IOException {
        BlockDevice dev = openDevice(p);
        if (dev.sizeBytes() < config.driveBytes()) {
            closeQuietly(dev);
            throw new FlashArrayException("drive " + i + " at " + p + " has " + dev.sizeBytes()
                    + " bytes, the configuration needs " + config.driveBytes());
        }
        return dev;
    }

    /** Writes drive {@code i}'s superblock to {@code dev} and syncs it. */
    private void writeSuperblock(int i, BlockDevice dev, long now) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(DriveSuperblock.BYTES, 4096);
            superblock(i, now).write(block);
            IoEngine e = borrow();
            boolean healthy = false;
            try {
                e.write(dev, 0, block, i);
                e.awaitAll();
                e.fdatasync(dev, i);
                e.awaitAll();
                healthy = true;
            } finally {
                release(e, healthy);
            }
        }
    }

    private DriveSuperblock superblock(int i, long now) {
        return new DriveSuperblock(config.arrayId().getMostSignificantBits(),
                config.arrayId().getLeastSignificantBits(), i, config.drives().size(), config.shardBytes(),
                config.slotsPerDrive(), ArrayConfig.FIRST_SLOT_OFFSET, now);
    }

    private static BlockDevice openDevice(Path p) throws IOException {
        try {
            return BlockDevice.open(p);
        } catch (DeviceIoException e) {
            if (e.getMessage() != null && e.getMessage().contains("O_DIRECT")) {
                // File systems without O_DIRECT (tmpfs): the page cache plus fdatasync keeps the contract.
                return BlockDevice.open(p, DeviceOption.BUFFERED);
            }
            throw e;
        }
    }

    /** Drives in the set. */
    public int size() {
        return devices.length;
    }

    /** True when drive {@code i} is open and its superblock checked. */
    public boolean isUsable(int i) {
        return devices[i] != null;
    }

    /** Why drive {@code i} is unusable, or {@code null} when it is usable. */
    public String unusableReason(int i) {
        return unusableReason[i];
    }

    /** Stops using drive {@code i} (it failed); its device is closed. */
    public synchronized void markUnusable(int i, String reason) {
        BlockDevice d = devices[i];
        devices[i] = null;
        unusableReason[i] = reason;
        closeQuietly(d);
    }

    /**
     * Puts the device now at drive {@code i}'s configured path into service as drive {@code i}: a
     * regular file (a missing one is created) is made sparse at the configured size (a missing path
     * under /dev is a {@link MissingDriveException}), the device must be large enough, and a fresh superblock is
     * written and synced before the drive counts as usable. Whatever the device held is not trusted:
     * the array restores the shards it needs there. On any failure the drive stays as it was.
     */
    public synchronized void replace(int i) throws IOException {
        if (closed) {
            throw new FlashArrayException("the drive set is closed");
        }
        Path p = config.drives().get(i);
        if (!Files.exists(p) && p.toAbsolutePath().normalize().startsWith("/dev")) {
            throw new MissingDriveException(i, p);
        }
        if (!Files.exists(p) || Files.isRegularFile(p)) {
            sparseFile(p, config.driveBytes()); // its old contents are not trusted anyway
        }
        BlockDevice dev = openSized(config, i, p);
        try {
            writeSuperblock(i, dev, System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
            closeQuietly(dev);
            throw e;
        }
        BlockDevice old = devices[i];
        devices[i] = dev;
        unusableReason[i] = null;
        closeQuietly(old);
    }

    /** The byte offset of {@code slot} on any drive. */
    public long slotOffset(long slot) {
        return ArrayConfig.FIRST_SLOT_OFFSET + slot * config.shardBytes();
    }

    /** One slot write: {@code buffer} (a whole slot, aligned) to {@code slot} of {@code drive}. */
    public record SlotWrite(int drive, long slot, MemorySegment buffer) {
    }

    /**
     * Writes every slot, waits for all of them, then fdatasyncs every drive written: when this
     * returns normally, all the slots are durable. Any failure is thrown (a {@link DeviceIoException}
     * naming the drive and offset) and nothing may be assumed about the slots written.
     */
    public void writeDurably(List<SlotWrite> writes) throws IOException {
        BitSet touched = new BitSet();
        write(writes, touched);
        sync(touched);
    }

    /**
     * Writes every slot in one batch and waits for all of them, adding each drive written to
     * {@code touched}; the data is durable only after {@link #sync} of those drives.
     */
    public void write(List<SlotWrite> writes, BitSet touched) throws IOException {
        if (!writes.isEmpty()) {
            startWrite(writes, touched).await();
        }
    }

    /**
     * Starts writing every slot in one batch without waiting, adding each drive written to
     * {@code touched}; the buffers must stay untouched until {@link PendingWrite#await} returns.
     * The caller awaits every pending write (from any thread, one at a time).
     */
    public PendingWrite startWrite(List<SlotWrite> writes, BitSet touched) throws IOException {
        IoEngine e = borrow();
        boolean ok = false;
        try {
            long tag = 0;
            for (SlotWrite w : writes) {
                e.write(device(w.drive()), slotOffset(w.slot()), w.buffer(), tag++);
                touched.set(w.drive());
            }
            e.submit();
            ok = true;
            return new PendingWrite(e);
        } finally {
            if (!ok) {
                closeQuietly(e);
            }
        }
    }

    /** A batch of slot writes in flight (see {@link #startWrite}). */
    public final class PendingWrite {
        private IoEngine engine;
        /** The outcome of the first wait when it failed: later waits throw it again. */
        private Throwable failure;

        private PendingWrite(IoEngine engine) {
            this.engine = engine;
        }

        /**
         * Waits for every write of the batch; throws the first failure (a {@link DeviceIoException}
         * naming drive and offset), after which nothing may be assumed about the slots. Later calls
         * return at once, or throw that failure again (a wait on one thread and a check on another
         * see the same outcome).
         */
        public synchronized void await() throws IOException {
            IoEngine e = engine;
            if (e == null) {
                rethrow();
                return;
            }
            engine = null;
            boolean healthy = false;
            try {
                e.awaitAll();
                healthy = true;
            } catch (IOException | RuntimeException | Error t) {
                failure = t;
                throw t;
            } finally {
                release(e, healthy);
            }
        }

        private void rethrow() throws IOException {
            Throwable t = failure;
            if (t instanceof IOException io) {
                throw io; // the same exception: it names the failing drive (see driveOf)
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }
    }

    /** fdatasyncs every drive in {@code which}, in one batch: what was written to them before is durable. */
    public void sync(BitSet which) throws IOException {
        if (which.isEmpty()) {
            return;
        }
        IoEngine e = borrow();
        boolean healthy = false;
        try {
            long tag = 0;
            for (int d = which.nextSetBit(0); d >= 0; d = which.nextSetBit(d + 1)) {
                e.fdatasync(device(d), tag++);
            }
            e.awaitAll();
            healthy = true;
        } finally {
            release(e, healthy);
        }
    }

    /** One slot read and its outcome. */
    public static final class SlotRead {
        final int drive;
        final long slot;
        final MemorySegment buffer;
        IOException failure;

        /** A read of {@code slot} of {@code drive} into {@code buffer} (a whole slot, aligned). */
        public SlotRead(int drive, long slot, MemorySegment buffer) {
            this.drive = drive;
            this.slot = slot;
            this.buffer = buffer;
        }

        /** The failure, or {@code null} when the read succeeded. */
        public IOException failure() {
            return failure;
        }

        /** The buffer read into. */
        public MemorySegment buffer() {
            return buffer;
        }
    }

    /**
     * Reads every slot in one batch; each read's failure (drive unusable, I/O error) is recorded
     * in it rather than thrown, so that the caller can serve the data from parity.
     */
    public void read(List<SlotRead> reads) {
        if (reads.isEmpty()) {
            return;
        }
        IoEngine e;
        try {
            e = borrow();
        } catch (IOException ex) {
            for (SlotRead r : reads) {
                r.failure = ex;
            }
            return;
        }
        boolean healthy = true;
        try {
            int queued = 0;
            for (int i = 0; i < reads.size(); i++) {
                SlotRead r = reads.get(i);
                BlockDevice d = devices[r.drive];
                if (d == null) {
                    r.failure = new IOException("drive " + r.drive + " is unusable: " + unusableReason[r.drive]);
                    continue;
                }
                try {
                    e.read(d, slotOffset(r.slot), r.buffer, i);
                    queued++;
                } catch (IOException ex) {
                    r.failure = ex;
                }
            }
            IoCompletionHandler h = (tag, bytes, failure) -> {
                if (failure != null) {
                    SlotRead r = reads.get((int) tag);
                    r.failure = failure instanceof IOException io ? io : new IOException(failure);
                }
            };
            while (queued > 0) {
                queued -= e.poll(queued, h);
            }
        } catch (IOException ex) {
            healthy = false;
            for (SlotRead r : reads) {
                if (r.failure == null) {
                    r.failure = ex;
                }
            }
        } finally {
            release(e, healthy);
        }
    }

    /**
     * The drive a device failure happened on: the index of the drive whose path {@code failure}
     * names (a {@link DeviceIoException}, or one among its suppressed failures), or -1.
     */
    public int driveOf(Throwable failure) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(failure);
        for (Throwable t; (t = todo.poll()) != null; ) {
            if (t instanceof DeviceIoException d && d.path() != null) {
                Path p = d.path().toAbsolutePath().normalize();
                for (int i = 0; i < devices.length; i++) {
                    if (config.drives().get(i).toAbsolutePath().normalize().equals(p)) {
                        return i;
                    }
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return -1;
    }

    private BlockDevice device(int drive) throws IOException {
        BlockDevice d = devices[drive];
        if (d == null) {
            throw new IOException("drive " + drive + " is unusable: " + unusableReason[drive]);
        }
        return d;
    }

    private IoEngine borrow() throws IOException {
        if (closed) {
            throw new FlashArrayException("the drive set is closed");
        }
        IoEngine e = engines.pollFirst();
        return e != null ? e : io.flashcore.nativeio.FaultInjection.wrap(IoEngine.open(), config.drives());
    }

    /** Returns {@code e} for reuse after a clean run; closes it when its run failed (its state is unknown). */
    private void release(IoEngine e, boolean healthy) {
        if (healthy) {
            giveBack(e);
        } else {
            closeQuietly(e);
        }
    }

    private void giveBack(IoEngine e) {
        if (closed) {
            closeQuietly(e);
        } else {
            engines.addFirst(e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (IoEngine e; (e = engines.pollFirst()) != null; ) {
            closeQuietly(e);
        }
        for (int i = 0; i < devices.length; i++) {
            closeQuietly(devices[i]);
        }
    }

    /** The drives of {@code config} as a readable list (for messages). */
    public static String describe(ArrayConfig config) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < config.drives().size(); i++) {
            out.add(i + "=" + config.drives().get(i));
        }
        return Arrays.toString(out.toArray());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing after a failure: the first failure is the one reported.
            }
        }
    }
}
