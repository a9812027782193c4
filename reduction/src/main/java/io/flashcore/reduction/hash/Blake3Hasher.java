package io.flashcore.reduction.hash;

import static io.flashcore.reduction.hash.Blake3Compress.BLOCK_LEN;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_END;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_LEN;
import static io.flashcore.reduction.hash.Blake3Compress.CHUNK_START;
import static io.flashcore.reduction.hash.Blake3Compress.LE_INT;
import static io.flashcore.reduction.hash.Blake3Compress.PARENT;
import static io.flashcore.reduction.hash.Blake3Compress.ROOT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An incremental BLAKE3 hash (plain, keyed or key derivation, per how it was made by {@link Blake3}):
 * {@code update} with any split of the input gives the same output as one call over the whole input.
 * {@code digest} does not change the state, so more input may follow and any number of outputs may be
 * read, of any length and from any position of the extended output.
 *
 * <p>Large updates are hashed in aligned subtrees of up to 1 MiB, sixteen 1 KiB chunks per vector
 * operation (see {@link Blake3Lanes}); the scalar code covers the rest.
 *
 * <p>Not thread-safe: one hasher per thread. Allocates nothing after construction but the vector
 * engine's scratch on the first large update.
 */
public final class Blake3Hasher {
    /** The largest tree depth: 2^64 bytes are 2^54 chunks. */
    private static final int MAX_DEPTH = 54;
    /** Smallest subtree (in chunks) handed to the engine; below it, chunks go one at a time. */
    private static final int MIN_SUBTREE_CHUNKS = 4;

    private final int[] key = new int[8];
    private final int flags;
    private final boolean vector;
    private final int lanesMode;
    private Blake3Engine engine;

    private final int[] chunkCv = new int[8];
    private long chunkCounter;
    private final byte[] block = new byte[BLOCK_LEN];
    private int blockLen;
    private int blocksCompressed;

    private final int[] cvStack = new int[(MAX_DEPTH + 1) * 8];
    private int stackLen;

    private final int[] m = new int[16];
    private final int[] pair = new int[16];
    private final int[] outCv = new int[8];
    private final int[] outBlock = new int[16];
    private final int[] outWords = new int[16];

    /** A hasher with the given key words and mode flags whose engine runs in {@code lanesMode}. */
    Blake3Hasher(int[] keyWords, int flags, int lanesMode) {
        System.arraycopy(keyWords, 0, key, 0, 8);
        this.flags = flags;
        this.lanesMode = lanesMode;
        this.vector = lanesMode != Blake3Engine.SCALAR && Blake3Engine.LANES_AVAILABLE;
        reset();
    }

    /** Forgets all input: the hasher is as new, with the same mode and key. Returns this hasher. */
    public Blake3Hasher reset() {
        System.arraycopy(key, 0, chunkCv, 0, 8);
        chunkCounter = 0;
        blockLen = 0;
        blocksCompressed = 0;
        stackLen = 0;
        return this;
    }

    /** Adds all of {@code input}; returns this hasher. */
    public Blake3Hasher update(byte[] input) {
        return update(MemorySegment.ofArray(input), 0, input.length);
    }

    /** Adds {@code len} bytes of {@code input} from {@code off}; returns this hasher. */
    public Blake3Hasher update(byte[] input, int off, int len) {
        Objects.checkFromIndexSize(off, len, input.length);
        return update(MemorySegment.ofArray(input), off, len);
    }

    /** Adds the remaining bytes of {@code input} and moves its position to its limit; returns this hasher. */
    public Blake3Hasher update(ByteBuffer input) {
        int n = input.remaining();
        update(MemorySegment.ofBuffer(input), 0, n);
        input.position(input.position() + n);
        return this;
    }

    /** Adds all bytes of {@code input}; returns this hasher. */
    public Blake3Hasher update(MemorySegment input) {
        return update(input, 0, input.byteSize());
    }

