package io.flashcore.nativeio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * zstd compression against a raw prefix ({@code ZSTD_CCtx_refPrefix}), from the system's
 * {@code libzstd.so.1} (Debian package {@code libzstd1}) through FFM. zstd-jni, which does the rest of
 * flashcore's zstd work, offers only dictionaries built as a {@code ZSTD_CDict}: building one inserts
 * every position of the dictionary into its tables (~50 µs for a 24 KB reference), where a prefix is
 * loaded into the compressing context's own tables at a fraction of that (~11 µs). The frame is an
 * ordinary zstd frame without a dictionary id, decoded with the prefix as a raw-content dictionary.
 * The library is looked up once, on first use; when it is absent (or older than 1.4.0)
 * {@link #isAvailable()} is false and {@link #open} throws {@link IllegalStateException}.
 *
 * <p>An instance owns one compression context: not thread-safe, one per thread; {@link #close} frees it.
 * All memory arguments must be native segments.
 */
public final class ZstdPrefix implements AutoCloseable {
    private static final String[] NAMES = {"libzstd.so.1", "libzstd.so"};
    private static final int C_COMPRESSION_LEVEL = 100;
    private static final int C_CONTENT_SIZE_FLAG = 200;
    private static final int C_CHECKSUM_FLAG = 201;
    /** {@code ZSTD_error_dstSize_tooSmall}. */
    private static final int ERROR_DST_SIZE_TOO_SMALL = 70;

    private static final MethodHandle CREATE;
    private static final MethodHandle FREE;
    private static final MethodHandle SET_PARAMETER;
    private static final MethodHandle REF_PREFIX;
    private static final MethodHandle COMPRESS2;
    private static final MethodHandle IS_ERROR;
    private static final MethodHandle GET_ERROR_CODE;
    private static final MethodHandle GET_ERROR_NAME;
    private static final String REASON;
    private static final String VERSION;

    static {
        MethodHandle[] h = new MethodHandle[9];
        String[] version = new String[1];
        REASON = load(h, version);
        CREATE = h[0];
        FREE = h[1];
        SET_PARAMETER = h[2];
        REF_PREFIX = h[3];
        COMPRESS2 = h[4];
        IS_ERROR = h[5];
        GET_ERROR_CODE = h[6];
        GET_ERROR_NAME = h[7];
        VERSION = version[0];
    }

    private MemorySegment cctx;

    private ZstdPrefix(MemorySegment cctx) {
        this.cctx = cctx;
    }

    /** True when libzstd (1.4.0 or newer) was found and its symbols resolved. */
    public static boolean isAvailable() {
        return REASON == null;
    }

    /** Why the system libzstd cannot be used here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(REASON);
    }

    /** The system libzstd's version ("1.5.4"), or empty when it is not available. */
    public static Optional<String> version() {
        return Optional.ofNullable(VERSION);
    }

    /**
     * A compression context at zstd {@code level}, writing each frame's content size, and a content
     * checksum when {@code checksum} is set.
     *
     * @throws IllegalStateException when the library is not available
     */
    public static ZstdPrefix open(int level, boolean checksum) {
        if (REASON != null) {
            throw new IllegalStateException("system libzstd is not available: " + REASON);
        }
        MemorySegment c;
        try {
            c = (MemorySegment) CREATE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (c.address() == 0) {
            throw new OutOfMemoryError("ZSTD_createCCtx failed");
        }
        ZstdPrefix z = new ZstdPrefix(c);
        try {
            z.set(C_COMPRESSION_LEVEL, level);
            z.set(C_CONTENT_SIZE_FLAG, 1);
            z.set(C_CHECKSUM_FLAG, checksum ? 1 : 0);
        } catch (RuntimeException e) {
            z.close();
            throw e;
        }
        return z;
    }

    private void set(int parameter, int value) {
        try {
            check((long) SET_PARAMETER.invokeExact(cctx, parameter, value), "ZSTD_CCtx_setParameter(" + parameter
                    + ", " + value + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Compresses all of {@code src} into one frame at the start of {@code dst} against {@code prefix}
     * (referenced for this frame only).
     *
     * @return the frame's length, or -1 when it does not fit in {@code dst}
     * @throws IllegalStateException on any other zstd error, naming it
     */
    public long compress(MemorySegment src, MemorySegment prefix, MemorySegment dst) {
        requireNative(src, "src");
        requireNative(prefix, "prefix");
        requireNative(dst, "dst");
        if (cctx == null) {
            throw new IllegalStateException("this zstd context is closed");
        }
        try {
            check((long) REF_PREFIX.invokeExact(cctx, prefix, prefix.byteSize()), "ZSTD_CCtx_refPrefix");
            long n = (long) COMPRESS2.invokeExact(cctx, dst, dst.byteSize(), src, src.byteSize());
            if ((int) IS_ERROR.invokeExact(n) != 0) {
                if ((int) GET_ERROR_CODE.invokeExact(n) == ERROR_DST_SIZE_TOO_SMALL) {
                    return -1;
                }
                throw new IllegalStateException("ZSTD_compress2 failed: " + errorName(n));
            }
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void check(long code, String what) throws Throwable {
        if ((int) IS_ERROR.invokeExact(code) != 0) {
            throw new IllegalStateException(what + " failed: " + errorName(code));
        }
    }

    private static String errorName(long code) throws Throwable {
        MemorySegment s = (MemorySegment) GET_ERROR_NAME.invokeExact(code);
        return s.reinterpret(256).getString(0);
    }

    @Override
    public void close() {
        if (cctx != null) {
            try {
                long ignored = (long) FREE.invokeExact(cctx);
            } catch (Throwable t) {
                throw rethrow(t);
            } finally {
                cctx = null;
            }
        }
    }

    private static void requireNative(MemorySegment s, String name) {
        Objects.requireNonNull(s, name);
        if (!s.isNative()) {
            throw new IllegalArgumentException(name + " must be a native segment");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return SharedLibrary.rethrow(t, "libzstd");
    }

    @SuppressWarnings("restricted")
    private static String load(MethodHandle[] h, String[] version) {
        StringBuilder why = new StringBuilder();
        SymbolLookup lib = SharedLibrary.find(NAMES, why);
        if (lib == null) {
            return "libzstd not found (" + why + "); install the Debian package libzstd1";
        }
        try {
            Linker linker = Linker.nativeLinker();
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
            ValueLayout p = ValueLayout.ADDRESS;
            MethodHandle versionNumber = linker.downcallHandle(lib.findOrThrow("ZSTD_versionNumber"), FunctionDescriptor.of(i));
            int v = (int) versionNumber.invokeExact();
            version[0] = (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
            if (v < 10400) {
                String found = version[0];
                version[0] = null;
                return "libzstd " + found + " is older than 1.4.0 (no stable ZSTD_CCtx_refPrefix)";
            }
            h[0] = linker.downcallHandle(lib.findOrThrow("ZSTD_createCCtx"), FunctionDescriptor.of(p));
            h[1] = linker.downcallHandle(lib.findOrThrow("ZSTD_freeCCtx"), FunctionDescriptor.of(l, p));
            h[2] = linker.downcallHandle(lib.findOrThrow("ZSTD_CCtx_setParameter"), FunctionDescriptor.of(l, p, i, i));
            h[3] = linker.downcallHandle(lib.findOrThrow("ZSTD_CCtx_refPrefix"), FunctionDescriptor.of(l, p, p, l));
            h[4] = linker.downcallHandle(lib.findOrThrow("ZSTD_compress2"), FunctionDescriptor.of(l, p, p, l, p, l));
            h[5] = linker.downcallHandle(lib.findOrThrow("ZSTD_isError"), FunctionDescriptor.of(i, l));
            h[6] = linker.downcallHandle(lib.findOrThrow("ZSTD_getErrorCode"), FunctionDescriptor.of(i, l));
            h[7] = linker.downcallHandle(lib.findOrThrow("ZSTD_getErrorName"), FunctionDescriptor.of(p, l));
            return null;
        } catch (Throwable e) {
            version[0] = null;
            return "libzstd symbols missing: " + e.getMessage();
        }
    }
}
