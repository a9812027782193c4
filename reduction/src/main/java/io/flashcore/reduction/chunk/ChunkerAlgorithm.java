package io.flashcore.reduction.chunk;

import java.util.Locale;

/**
 * The chunking algorithms, each with the name used on the command line and in identities.
 * Every algorithm's output is frozen at its {@link #version()}: the same input and
 * {@link ChunkerSpec} always give the same cut points.
 */
public enum ChunkerAlgorithm {
    /** FastCDC 2020 (rolling two bytes at a time), cut for cut identical to fastcdc-rs {@code v2020}. */
    FASTCDC2020("fastcdc2020", 1),
    /** FastCDC 2016, cut for cut identical to fastcdc-rs {@code v2016}. */
    FASTCDC2016("fastcdc2016", 1),
    /** The 31-bit right-shift FastCDC variant of ronomon/deduplication, identical to fastcdc-rs {@code ronomon}. */
    RONOMON("ronomon", 1),
    /** Fixed-size blocks of {@code avg} bytes. */
    FIXED("fixed", 1),
    /**
     * Hash-free Rapid Asymmetric Maximum chunking found with vector max and compare
     * (after VectorCDC, FAST '25); flashcore's own definition, not compatible with other tools.
     */
    VECTOR("vector", 1),
    /**
     * Hash-free Asymmetric Extremum chunking over 16-bit values, found with vector compares;
     * better dedup than {@link #VECTOR}, flashcore's own definition.
     */
    VECTOR_AE("vector-ae", 1);

    private final String cliName;
    private final int version;

    ChunkerAlgorithm(String cliName, int version) {
        this.cliName = cliName;
        this.version = version;
    }

    /** The name on the command line and in identities, e.g. {@code fastcdc2020}. */
    public String cliName() {
        return cliName;
    }

    /** The version of the algorithm's output; it never changes for a given version. */
    public int version() {
        return version;
    }

    /**
     * The algorithm named {@code name} (case-insensitive).
     *
     * @throws InvalidChunkerSpecException when no algorithm has that name
     */
    public static ChunkerAlgorithm fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ChunkerAlgorithm a : values()) {
            if (a.cliName.equals(n)) {
                return a;
            }
        }
        throw new InvalidChunkerSpecException("unknown chunking algorithm '" + name
                + "', expected one of fastcdc2020, fastcdc2016, ronomon, fixed, vector, vector-ae");
    }
}