    /** Adds the {@code len} bytes of {@code input} at {@code off}; returns this hasher. */
    public Blake3Hasher update(MemorySegment input, long off, long len) {
        Objects.checkFromIndexSize(off, len, input.byteSize());
        if (chunkBytes() > 0) {
            int take = (int) Math.min(CHUNK_LEN - chunkBytes(), len);
            chunkUpdate(input, off, take);
            off += take;
            len -= take;
            if (len == 0) {
                return this;
            }
            pushCv(chunkCvOut(), chunkCounter);
            chunkCounter++;
            resetChunk();
        }
        while (len > CHUNK_LEN) {
            long subtreeLen = Long.highestOneBit(len);
            long countSoFar = chunkCounter * CHUNK_LEN;
            while (((subtreeLen - 1) & countSoFar) != 0) {
                subtreeLen >>>= 1;
            }
            long chunks = Math.min(subtreeLen / CHUNK_LEN, Blake3Engine.MAX_CHUNKS);
            if (vector && chunks >= MIN_SUBTREE_CHUNKS) {
                if (engine == null) {
                    engine = new Blake3Engine(lanesMode);
                }
                engine.subtree(input, off, (int) chunks, chunkCounter, key, flags, pair);
                pushCv(pair, 0, chunkCounter);
                pushCv(pair, 8, chunkCounter + chunks / 2);
            } else {
                chunks = 1;
                Blake3Compress.chunk(input, off, CHUNK_LEN, key, chunkCounter, flags, 0, m, pair, 0);
                pushCv(pair, 0, chunkCounter);
            }
            chunkCounter += chunks;
            off += chunks * CHUNK_LEN;
            len -= chunks * CHUNK_LEN;
        }
        if (len > 0) {
            chunkUpdate(input, off, (int) len);
            mergeCvStack(chunkCounter);
        }
        return this;
    }

    private int chunkBytes() {
        return blocksCompressed * BLOCK_LEN + blockLen;
    }

    private void resetChunk() {
        System.arraycopy(key, 0, chunkCv, 0, 8);
        blockLen = 0;
        blocksCompressed = 0;
    }

    /** Adds {@code len} bytes that fit in the current chunk; keeps the chunk's last block buffered. */
    private void chunkUpdate(MemorySegment input, long off, int len) {
        while (len > 0) {
            if (blockLen == BLOCK_LEN) {
                Blake3Compress.loadBlock(block, BLOCK_LEN, m);
                compressChunkBlock();
                blockLen = 0;
            }
            if (blockLen == 0 && len > BLOCK_LEN) {
                // More input of this chunk follows, so this block is not its last: compress in place.
                Blake3Compress.loadBlock(input, off, BLOCK_LEN, m);
                compressChunkBlock();
                off += BLOCK_LEN;
                len -= BLOCK_LEN;
                continue;
            }
            int n = Math.min(BLOCK_LEN - blockLen, len);
            MemorySegment.copy(input, ValueLayout.JAVA_BYTE, off, block, blockLen, n);
            blockLen += n;
            off += n;
            len -= n;
        }
    }

    private void compressChunkBlock() {
        int f = flags | (blocksCompressed == 0 ? CHUNK_START : 0);
        Blake3Compress.compress(chunkCv, 0, m, 0, chunkCounter, BLOCK_LEN, f, chunkCv, 0, false);
        blocksCompressed++;
    }

    /** Loads the current chunk's output node into the out* fields (without the ROOT flag). */
    private void chunkOutputNode() {
        System.arraycopy(chunkCv, 0, outCv, 0, 8);
        Blake3Compress.loadBlock(block, blockLen, outBlock);
        outCounter = chunkCounter;
        outBlockLen = blockLen;
        outFlags = flags | (blocksCompressed == 0 ? CHUNK_START : 0) | CHUNK_END;
    }

    private long outCounter;
    private int outBlockLen;
    private int outFlags;

    private int[] chunkCvOut() {
        chunkOutputNode();
        Blake3Compress.compress(outCv, 0, outBlock, 0, outCounter, outBlockLen, outFlags, pair, 0, false);
        return pair;
    }

    private void pushCv(int[] cv, long totalChunks) {
        pushCv(cv, 0, totalChunks);
    }

