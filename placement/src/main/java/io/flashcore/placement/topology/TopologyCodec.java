package io.flashcore.placement.topology;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The serialised form of a {@link Topology}, format version 1. Integers marked "varint" are
 * unsigned LEB128; fixed-width integers are big-endian.
 *
 * <pre>
 *   0      4      6              14
 *   +------+------+--------------+-----------+---------------------+---------------------+---------+
 *   | FCTM | ver  | epoch (u64)  | levels    | domains per level   | drives              | CRC32C  |
 *   +------+------+--------------+-----------+---------------------+---------------------+---------+
 *   levels:  varint count, then per level: varint length + UTF-8 name
 *   domains: per level: varint count, then per domain: varint (parent + 1), varint length + UTF-8 name
 *   drives:  varint count, then per drive: varint capacity bytes, u8 state ordinal, varint (domain + 1)
 *   CRC32C:  u32 over every preceding byte
 * </pre>
 */
final class TopologyCodec {
    /** "FCTM": flashcore topology map. */
    static final int MAGIC = 0x4643544D;
    static final int VERSION = 1;
    static final int MIN_VERSION = 1;
    private static final int HEADER_BYTES = 14;
    private static final int CRC_BYTES = 4;

    private TopologyCodec() {
    }

    static byte[] encode(Topology t) {
        Out out = new Out();
        out.u32(MAGIC);
        out.u16(VERSION);
        out.u64(t.epoch());
        out.varint(t.levelCount());
        for (String level : t.levels()) {
            out.string(level);
        }
        for (int l = 0; l < t.levelCount(); l++) {
            out.varint(t.domainCount(l));
            for (FailureDomain d : t.domains(l)) {
                out.varint(d.parent() + 1L);
                out.string(d.name());
            }
        }
        out.varint(t.driveCount());
        for (Drive d : t.drives()) {
            out.varint(d.capacityBytes());
            out.write(d.state().ordinal());
            out.varint(d.domain() + 1L);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.buffer(), 0, out.size());
        out.u32((int) crc.getValue());
        return out.toByteArray();
    }

    static Topology decode(byte[] bytes) throws TopologyFormatException {
        if (bytes.length < HEADER_BYTES + CRC_BYTES) {
            throw corrupt("topology map is " + bytes.length + " bytes, shorter than the " + (HEADER_BYTES + CRC_BYTES)
                    + "-byte minimum");
        }
        In in = new In(bytes, bytes.length - CRC_BYTES);
        int magic = in.u32();
        if (magic != MAGIC) {
            throw corrupt(String.format("topology map magic is 0x%08x, expected 0x%08x (FCTM)", magic, MAGIC));
        }
        int version = in.u16();
        if (version < MIN_VERSION) {
            throw new TopologyFormatException(TopologyFormatException.Kind.TOO_OLD,
                    "topology map format version " + version + " is older than the oldest supported, " + MIN_VERSION);
        }
        if (version > VERSION) {
            throw new TopologyFormatException(TopologyFormatException.Kind.TOO_NEW,
                    "topology map format version " + version + " is newer than the newest supported, " + VERSION);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - CRC_BYTES);
        int stored = new In(bytes, bytes.length).at(bytes.length - CRC_BYTES).u32();
        if (stored != (int) crc.getValue()) {
            throw corrupt(String.format("topology map checksum mismatch: stored 0x%08x, computed 0x%08x", stored,
                    (int) crc.getValue()));
        }
        try {
            long epoch = in.u64();
            int levelCount = in.count("level");
            List<String> levels = new ArrayList<>();
            for (int l = 0; l < levelCount; l++) {
                levels.add(in.string());
            }
            FailureDomain[][] domains = new FailureDomain[levelCount][];
            for (int l = 0; l < levelCount; l++) {
                domains[l] = new FailureDomain[in.count("domain")];
                for (int i = 0; i < domains[l].length; i++) {
                    int parent = (int) in.varint() - 1;
                    domains[l][i] = new FailureDomain(l, i, in.string(), parent);
                }
            }
            Drive[] drives = new Drive[in.count("drive")];
            DriveState[] states = DriveState.values();
            for (int i = 0; i < drives.length; i++) {
                long capacity = in.varint();
                int state = in.u8();
                if (state >= states.length) {
                    throw corrupt("drive " + i + " has unknown state " + state);
                }
                drives[i] = new Drive(i, capacity, states[state], (int) in.varint() - 1);
            }
            if (in.position() != bytes.length - CRC_BYTES) {
                throw corrupt("topology map has " + (bytes.length - CRC_BYTES - in.position())
                        + " unexpected bytes before its checksum");
            }
            return new Topology(epoch, levels, domains, drives);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw corrupt("topology map content is inconsistent: " + e.getMessage());
        }
    }

    private static TopologyFormatException corrupt(String message) {
        return new TopologyFormatException(TopologyFormatException.Kind.CORRUPT, message);
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(256);
        }

        byte[] buffer() {
            return buf;
        }

        void u16(int v) {
            write(v >>> 8);
            write(v);
        }

        void u32(int v) {
            u16(v >>> 16);
            u16(v);
        }

        void u64(long v) {
            u32((int) (v >>> 32));
            u32((int) v);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }
    }

    private static final class In {
        private final byte[] b;
        private final int end;
        private int pos;

        In(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        In at(int position) {
            pos = position;
            return this;
        }

        int position() {
            return pos;
        }

        int u8() throws TopologyFormatException {
            if (pos >= end) {
                throw corrupt("topology map is truncated at byte " + pos);
            }
            return b[pos++] & 0xFF;
        }

        int u16() throws TopologyFormatException {
            return (u8() << 8) | u8();
        }

        int u32() throws TopologyFormatException {
            return (u16() << 16) | u16();
        }

        long u64() throws TopologyFormatException {
            return ((long) u32() << 32) | (u32() & 0xFFFFFFFFL);
        }

        long varint() throws TopologyFormatException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw corrupt("varint longer than 10 bytes at byte " + pos);
        }

        int count(String what) throws TopologyFormatException {
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw corrupt(what + " count " + n + " exceeds the " + (end - pos) + " bytes left");
            }
            return (int) n;
        }

        String string() throws TopologyFormatException {
            int n = count("string length");
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }
}
