package io.flashcore.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * An open block device or regular file, by default with O_DIRECT: its size in bytes and the
 * alignment (in bytes) that buffer addresses, offsets and lengths must honour. Any {@link IoEngine}
 * can address it; the same device may be used by several engines (one per thread) at once.
 *
 * <p>Thread-safe and immutable apart from {@link #close()}. The caller that opened a device closes
 * it, after every engine using it has finished its operations on it.
 */
public final class BlockDevice implements AutoCloseable {
    private static final int DEFAULT_ALIGNMENT = 4096;

    /** The JDK's O_DIRECT open option, looked up by name: javac warns on any direct reference to it. */
    private static final java.nio.file.OpenOption DIRECT_OPTION = findDirectOption();

    private final Path path;
    private final int fd;
    private final boolean direct;
    private final boolean readOnly;
    private final boolean blockDevice;
    private final long sizeBytes;
    private final int offsetAlignment;
    private final int memoryAlignment;
    private final Object channelLock = new Object();
    private volatile FileChannel channel;
    private volatile boolean channelDirect;
    private volatile boolean closed;

    private BlockDevice(Path path, int fd, boolean direct, boolean readOnly, boolean blockDevice, long sizeBytes,
            int offsetAlignment, int memoryAlignment, FileChannel channel) {
        this.path = path;
        this.fd = fd;
        this.direct = direct;
        this.readOnly = readOnly;
        this.blockDevice = blockDevice;
        this.sizeBytes = sizeBytes;
        this.offsetAlignment = offsetAlignment;
        this.memoryAlignment = memoryAlignment;
        this.channel = channel;
        this.channelDirect = channel != null && direct;
    }

    /**
     * Opens an existing block device or regular file for reading and writing with O_DIRECT (unless
     * {@link DeviceOption#BUFFERED}), learning its size and DIO alignment from statx or the block
     * device ioctls.
     *
     * @throws DeviceIoException naming the path and errno when open or statx fails
     */
    public static BlockDevice open(Path path, DeviceOption... options) throws IOException {
        return open(path, -1, options);
    }

    /**
     * Opens the regular file {@code path}, creating it when missing, and allocates it to at least
     * {@code sizeBytes} bytes (fallocate, or a sparse extension where the file system cannot).
     */
    public static BlockDevice createFile(Path path, long sizeBytes, DeviceOption... options) throws IOException {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes " + sizeBytes + " is negative");
        }
        return open(path, sizeBytes, options);
    }

    private static BlockDevice open(Path path, long createSize, DeviceOption... options) throws IOException {
        Set<DeviceOption> opts = options.length == 0 ? EnumSet.noneOf(DeviceOption.class)
                : EnumSet.copyOf(java.util.Arrays.asList(options));
        boolean readOnly = opts.contains(DeviceOption.READ_ONLY);
        boolean direct = !opts.contains(DeviceOption.BUFFERED);
        if (readOnly && createSize >= 0) {
            throw new IllegalArgumentException("cannot create " + path + " read-only");
        }
        Path abs = path.toAbsolutePath();
        return Libc.isAvailable() ? openNative(abs, createSize, readOnly, direct) : openChannel(abs, createSize,
                readOnly, direct);
    }

    private static BlockDevice openNative(Path path, long createSize, boolean readOnly, boolean direct)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = Libc.newCallState(arena);
            int flags = (readOnly ? Libc.O_RDONLY : Libc.O_RDWR) | Libc.O_CLOEXEC | (direct ? Libc.O_DIRECT : 0)
                    | (createSize >= 0 ? Libc.O_CREAT : 0);
            int fd = Libc.open(st, arena.allocateFrom(path.toString()), flags, 0644);
            if (fd < 0) {
                int e = Libc.errno(st);
                throw new DeviceIoException("open", path, 0, 0, e, e == Errno.EINVAL && direct
                        ? "(the file system does not support O_DIRECT; use DeviceOption.BUFFERED)" : null);
            }
            try {
                MemorySegment sx = arena.allocate(Libc.STATX_BYTES, 8);
                if (Libc.statx(st, fd, Libc.STATX_TYPE | Libc.STATX_SIZE | Libc.STATX_DIOALIGN, sx,
                        arena.allocateFrom("")) < 0) {
                    throw new DeviceIoException("statx", path, 0, 0, Libc.errno(st), null);
                }
                int mask = sx.get(ValueLayout.JAVA_INT, Libc.STX_MASK);
                int mode = Short.toUnsignedInt(sx.get(ValueLayout.JAVA_SHORT, Libc.STX_MODE));
                boolean isBlock = (mode & Libc.S_IFMT) == Libc.S_IFBLK;
                if (!isBlock && (mode & Libc.S_IFMT) != Libc.S_IFREG) {
                    throw new DeviceIoException("open", path, 0, 0, 0, "not a regular file or block device");
                }
                if (isBlock && createSize >= 0) {
                    throw new IllegalArgumentException(path + " is a block device, not a file to create");
                }
                long size;
                int logical = 0;
                if (isBlock) {
                    MemorySegment out = arena.allocate(8, 8);
                    if (Libc.ioctl(st, fd, Libc.BLKGETSIZE64, out) < 0) {
                        throw new DeviceIoException("ioctl(BLKGETSIZE64)", path, 0, 0, Libc.errno(st), null);
                    }
                    size = out.get(ValueLayout.JAVA_LONG, 0);
                    if (Libc.ioctl(st, fd, Libc.BLKSSZGET, out) < 0) {
                        throw new DeviceIoException("ioctl(BLKSSZGET)", path, 0, 0, Libc.errno(st), null);
                    }
                    logical = out.get(ValueLayout.JAVA_INT, 0);
                } else {
                    size = sx.get(ValueLayout.JAVA_LONG, Libc.STX_SIZE);
                    if (createSize > size) {
                        if (Libc.fallocate(st, fd, 0, 0, createSize) < 0
                                && Libc.ftruncate(st, fd, createSize) < 0) {
                            throw new DeviceIoException("ftruncate", path, 0, createSize, Libc.errno(st), null);
                        }
                        size = createSize;
                    }
                }
                int offAlign = 1;
                int memAlign = 1;
                if (direct) {
                    int dioMem = sx.get(ValueLayout.JAVA_INT, Libc.STX_DIO_MEM_ALIGN);
                    int dioOff = sx.get(ValueLayout.JAVA_INT, Libc.STX_DIO_OFFSET_ALIGN);
                    if ((mask & Libc.STATX_DIOALIGN) != 0 && dioMem > 0 && dioOff > 0) {
                        offAlign = dioOff;
                        memAlign = dioMem;
                    } else if (logical > 0) {
                        offAlign = logical;
                        memAlign = logical;
                    } else {
                        // Without statx DIO alignment, the file system block size is the safe bound.
                        offAlign = DEFAULT_ALIGNMENT;
                        memAlign = DEFAULT_ALIGNMENT;
                    }
                    // The JDK's O_DIRECT channel insists on the file store's block size; honouring
                    // it here lets the FileChannel back-end bypass the page cache as well.
                    int store = storeBlockSize(path);
                    offAlign = Math.max(offAlign, store);
                    memAlign = Math.max(memAlign, store);
                }
                return new BlockDevice(path, fd, direct, readOnly, isBlock, size, offAlign, memAlign, null);
            } catch (IOException | RuntimeException e) {
                Libc.close(st, fd);
                throw e;
            }
        }
    }

    private static BlockDevice openChannel(Path path, long createSize, boolean readOnly, boolean direct)
            throws IOException {
        Set<java.nio.file.OpenOption> o = new HashSet<>();
        o.add(StandardOpenOption.READ);
        if (!readOnly) {
            o.add(StandardOpenOption.WRITE);
        }
        if (createSize >= 0) {
            o.add(StandardOpenOption.CREATE);
        }
        if (direct) {
            o.add(directOption());
        }
        FileChannel ch = FileChannel.open(path, o);
        if (createSize > ch.size()) {
            ch.write(ByteBuffer.allocate(1), createSize - 1);
        }
        int align = direct ? (int) Math.max(1, Files.getFileStore(path).getBlockSize()) : 1;
        return new BlockDevice(path, -1, direct, readOnly, false, ch.size(), align, align, ch);
    }

    private static java.nio.file.OpenOption findDirectOption() {
        try {
            Class<?> c = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            for (Object o : c.getEnumConstants()) {
                if (((Enum<?>) o).name().equals("DIRECT")) {
                    return (java.nio.file.OpenOption) o;
                }
            }
        } catch (ClassNotFoundException e) {
            return null;
        }
        return null;
    }

    /** The file store's block size in bytes when it is a sane power of two up to 64 KiB, else 1. */
    private static int storeBlockSize(Path path) {
        try {
            long b = Files.getFileStore(path).getBlockSize();
            return b > 0 && b <= 65536 && Long.bitCount(b) == 1 ? (int) b : 1;
        } catch (IOException | UnsupportedOperationException e) {
            return 1;
        }
    }

    private static java.nio.file.OpenOption directOption() throws IOException {
        if (DIRECT_OPTION == null) {
            throw new IOException("this JDK offers no O_DIRECT open option (com.sun.nio.file.ExtendedOpenOption)");
        }
        return DIRECT_OPTION;
    }

    /** The absolute path the device was opened with. */
    public Path path() {
        return path;
    }

    /** The device size in bytes (for a file: its size when opened). */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** True when opened with O_DIRECT (the page cache is bypassed and alignment applies). */
    public boolean isDirect() {
        return direct;
    }

    /** True when opened read-only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** True for a block device, false for a regular file. */
    public boolean isBlockDevice() {
        return blockDevice;
    }

    /**
     * The multiple (bytes) every offset and length must be with O_DIRECT: the larger of the
     * kernel's DIO alignment and the file store's block size; 1 when buffered.
     */
    public int offsetAlignment() {
        return offsetAlignment;
    }

    /** The multiple (bytes) every buffer address must be with O_DIRECT; 1 when buffered. */
    public int memoryAlignment() {
        return memoryAlignment;
    }

    /** The larger of the two alignments, in bytes: what a caller should round shard sizes to. */
    public int alignment() {
        return Math.max(offsetAlignment, memoryAlignment);
    }

    /** The file descriptor, or -1 when opened without libc (not Linux). */
    int fd() {
        return fd;
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The positional channel the FileChannel back-end uses, opened on first use. It uses O_DIRECT
     * only when the JDK's direct I/O block size divides this device's alignment; otherwise it goes
     * through the page cache and relies on {@code force} for durability.
     */
    FileChannel channel() throws IOException {
        FileChannel ch = channel;
        if (ch != null) {
            return ch;
        }
        synchronized (channelLock) {
            if (channel == null) {
                ensureOpen();
                Set<java.nio.file.OpenOption> o = new HashSet<>();
                o.add(StandardOpenOption.READ);
                if (!readOnly) {
                    o.add(StandardOpenOption.WRITE);
                }
                boolean useDirect = false;
                if (direct) {
                    long storeBlock = Files.getFileStore(path).getBlockSize();
                    useDirect = storeBlock > 0 && offsetAlignment % storeBlock == 0
                            && memoryAlignment <= storeBlock;
                }
                if (useDirect) {
                    o.add(directOption());
                }
                channel = FileChannel.open(path, o);
                channelDirect = useDirect;
            }
            return channel;
        }
    }

    /** True when {@link #channel()} bypasses the page cache. */
    boolean channelIsDirect() {
        return channelDirect;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
    }

    void ensureWritable(String op) {
        ensureOpen();
        if (readOnly) {
            throw new IllegalStateException(op + " on " + path + ", which was opened read-only");
        }
    }

    /**
     * Discards {@code length} bytes at {@code offset} synchronously: {@code BLKDISCARD} on a block
     * device, a punched hole on a file (reads then return zeros), zeros written where neither exists.
     */
    void discardNow(long offset, long length) throws IOException {
        if (fd >= 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment st = Libc.newCallState(arena);
                if (blockDevice) {
                    MemorySegment range = arena.allocate(16, 8);
                    range.set(ValueLayout.JAVA_LONG, 0, offset);
                    range.set(ValueLayout.JAVA_LONG, 8, length);
                    if (Libc.ioctl(st, fd, Libc.BLKDISCARD, range) < 0) {
                        throw new DeviceIoException("discard", path, offset, length, Libc.errno(st), null);
                    }
                } else if (Libc.fallocate(st, fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset,
                        length) < 0) {
                    throw new DeviceIoException("discard", path, offset, length, Libc.errno(st), null);
                }
            }
            return;
        }
        FileChannel ch = channel();
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(length, 1 << 20) + alignment())
                .alignedSlice(alignment());
        long done = 0;
        while (done < length) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), length - done));
            done += ch.write(zeros, offset + done);
        }
    }

    /** Closes the descriptor and the channel; operations still in flight on it fail. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        FileChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
        if (fd >= 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment st = Libc.newCallState(arena);
                if (Libc.close(st, fd) < 0) {
                    throw new DeviceIoException("close", path, 0, 0, Libc.errno(st), null);
                }
            }
        }
    }

    @Override
    public String toString() {
        return path + (blockDevice ? " (block device, " : " (file, ") + sizeBytes + " bytes, "
                + (direct ? "O_DIRECT, alignment " + alignment() : "buffered") + ")";
    }
}
