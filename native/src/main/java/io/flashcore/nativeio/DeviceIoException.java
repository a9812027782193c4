package io.flashcore.nativeio;

import java.io.IOException;
import java.io.Serial;
import java.nio.file.Path;

/**
 * A device operation that failed: names the operation, the path, the byte offset and length, and
 * the errno (0 when the failure did not come from the kernel, e.g. a read past the end).
 */
public final class DeviceIoException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient Path path;
    private final long offset;
    private final long length;
    private final int errno;

    /** A failure of {@code operation} on {@code path} at {@code offset} for {@code length} bytes. */
    public DeviceIoException(String operation, Path path, long offset, long length, int errno, String detail) {
        super(operation + " " + path + " offset " + offset + " length " + length + " failed: "
                + (errno != 0 ? Errno.name(errno) : "") + (errno != 0 && detail != null ? " " : "")
                + (detail != null ? detail : ""));
        this.operation = operation;
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.errno = errno;
    }

    /** The operation, e.g. {@code "write"}, {@code "read"}, {@code "fdatasync"}. */
    public String operation() {
        return operation;
    }

    /** The device or file the operation addressed. */
    public Path path() {
        return path;
    }

    /** The byte offset the operation started at (0 for whole-device operations). */
    public long offset() {
        return offset;
    }

    /** The operation's length in bytes (0 for whole-device operations). */
    public long length() {
        return length;
    }

    /** The positive errno, or 0 when the failure did not come from the kernel. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code "ENOSPC"}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
