package io.flashcore.reduction.hash;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * BLAKE3 (the specification of 2020, all three modes): plain hash, keyed hash (a 32-byte key) and key
 * derivation (a context string), each one-shot or incremental ({@link Blake3Hasher}), each with an
 * extended output of any length. Outputs match the official test vectors and {@code b3sum}.
 *
 * <p>On machines with 512-bit vectors, inputs of 4 KiB and more are hashed sixteen 1 KiB chunks per
 * vector operation; elsewhere the scalar code gives the same bytes.
 *
 * <p>Thread-safe: the static methods allocate their state per call. For hot paths without allocation use
 * a {@link Blake3Hasher} or a {@link Fingerprinter} per thread.
 */
public final class Blake3 {
    /** Bytes of the default output. */
    public static final int OUT_LEN = 32;
    /** Bytes of a key for {@link #keyedHash}. */
    public static final int KEY_LEN = 32;
    /** Bytes of a block: the unit of the compression function. */
    public static final int BLOCK_LEN = Blake3Compress.BLOCK_LEN;
    /** Bytes of a chunk: the leaves of the hash tree. */
    public static final int CHUNK_LEN = Blake3Compress.CHUNK_LEN;

    private Blake3() {
    }

    /** Whether this JVM hashes with the 512-bit vector lanes (false: the scalar code). */
    public static boolean isVectorized() {
        return Blake3Engine.LANES_AVAILABLE;
    }

    /**
     * Whether the vector lanes are in use: true once the JIT has compiled them (a few seconds after the
     * process has hashed {@code -Dflashcore.blake3.probeAfterBytes}, 512 MiB by default, on the scalar
     * code); until then the scalar code hashes. Benchmarks wait for it before they time.
     */
    public static boolean isVectorHot() {
        return Blake3Engine.LANES_AVAILABLE && Blake3Engine.lanesHot();
    }

    /** A new incremental plain hash. */
    public static Blake3Hasher newHasher() {
        return new Blake3Hasher(Blake3Compress.IV, 0, Blake3Engine.ADAPTIVE);
    }

    /** A new incremental keyed hash under the 32-byte {@code key}. */
    public static Blake3Hasher newKeyedHasher(byte[] key) {
        return new Blake3Hasher(keyWords(key), Blake3Compress.KEYED_HASH, Blake3Engine.ADAPTIVE);
    }

    /**
     * A new incremental key derivation for the application-chosen, hard-coded {@code context} string
     * (UTF-8); feed it the key material, then read the derived key with {@code digest}.
     */
    public static Blake3Hasher newDeriveKeyHasher(String context) {
        return new Blake3Hasher(contextKeyWords(context), Blake3Compress.DERIVE_KEY_MATERIAL, Blake3Engine.ADAPTIVE);
    }

    /** The 32-byte hash of {@code input}. */
    public static byte[] hash(byte[] input) {
        return newHasher().update(input).digest();
    }

    /** The 32-byte hash of all bytes of {@code input}. */
    public static byte[] hash(MemorySegment input) {
        return newHasher().update(input).digest();
    }

    /** The 32-byte hash of the remaining bytes of {@code input} (its position moves to its limit). */
    public static byte[] hash(ByteBuffer input) {
        return newHasher().update(input).digest();
    }

    /** Writes the first {@code out.byteSize()} bytes of the extended output of the hash of {@code input} to {@code out}. */
    public static void hash(MemorySegment input, MemorySegment out) {
        newHasher().update(input).digest(out);
    }

    /** The 32-byte keyed hash (a MAC) of {@code input} under the 32-byte {@code key}. */
    public static byte[] keyedHash(byte[] key, byte[] input) {
        return newKeyedHasher(key).update(input).digest();
    }

    /** The 32-byte keyed hash of all bytes of {@code input} under the 32-byte {@code key}. */
    public static byte[] keyedHash(byte[] key, MemorySegment input) {
        return newKeyedHasher(key).update(input).digest();
    }

    /** A key of {@code outBytes} (at least 1) bytes derived from {@code keyMaterial} for {@code context}. */
    public static byte[] deriveKey(String context, byte[] keyMaterial, int outBytes) {
        if (outBytes < 1) {
            throw new IllegalArgumentException("derived key length must be >= 1 byte, got " + outBytes);
        }
        byte[] out = new byte[outBytes];
        newDeriveKeyHasher(context).update(keyMaterial).digest(out, 0, outBytes);
        return out;
    }

    static int[] keyWords(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_LEN) {
            throw new IllegalArgumentException("BLAKE3 key must be " + KEY_LEN + " bytes, got " + key.length);
        }
        int[] words = new int[16];
        Blake3Compress.loadBlock(key, KEY_LEN, words);
        return words;
    }

    static int[] contextKeyWords(String context) {
        byte[] ctx = Objects.requireNonNull(context, "context").getBytes(StandardCharsets.UTF_8);
        byte[] contextKey = new byte[KEY_LEN];
        new Blake3Hasher(Blake3Compress.IV, Blake3Compress.DERIVE_KEY_CONTEXT, Blake3Engine.ADAPTIVE).update(ctx)
                .digest(contextKey, 0, KEY_LEN);
        return keyWords(contextKey);
    }
}
