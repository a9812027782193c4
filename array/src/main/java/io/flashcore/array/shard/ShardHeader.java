package io.flashcore.array.shard;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.flashcore.array.CorruptDataException;
import io.flashcore.array.FormatVersionException;

/**
 * The 64-byte header at the start of every shard slot, and the CRC32C of the payload after it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     magic "FCSH" (0x48534346 LE)              |  0
 *  +-------------------------------+-------------------------------+
 *  |        format version         |         header bytes (64)     |  4
 *  +-------------------------------+-------------------------------+
 *  |                     array id (16 bytes)                       |  8
 *  +---------------------------------------------------------------+
 *  |                     stripe id (8 bytes)                       | 24
 *  +---------------------------------------------------------------+
 *  |                     stripe generation (8 bytes)               | 32
 *  +-------------------------------+-------------------------------+
 *  |          shard index          |               k               | 40
 *  +-------------------------------+-------------------------------+
 *  |               m               |            reserved           | 44
 *  +-------------------------------+-------------------------------+
 *  |                     payload bytes                             | 48
 *  +---------------------------------------------------------------+
 *  |                     payload CRC32C                            | 52
 *  +---------------------------------------------------------------+
 *  |                     reserved                                  | 56
 *  +---------------------------------------------------------------+
 *  |                     header CRC32C (bytes 0..59)               | 60
 *  +---------------------------------------------------------------+
 * </pre>
 * All fields are little-endian. Static methods only; they allocate nothing but the parsed record.
 *
 * @param arrayIdHigh   high 64 bits of the array id
 * @param arrayIdLow    low 64 bits of the array id
 * @param stripe        the stripe id
 * @param generation    the stripe generation the shard was written for
 * @param shardIndex    the shard's index in its stripe, 0..k+m-1
 * @param k             data shards of the stripe
 * @param m             parity shards of the stripe
 * @param payloadBytes  bytes of payload after the header
 * @param payloadCrc    CRC32C of the payload
 */
public record ShardHeader(long arrayIdHigh, long arrayIdLow, long stripe, long generation, int shardIndex, int k,
                          int m, int payloadBytes, int payloadCrc) {
    /** Header bytes at the start of a slot. */
    public static final int BYTES = 64;
    /** The magic, "FCSH" read as a little-endian int. */
    public static final int MAGIC = 0x48534346;
    /** The format version written by this build. */
    public static final int FORMAT_VERSION = 1;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int VERSION_OFFSET = 4;
    private static final int LENGTH_OFFSET = 6;
    private static final int ARRAY_ID_OFFSET = 8;
    private static final int STRIPE_OFFSET = 24;
    private static final int GENERATION_OFFSET = 32;
    private static final int SHARD_INDEX_OFFSET = 40;
    private static final int K_OFFSET = 42;
    private static final int M_OFFSET = 44;
    private static final int PAYLOAD_BYTES_OFFSET = 48;
    private static final int PAYLOAD_CRC_OFFSET = 52;
    private static final int HEADER_CRC_OFFSET = 60;

    /** Writes this header into the first {@link #BYTES} bytes of {@code slot}. */
    public void write(MemorySegment slot) {
        slot.asSlice(0, BYTES).fill((byte) 0);
        slot.set(INT, 0, MAGIC);
        slot.set(SHORT, VERSION_OFFSET, (short) FORMAT_VERSION);
        slot.set(SHORT, LENGTH_OFFSET, (short) BYTES);
        slot.set(LONG, ARRAY_ID_OFFSET, arrayIdHigh);
        slot.set(LONG, ARRAY_ID_OFFSET + 8, arrayIdLow);
        slot.set(LONG, STRIPE_OFFSET, stripe);
        slot.set(LONG, GENERATION_OFFSET, generation);
        slot.set(SHORT, SHARD_INDEX_OFFSET, (short) shardIndex);
        slot.set(SHORT, K_OFFSET, (short) k);
        slot.set(SHORT, M_OFFSET, (short) m);
        slot.set(INT, PAYLOAD_BYTES_OFFSET, payloadBytes);
        slot.set(INT, PAYLOAD_CRC_OFFSET, payloadCrc);
        slot.set(INT, HEADER_CRC_OFFSET, crc(slot, 0, HEADER_CRC_OFFSET));
    }

    /**
     * Parses and checks the header at the start of {@code slot}: magic, version, length and header
     * CRC. {@code where} names the drive and slot in error messages.
     */
    public static ShardHeader read(MemorySegment slot, String where) throws CorruptDataException,
            FormatVersionException {
        if (slot.byteSize() < BYTES) {
            throw new CorruptDataException("shard header at " + where + " is truncated: " + slot.byteSize()
                    + " bytes, expected " + BYTES);
        }
        int magic = slot.get(INT, 0);
        if (magic != MAGIC) {
            throw new CorruptDataException("shard header at " + where + " has bad magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC));
        }
        int stored = slot.get(INT, HEADER_CRC_OFFSET);
        int actual = crc(slot, 0, HEADER_CRC_OFFSET);
        if (stored != actual) {
            throw new CorruptDataException("shard header at " + where + " has a bad CRC32C: stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(actual));
        }
        int version = Short.toUnsignedInt(slot.get(SHORT, VERSION_OFFSET));
        if (version != FORMAT_VERSION) {
            throw new FormatVersionException("shard header at " + where, version, FORMAT_VERSION, FORMAT_VERSION);
        }
        int len = Short.toUnsignedInt(slot.get(SHORT, LENGTH_OFFSET));
        if (len != BYTES) {
            throw new CorruptDataException("shard header at " + where + " claims " + len + " bytes, expected "
                    + BYTES);
        }
        return new ShardHeader(slot.get(LONG, ARRAY_ID_OFFSET), slot.get(LONG, ARRAY_ID_OFFSET + 8),
                slot.get(LONG, STRIPE_OFFSET), slot.get(LONG, GENERATION_OFFSET),
                Short.toUnsignedInt(slot.get(SHORT, SHARD_INDEX_OFFSET)), Short.toUnsignedInt(slot.get(SHORT, K_OFFSET)),
                Short.toUnsignedInt(slot.get(SHORT, M_OFFSET)), slot.get(INT, PAYLOAD_BYTES_OFFSET),
                slot.get(INT, PAYLOAD_CRC_OFFSET));
    }

    /** CRC32C of {@code length} bytes of {@code seg} from {@code offset}. */
    public static int crc(MemorySegment seg, long offset, long length) {
        CRC32C c = new CRC32C();
        c.update(seg.asSlice(offset, length).asByteBuffer());
        return (int) c.getValue();
    }
}
