package io.flashcore.reduction.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Version 1 of the dedup index snapshot file. All numbers little-endian.
 * <pre>
 *  header, 56 bytes
 *   0  magic            8  "FCDXSNAP"
 *   8  version          4  1
 *  12  tag function     4  1 (DedupIndex.hash and the slot layout; a snapshot is only valid with it)
 *  16  location bits    4
 *  20  segment count    4  power of two
 *  24  expected entries 8
 *  32  entry count      8
 *  40  body bytes       8
 *  48  header CRC32C    4  of bytes 0..47
 *  52  zero             4
 *  body, per segment in order
 *      slots n          4
 *      saturated m      4
 *      n × slot         8  the raw 64-bit slot (tag | count | location)
 *      m × (key, count) 16 exact counts of slots whose 4-bit count is saturated
 *  footer, 16 bytes
 *      magic            8  "FCDXEND\0"
 *      body CRC32C      8  of the body bytes
 * </pre>
 * A reader checks the magic, then the version (so a newer file is reported as too new, not corrupt),
 * then the header checksum, then that the file length is exactly header + body + footer (shorter:
 * truncated; longer: corrupt), then every value while loading, then the body checksum.
 */
final class IndexSnapshotV1 {
    static final byte[] MAGIC = "FCDXSNAP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FOOTER_MAGIC = "FCDXEND\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MIN_VERSION = 1;
    static final int TAG_FUNCTION = 1;
    static final int HEADER_BYTES = 56;
    static final int FOOTER_BYTES = 16;
    static final int OFF_VERSION = 8;
    static final int OFF_TAG_FUNCTION = 12;
    static final int OFF_LOCATION_BITS = 16;
    static final int OFF_SEGMENTS = 20;
    static final int OFF_EXPECTED = 24;
    static final int OFF_ENTRIES = 32;
    static final int OFF_BODY_BYTES = 40;
    static final int OFF_HEADER_CRC = 48;
    private static final int BUFFER_BYTES = 1 << 20;

    private IndexSnapshotV1() {
    }

