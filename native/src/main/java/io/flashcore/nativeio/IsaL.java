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
 * Intel ISA-L's erasure-code functions ({@code libisal.so.2}, Debian package {@code libisal2})
 * through FFM: table setup and the runtime-dispatched {@code ec_encode_data}. The library is looked
 * up once, on first use; when it is absent {@link #isAvailable()} is false and every call throws
 * {@link IllegalStateException}.
 *
 * <p>All memory arguments must be native segments. Thread-safe: ISA-L's functions keep no state.
 */
public final class IsaL {
    private static final String[] NAMES = {"libisal.so.2", "libisal.so"};

    private static final MethodHandle EC_INIT_TABLES;
    private static final MethodHandle EC_ENCODE_DATA;
    private static final MethodHandle GF_GEN_CAUCHY1_MATRIX;
    private static final String REASON;

    static {
        MethodHandle[] h = new MethodHandle[3];
        REASON = load(h);
        EC_INIT_TABLES = h[0];
        EC_ENCODE_DATA = h[1];
        GF_GEN_CAUCHY1_MATRIX = h[2];
    }

    private IsaL() {
    }

    /** True when libisal was found and its symbols resolved. */
    public static boolean isAvailable() {
        return REASON == null;
    }

    /** Why ISA-L cannot be used here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(REASON);
    }

    /**
     * {@code ec_init_tables}: expands the {@code rows}×{@code k} coefficient matrix {@code a}
     * (row-major bytes) into the {@code 32·k·rows}-byte multiplication tables {@code gftbls}.
     */
    public static void initTables(int k, int rows, MemorySegment a, MemorySegment gftbls) {
        check(k, rows);
        requireNative(a, (long) k * rows, "a");
        requireNative(gftbls, 32L * k * rows, "gftbls");
        try {
            EC_INIT_TABLES.invokeExact(k, rows, a, gftbls);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ec_encode_data}: {@code coding[r] = XOR over j of a[r][j]·data[j]} over {@code length}
     * bytes, where {@code dataPointers} holds k and {@code codingPointers} holds {@code rows} native
     * addresses of buffers at least {@code length} bytes long. The caller keeps those buffers alive.
     */
    public static void encodeData(int length, int k, int rows, MemorySegment gftbls, MemorySegment dataPointers,
            MemorySegment codingPointers) {
        check(k, rows);
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " must be >= 0");
        }
        requireNative(gftbls, 32L * k * rows, "gftbls");
        requireNative(dataPointers, 8L * k, "dataPointers");
        requireNative(codingPointers, 8L * rows, "codingPointers");
        try {
            EC_ENCODE_DATA.invokeExact(length, k, rows, gftbls, dataPointers, codingPointers);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code gf_gen_cauchy1_matrix}: fills {@code a} with the (m)×k Cauchy encoding matrix, m = k + parity. */
    public static void genCauchy1Matrix(MemorySegment a, int m, int k) {
        check(k, m - k);
        requireNative(a, (long) m * k, "a");
        try {
            GF_GEN_CAUCHY1_MATRIX.invokeExact(a, m, k);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void check(int k, int rows) {
        if (!isAvailable()) {
            throw new IllegalStateException("ISA-L is not available: " + REASON);
        }
        if (k < 1 || rows < 0 || k + rows > 256) {
            throw new IllegalArgumentException("k=" + k + ", rows=" + rows + ": expected k >= 1, rows >= 0, k + rows <= 256");
        }
    }

    private static void requireNative(MemorySegment s, long bytes, String name) {
        Objects.requireNonNull(s, name);
        if (!s.isNative()) {
            throw new IllegalArgumentException(name + " must be a native segment");
        }
        if (s.byteSize() < bytes) {
            throw new IllegalArgumentException(name + " is " + s.byteSize() + " bytes, expected at least " + bytes);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return SharedLibrary.rethrow(t, "ISA-L");
    }

    @SuppressWarnings("restricted")
    private static String load(MethodHandle[] h) {
        StringBuilder why = new StringBuilder();
        SymbolLookup lib = SharedLibrary.find(NAMES, why);
        if (lib == null) {
            return "libisal not found (" + why + "); install the Debian package libisal2";
        }
        try {
            Linker linker = Linker.nativeLinker();
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout p = ValueLayout.ADDRESS;
            h[0] = linker.downcallHandle(lib.findOrThrow("ec_init_tables"), FunctionDescriptor.ofVoid(i, i, p, p));
            h[1] = linker.downcallHandle(lib.findOrThrow("ec_encode_data"),
                    FunctionDescriptor.ofVoid(i, i, i, p, p, p));
            h[2] = linker.downcallHandle(lib.findOrThrow("gf_gen_cauchy1_matrix"), FunctionDescriptor.ofVoid(p, i, i));
            return null;
        } catch (RuntimeException e) {
            return "libisal symbols missing: " + e.getMessage();
        }
    }
}
