package io.flashcore.array.meta;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.flashcore.array.CorruptDataException;

/**
 * Reads the fields written by {@link RecordWriter}, checking every length against the bytes
 * left: a truncated or malformed record gives a {@link CorruptDataException} naming the record,
 * never an out-of-bounds read. Not thread-safe.
 */
public final class RecordReader {
    private final byte[] buf;
    private final String what;
    private int pos;

    /** A reader over all of {@code buf}; {@code what} names the record in error messages. */
    public RecordReader(byte[] buf, String what) {
        this.buf = buf;
        this.what = what;
    }

    private void need(int n) throws CorruptDataException {
        if (n < 0 || n > buf.length - pos) { // not pos + n: it overflows for n near Integer.MAX_VALUE
            throw new CorruptDataException(what + " is truncated: needs " + n + " bytes at offset " + pos
                    + " of " + buf.length);
        }
    }

    /** One unsigned byte. */
    public int u8() throws CorruptDataException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    /** An unsigned varint. */
    public long varLong() throws CorruptDataException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptDataException(what + " has a varint longer than 10 bytes at offset " + pos);
    }

    /** An unsigned varint that must fit in an int. */
    public int varInt() throws CorruptDataException {
        long v = varLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptDataException(what + " has a field out of range: " + v);
        }
        return (int) v;
    }

    /** A zig-zag signed varint. */
    public long zigZag() throws CorruptDataException {
        long v = varLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** Four bytes, big-endian. */
    public int i32() throws CorruptDataException {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Eight bytes, big-endian. */
    public long i64() throws CorruptDataException {
        return ((long) i32() << 32) | (i32() & 0xFFFFFFFFL);
    }

    /** {@code n} bytes. */
    public byte[] raw(int n) throws CorruptDataException {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A varint length, then that many bytes. */
    public byte[] bytes() throws CorruptDataException {
        return raw(varInt());
    }

    /** A UTF-8 string with a varint length. */
    public String string() throws CorruptDataException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Bytes not read yet. */
    public int remaining() {
        return buf.length - pos;
    }

    /** Fails unless every byte was read. */
    public void end() throws CorruptDataException {
        if (pos != buf.length) {
            throw new CorruptDataException(what + " has " + (buf.length - pos) + " trailing bytes");
        }
    }

    /**
     * Reads the leading format version byte and checks it against [{@code min}, {@code max}].
     */
    public int version(int min, int max) throws CorruptDataException, io.flashcore.array.FormatVersionException {
        int v = u8();
        if (v < min || v > max) {
            throw new io.flashcore.array.FormatVersionException(what, v, min, max);
        }
        return v;
    }
}
