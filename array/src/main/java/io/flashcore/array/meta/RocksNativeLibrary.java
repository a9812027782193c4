package io.flashcore.array.meta;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's JNI library from one copy per machine and user instead of one per process.
 *
 * <p>RocksDB unpacks its ~15 MB library from its jar into a new temporary file each time a process
 * loads it, and deletes the file only when the process exits normally: every process that is killed
 * (a crash, {@code kill -9}, a power cut, the crash tests' children) leaves one behind, and a few
 * hundred of them fill gigabytes of {@code /tmp}. Here the library is unpacked once, into a sub-folder
 * named by its length and CRC-32 of a folder only the user can write ({@code -Dflashcore.nativeDir},
 * default {@code <java.io.tmpdir>/flashcore-native-<user>}), under a temporary name renamed into place
 * so that concurrent processes never load a half-written file, and every process loads it from
 * there. When the library is already on {@code java.library.path} (the
 * {@code flashcore} launcher unpacks it beside the jar), or when anything here fails, RocksDB loads it
 * its own way.
 */
final class RocksNativeLibrary {
    private RocksNativeLibrary() {
    }

    /** Loads the library (once per process; later calls return at once). */
    static void load() {
        String file = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb"); // as the jar holds it
        if (!onLibraryPath(file)) {
            try {
                Path dir = unpacked(file, LOADED_AS);
                if (dir != null) {
                    RocksDB.loadLibrary(List.of(dir.toString()));
                    return;
                }
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                // RocksDB's own way below.
            }
        }
        RocksDB.loadLibrary();
    }

    private static boolean onLibraryPath(String file) {
        for (String dir : System.getProperty("java.library.path", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isRegularFile(Path.of(dir, file))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file name {@link RocksDB#loadLibrary(List)} loads from each folder it is given (in rocksdbjni
     * 10 it asks for the JNI file name of "rocksdbjni", not of "rocksdb" as the jar names the resource).
     */
    static final String LOADED_AS = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdbjni");

    /**
     * The folder holding a copy of library resource {@code file} named {@code as} (unpacking it when no
     * copy is there yet), or null when the jar has no such resource.
     */
    static Path unpacked(String file, String as) throws IOException {
        java.net.URL url = RocksDB.class.getClassLoader().getResource(file);
        if (url == null) {
            return null;
        }
        java.net.URLConnection connection = url.openConnection();
        long length = -1;
        long crc = -1;
        if (connection instanceof java.net.JarURLConnection jar) {
            java.util.jar.JarEntry entry = jar.getJarEntry(); // the zip entry's length and CRC-32, without inflating it
            length = entry.getSize();
            crc = entry.getCrc();
        }
        byte[] lib = null;
        if (length < 0 || crc < 0) {
            try (InputStream in = connection.getInputStream()) {
                lib = in.readAllBytes();
            }
            length = lib.length;
            crc = crc32(lib);
        }
        Path dir = privateFolder().resolve("rocksdbjni-" + length + "-" + Long.toHexString(crc));
        Path target = dir.resolve(as);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == length) {
            return dir;
        }
        if (lib == null) {
            try (InputStream in = url.openStream()) {
                lib = in.readAllBytes();
            }
            if (lib.length != length || crc32(lib) != crc) {
                throw new IOException(file + " in the rocksdbjni jar does not match its zip entry");
            }
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, as, ".part");
        try {
            Files.write(tmp, lib);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dir;
    }

    private static long crc32(byte[] b) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(b);
        return c.getValue();
    }

    /** The user's private folder for unpacked libraries: created owner-only, refused when someone else owns it or may write it. */
    private static Path privateFolder() throws IOException {
        String configured = System.getProperty("flashcore.nativeDir");
        Path dir = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "flashcore-native-"
                        + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // Another process made it meanwhile; checked below.
            }
        }
        if (posix) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            boolean ours = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName()
                    .equals(System.getProperty("user.name"));
            if (!ours || perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new AccessDeniedException(dir.toString(), null,
                        "not a private folder of this user: the library loaded from it must be trusted");
            }
        }
        return dir;
    }
}
