package io.flashcore.reduction.chunk;

/**
 * One chunk of a stream: its offset from the start of the stream and its length, in bytes.
 *
 * @param offset offset of the first byte from the start of the stream, in bytes
 * @param length length in bytes, at least 1
 */
public record Chunk(long offset, int length) {
    /** Validates the chunk; throws {@link IllegalArgumentException} naming the bad value. */
    public Chunk {
        if (offset < 0) {
            throw new IllegalArgumentException("chunk offset must be >= 0 bytes, got " + offset);
        }
        if (length < 1) {
            throw new IllegalArgumentException("chunk length must be >= 1 byte, got " + length);
        }
    }

    /** The offset one past the chunk's last byte, in bytes from the start of the stream. */
    public long end() {
        return offset + length;
    }
}
