package io.flashcore.placement.ec;

import io.flashcore.nativeio.IsaL;

/**
 * Which implementation multiplies shards by the coding matrix. Every back-end produces identical
 * bytes; they differ only in speed and in what they need from the machine.
 */
public enum EcBackend {
    /** The pure-Java Vector API kernel; always available. */
    JAVA,
    /**
     * Intel ISA-L ({@code libisal.so.2}) through FFM, for off-heap shards; heap shards still use
     * {@link #JAVA}. Only when the library loads ({@link #isAvailable()}).
     */
    ISAL,
    /** {@link #ISAL} when available, else {@link #JAVA}. */
    AUTO;

    /** System property naming the back-end {@link #configured()} returns: java, isal or auto. */
    public static final String PROPERTY = "flashcore.ec.backend";

    /** Whether this back-end can run in this process. */
    public boolean isAvailable() {
        return this != ISAL || IsaL.isAvailable();
    }

    /** The concrete back-end this one stands for here: {@link #AUTO} becomes ISAL or JAVA. */
    public EcBackend resolve() {
        if (this == AUTO) {
            return IsaL.isAvailable() ? ISAL : JAVA;
        }
        if (!isAvailable()) {
            throw new IllegalStateException("erasure-code back-end " + this + " is not available: "
                    + IsaL.unavailableReason().orElse("?"));
        }
        return this;
    }

    /**
     * The back-end named by the system property {@value #PROPERTY} ({@code java}, {@code isal} or
     * {@code auto}; default {@code java}).
     */
    public static EcBackend configured() {
        String v = System.getProperty(PROPERTY, "java").trim();
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "java" -> JAVA;
            case "isal" -> ISAL;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + v + ": expected java, isal or auto");
        };
    }
}
