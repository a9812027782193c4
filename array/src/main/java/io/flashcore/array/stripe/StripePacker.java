package io.flashcore.array.stripe;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Packs reduced chunks, back to back, into the data area of one open stripe: k shard payloads of
 * {@code payloadBytes} each, seen as one run of {@code k * payloadBytes} bytes. A chunk may span
 * a shard boundary but never a stripe. Tracks which shards changed since the stripe was last
 * made durable, so that a rewrite touches only those shards and the parity.
 *
 * <p>The data area is caller-provided memory (zeroed by {@link #reset}); unfilled bytes are zero,
 * which is what parity is computed over. Not thread-safe.
 */
public final class StripePacker {
    private final int k;
    private final int payloadBytes;
    private final MemorySegment data;
    private int fill;
    private int durableFill;

    /**
     * A packer over {@code data}, which must hold at least {@code k * payloadBytes} bytes.
     */
    public StripePacker(int k, int payloadBytes, MemorySegment data) {
        if (k < 1 || payloadBytes < 1) {
            throw new IllegalArgumentException("k and payloadBytes must be positive, got " + k + " and "
                    + payloadBytes);
        }
        if (data.byteSize() < (long) k * payloadBytes) {
            throw new IllegalArgumentException("data area of " + data.byteSize() + " bytes is smaller than " + k
                    + " x " + payloadBytes);
        }
        this.k = k;
        this.payloadBytes = payloadBytes;
        this.data = data.asSlice(0, (long) k * payloadBytes);
        reset(0, 0);
    }

    /** Bytes of the data area: k × payload bytes. */
    public int capacity() {
        return k * payloadBytes;
    }

    /** Bytes appended so far. */
    public int fill() {
        return fill;
    }

    /** Bytes left. */
    public int free() {
        return capacity() - fill;
    }

    /** True when nothing was appended since the stripe was last made durable. */
    public boolean isClean() {
        return fill == durableFill;
    }

    /**
     * Starts over with {@code fill} bytes already present and durable (zero for a new stripe);
     * bytes from {@code fill} on are zeroed.
     */
    public void reset(int fill, int durable) {
        Objects.checkIndex(fill, capacity() + 1);
        if (durable > fill) {
            throw new IllegalArgumentException("durable " + durable + " > fill " + fill);
        }
        data.asSlice(fill).fill((byte) 0);
        this.fill = fill;
        this.durableFill = durable;
    }

    /**
     * Appends {@code src} and returns its byte offset in the data area, or -1 when it does not
     * fit (nothing is written then).
     */
    public int append(MemorySegment src) {
        long n = src.byteSize();
        if (n > free()) {
            return -1;
        }
        int at = fill;
        MemorySegment.copy(src, 0, data, at, n);
        fill += (int) n;
        return at;
    }

    /** The first data shard changed since the last {@link #markDurable()}. */
    public int firstDirtyShard() {
        return durableFill / payloadBytes;
    }

    /** One past the last data shard changed since the last {@link #markDurable()}; equal to the first when clean. */
    public int endDirtyShard() {
        return isClean() ? firstDirtyShard() : (fill + payloadBytes - 1) / payloadBytes;
    }

    /** Records that everything appended so far is durable. */
    public void markDurable() {
        durableFill = fill;
    }

    /** The payload of data shard {@code i} (a view into the data area). */
    public MemorySegment shard(int i) {
        Objects.checkIndex(i, k);
        return data.asSlice((long) i * payloadBytes, payloadBytes);
    }

    /** The whole data area (a view). */
    public MemorySegment data() {
        return data;
    }
}