    static void write(DedupIndex index, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(HEADER_BYTES), 0);
            ch.position(HEADER_BYTES);
            BodyWriter body = new BodyWriter(ch);
            for (int s = 0; s < index.segmentCount(); s++) {
                index.exportSegment(s, body);
            }
            body.flush();
            ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            footer.put(FOOTER_MAGIC).putLong(body.crc.getValue()).flip();
            writeFully(ch, footer);

            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putInt(VERSION).putInt(TAG_FUNCTION).putInt(index.locationBits())
                    .putInt(index.segmentCount()).putLong(index.expectedEntries()).putLong(body.entries)
                    .putLong(body.bytes);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, OFF_HEADER_CRC);
            header.putInt((int) crc.getValue()).putInt(0).flip();
            ch.position(0);
            writeFully(ch, header);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static DedupIndex read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // keep reading until the header is complete or the file ends
            }
            int got = header.position();
            header.flip();
            if (got >= MAGIC.length && !startsWith(header, MAGIC)) {
                throw new CorruptSnapshotException(file, "bad magic, expected \"FCDXSNAP\"");
            }
            if (got >= OFF_VERSION + 4) {
                int version = header.getInt(OFF_VERSION);
                if (version < MIN_VERSION || version > VERSION) {
                    throw new UnsupportedSnapshotVersionException(file, version, MIN_VERSION, VERSION);
                }
            }
            if (got < HEADER_BYTES) {
                throw new TruncatedSnapshotException(file, size, "a " + HEADER_BYTES + "-byte header");
            }
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(header.array(), 0, OFF_HEADER_CRC);
            if ((int) headerCrc.getValue() != header.getInt(OFF_HEADER_CRC)) {
                throw new CorruptSnapshotException(file, "header checksum mismatch");
            }
            int tagFunction = header.getInt(OFF_TAG_FUNCTION);
            if (tagFunction != TAG_FUNCTION) {
                throw new CorruptSnapshotException(file, "unknown tag function " + tagFunction + ", expected "
                        + TAG_FUNCTION);
            }
            int locationBits = header.getInt(OFF_LOCATION_BITS);
            int segments = header.getInt(OFF_SEGMENTS);
            long expected = header.getLong(OFF_EXPECTED);
            long entries = header.getLong(OFF_ENTRIES);
            long bodyBytes = header.getLong(OFF_BODY_BYTES);
            if (bodyBytes < 0 || entries < 0) {
                throw new CorruptSnapshotException(file, "negative body length " + bodyBytes + " or entry count "
                        + entries);
            }
            long want = HEADER_BYTES + bodyBytes + FOOTER_BYTES;
            if (size < want) {
                throw new TruncatedSnapshotException(file, size, want + " bytes (header, " + bodyBytes
                        + "-byte body, footer)");
            }
            if (size > want) {
                throw new CorruptSnapshotException(file, size + " bytes, expected " + want);
            }
            if (entries > bodyBytes / Long.BYTES) {
                throw new CorruptSnapshotException(file, "header says " + entries + " entries, more than a "
                        + bodyBytes + "-byte body can hold");
            }
            DedupIndex index;
            try {
                // The header's expected size is a hint; memory is reserved for what the body holds, and the
                // index grows from there, so a corrupt hint cannot reserve memory the file does not justify.
                long sizedFor = Math.min(expected, Math.max(2 * entries, 1L << 16));
                index = DedupIndex.create(sizedFor, locationBits, segments);
            } catch (IllegalArgumentException e) {
                throw new CorruptSnapshotException(file, "bad header value: " + e.getMessage());
            }
            try {
                load(file, ch, index, segments, entries, bodyBytes);
                return index;
            } catch (IOException | RuntimeException e) {
                index.close();
                throw e;
            }
        }
    }

    private static void load(Path file, FileChannel ch, DedupIndex index, int segments, long entries, long bodyBytes)
            throws IOException {
        BodyReader in = new BodyReader(file, ch, bodyBytes);
        long loaded = 0;
        for (int s = 0; s < segments; s++) {
            int n = in.readInt();
            int m = in.readInt();
            if (n < 0 || m < 0 || m > n || (long) n * 8 + (long) m * 16 > in.remaining()) {
                throw new CorruptSnapshotException(file, "segment " + s + " claims " + n + " slots and " + m
                        + " saturated counts, more than the body holds");
            }
            for (int i = 0; i < n; i++) {
                long slot = in.readLong();
                if (!index.validSlot(slot)) {
                    throw new CorruptSnapshotException(file, "segment " + s + " slot " + i + " has count 0");
                }
                try {
                    index.importSlot(s, slot);
                } catch (IllegalStateException e) {
                    throw new CorruptSnapshotException(file, "segment " + s + ": " + e.getMessage());
                }
            }
            for (int i = 0; i < m; i++) {
                long key = in.readLong();
                long count = in.readLong();
                if (!index.importSaturated(s, key, count)) {
                    throw new CorruptSnapshotException(file, "segment " + s + " has a saturated count " + count
                            + " for no saturated slot");
                }
            }
            if (!index.saturatedComplete(s)) {
                throw new CorruptSnapshotException(file, "segment " + s + " lacks an exact count for a saturated slot");
            }
            loaded += n;
        }
        if (in.remaining() != 0) {
            throw new CorruptSnapshotException(file, in.remaining() + " body bytes left after the last segment");
        }
        long crc = in.crc.getValue();
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (footer.hasRemaining() && ch.read(footer) >= 0) {
            // keep reading until the footer is complete
        }
        footer.flip();
        if (footer.remaining() < FOOTER_BYTES || !startsWith(footer, FOOTER_MAGIC)) {
            throw new CorruptSnapshotException(file, "bad footer magic, expected \"FCDXEND\"");
        }
        if (footer.getLong(8) != crc) {
            throw new CorruptSnapshotException(file, "body checksum mismatch");
        }
        if (loaded != entries) {
            throw new CorruptSnapshotException(file, "holds " + loaded + " entries, header says " + entries);
        }
    }

    private static boolean startsWith(ByteBuffer b, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (b.get(i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Buffers the body, checksums it and counts its bytes and entries. */
    private static final class BodyWriter implements DedupIndex.SegmentSink {
        final FileChannel ch;
        final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        long bytes;
        long entries;

        BodyWriter(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void begin(int slots, int saturated) throws IOException {
            room(8);
            buf.putInt(slots).putInt(saturated);
            entries += slots;
        }

        @Override
        public void slot(long slot) throws IOException {
            room(8);
            buf.putLong(slot);
        }

        @Override
        public void saturated(long key, long count) throws IOException {
            room(16);
            buf.putLong(key).putLong(count);
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            buf.flip();
            crc.update(buf.array(), 0, buf.limit());
            bytes += buf.limit();
            writeFully(ch, buf);
            buf.clear();
        }
    }

    /** Reads exactly the body's bytes, checksumming them; running out is a truncation. */
    private static final class BodyReader {
        final Path file;
        final FileChannel ch;
        final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        long left;

        BodyReader(Path file, FileChannel ch, long bodyBytes) {
            this.file = file;
            this.ch = ch;
            this.left = bodyBytes;
            buf.limit(0);
        }

        long remaining() {
            return left + buf.remaining();
        }

        int readInt() throws IOException {
            need(4);
            return buf.getInt();
        }

        long readLong() throws IOException {
            need(8);
            return buf.getLong();
        }

        private void need(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            buf.compact();
            int want = (int) Math.min(buf.remaining(), left);
            int start = buf.position();
            buf.limit(start + want);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new TruncatedSnapshotException(file, ch.position(), "the rest of the body");
                }
            }
            crc.update(buf.array(), start, want);
            left -= want;
            buf.flip();
            if (buf.remaining() < n) {
                throw new CorruptSnapshotException(file, "body ends inside a record");
            }
        }
    }
}
