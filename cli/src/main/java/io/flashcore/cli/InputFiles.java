package io.flashcore.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The input files of a command: listing files and folders, and reading a file into native memory. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * Every readable regular file under {@code inputs} (files, or folders read recursively), sorted
     * within each input; a missing input is a {@link NoSuchFileException} naming it.
     */
    static List<Path> list(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(Files::isReadable).sorted(Comparator.naturalOrder())
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(p.toString(), null, "no such file or folder");
            }
        }
        return files;
    }

    /** The whole of {@code file} in a page-aligned segment of {@code arena}. */
    static MemorySegment read(Arena arena, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = arena.allocate(Math.max(1, size), 4096).asSlice(0, size);
            long pos = 0;
            while (pos < size) {
                int n = ch.read(seg.asSlice(pos, Math.min(size - pos, 1 << 30)).asByteBuffer(), pos);
                if (n < 0) {
                    throw new IOException("file " + file + " shrank while being read, at byte " + pos + " of " + size);
                }
                pos += n;
            }
            return seg;
        }
    }

    /**
     * Bytes {@code at…at+length−1} of the file open as {@code in} (fewer when it ends first), read with
     * positional reads (threads may share the channel).
     */
    static byte[] readRange(java.nio.channels.FileChannel in, long at, int length) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Math.max(0, Math.min(length, in.size() - at)));
        while (b.hasRemaining()) {
            if (in.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b.position() == b.capacity() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }
}
