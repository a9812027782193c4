package io.flashcore.array.meta;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the fields of one metadata record to a growable byte array: unsigned LEB128 varints,
 * big-endian fixed-width integers, length-prefixed byte strings. Not thread-safe; reusable after
 * {@link #reset()}.
 */
public final class RecordWriter {
    private byte[] buf;
    private int len;

    /** A writer with an initial capacity of {@code capacity} bytes. */
    public RecordWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Forgets what was written; returns this writer. */
    public RecordWriter reset() {
        len = 0;
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    /** One byte (the low 8 bits of {@code v}). */
    public RecordWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    /** An unsigned varint; {@code v} must not be negative. */
    public RecordWriter varLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint must not be negative, got " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
        return this;
    }

    /** A signed varint (zig-zag), for values that may be -1. */
    public RecordWriter zigZag(long v) {
        return varLong((v << 1) ^ (v >> 63));
    }

    /** Four bytes, big-endian. */
    public RecordWriter i32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    /** Eight bytes, big-endian. */
    public RecordWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    /** The bytes as they are, without a length. */
    public RecordWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    /** {@code n} bytes of {@code b} from {@code off}, without a length. */
    public RecordWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** A varint length, then the bytes. */
    public RecordWriter bytes(byte[] b) {
        varLong(b.length);
        return raw(b);
    }

    /** A UTF-8 string with a varint length. */
    public RecordWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes written so far. */
    public int length() {
        return len;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