    /** Pushes the CV at {@code cv[off..off+8)} of the subtree that starts at chunk {@code totalChunks}. */
    private void pushCv(int[] cv, int off, long totalChunks) {
        mergeCvStack(totalChunks);
        System.arraycopy(cv, off, cvStack, stackLen * 8, 8);
        stackLen++;
    }

    /**
     * Merges completed subtrees: after {@code totalChunks} chunks the stack holds one CV per set bit.
     * Merging lazily (before a push, not after) keeps the last subtree unmerged until the input is known
     * to continue, since the root must be compressed with the ROOT flag.
     */
    private void mergeCvStack(long totalChunks) {
        int post = Long.bitCount(totalChunks);
        while (stackLen > post) {
            int left = (stackLen - 2) * 8;
            Blake3Compress.parent(cvStack, left, left + 8, key, flags, m, cvStack, left);
            stackLen--;
        }
    }

    /** Loads the root output node of the input so far into the out* fields. */
    private void rootNode() {
        int remaining = stackLen;
        if (remaining == 0) {
            chunkOutputNode();
            return;
        }
        if (chunkBytes() > 0) {
            chunkOutputNode();
        } else {
            parentNode((remaining - 2) * 8, cvStack, (remaining - 1) * 8);
            remaining -= 2;
        }
        while (remaining > 0) {
            Blake3Compress.compress(outCv, 0, outBlock, 0, outCounter, outBlockLen, outFlags, outWords, 0, false);
            parentNode((remaining - 1) * 8, outWords, 0);
            remaining--;
        }
    }

    private void parentNode(int leftOff, int[] right, int rightOff) {
        System.arraycopy(cvStack, leftOff, outBlock, 0, 8);
        System.arraycopy(right, rightOff, outBlock, 8, 8);
        System.arraycopy(key, 0, outCv, 0, 8);
        outCounter = 0;
        outBlockLen = BLOCK_LEN;
        outFlags = flags | PARENT;
    }

    /** The 32-byte output of the input so far. */
    public byte[] digest() {
        byte[] out = new byte[Blake3.OUT_LEN];
        digest(0, out, 0, out.length);
        return out;
    }

    /** Writes the first {@code len} bytes of the (extended) output to {@code out} at {@code off}. */
    public void digest(byte[] out, int off, int len) {
        digest(0, out, off, len);
    }

    /** Writes {@code len} bytes of the extended output, from its byte {@code seek} on, to {@code out} at {@code off}. */
    public void digest(long seek, byte[] out, int off, int len) {
        Objects.checkFromIndexSize(off, len, out.length);
        digest(seek, MemorySegment.ofArray(out), off, len);
    }

    /** Writes the first {@code out.byteSize()} bytes of the extended output to {@code out}. */
    public void digest(MemorySegment out) {
        digest(0, out, 0, out.byteSize());
    }

    /**
     * Writes {@code len} bytes of the extended output, from its byte {@code seek} (non-negative) on, to
     * {@code out} at {@code off}. The first 32 bytes are the hash; the output can be extended to 2^64 bytes.
     */
    public void digest(long seek, MemorySegment out, long off, long len) {
        Objects.checkFromIndexSize(off, len, out.byteSize());
        if (seek < 0) {
            throw new IllegalArgumentException("seek must be >= 0 bytes, got " + seek);
        }
        rootNode();
        long pos = seek;
        long end = off + len;
        while (off < end) {
            long blockCounter = pos / BLOCK_LEN;
            int within = (int) (pos % BLOCK_LEN);
            Blake3Compress.compress(outCv, 0, outBlock, 0, blockCounter, outBlockLen, outFlags | ROOT, outWords, 0, true);
            if (within == 0 && end - off >= BLOCK_LEN) {
                for (int j = 0; j < 16; j++) {
                    out.set(LE_INT, off + 4L * j, outWords[j]);
                }
                off += BLOCK_LEN;
                pos += BLOCK_LEN;
                continue;
            }
            int n = (int) Math.min(BLOCK_LEN - within, end - off);
            for (int i = 0; i < n; i++) {
                int b = within + i;
                out.set(ValueLayout.JAVA_BYTE, off + i, (byte) (outWords[b >>> 2] >>> ((b & 3) << 3)));
            }
            off += n;
            pos += n;
        }
    }
}
