package io.flashcore.benchmarks;

/**
 * The JVM flags every benchmark fork needs, as compile-time constants for {@code @Fork}. They match
 * the parent POM's {@code flashcore.jvm.flags} and the launcher.
 */
public final class JvmFlags {
    /** Native access for FFM (ours) and JNI (zstd-jni, RocksDB). */
    public static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    /** The Vector API incubator module. */
    public static final String VECTOR = "--add-modules=jdk.incubator.vector";
    /** Agrona 2.x reaches into {@code jdk.internal.misc}. */
    public static final String OPENS = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Agrona and zstd-jni use {@code sun.misc.Unsafe} memory access. */
    public static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private JvmFlags() {
    }
}
