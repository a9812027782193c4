package io.flashcore.array.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

/** RocksDB's JNI library is unpacked once into a private folder and reused from there. */
class RocksNativeLibraryTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty("flashcore.nativeDir");
    }

    private static byte[] resource(String file) throws Exception {
        try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(file)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theLibraryIsUnpackedOnceIntoAPrivateFolderAndReused() throws Exception {
        Path folder = dir.resolve("native");
        System.setProperty("flashcore.nativeDir", folder.toString());
        String file = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
        Path unpacked = RocksNativeLibrary.unpacked(file, RocksNativeLibrary.LOADED_AS);
        Path lib = unpacked.resolve(RocksNativeLibrary.LOADED_AS);
        assertArrayEquals(resource(file), Files.readAllBytes(lib));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(lib, written);
        assertEquals(unpacked, RocksNativeLibrary.unpacked(file, RocksNativeLibrary.LOADED_AS));
        assertEquals(written, Files.getLastModifiedTime(lib), "the copy there was reused, not written again");
        try (Stream<Path> all = Files.walk(folder)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertEquals(List.of(lib), files, "nothing but the library, no partial file");
        }
    }

    @Test
    void aFolderOthersMayWriteIsRefused() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        System.setProperty("flashcore.nativeDir", folder.toString());
        String file = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> RocksNativeLibrary.unpacked(file, RocksNativeLibrary.LOADED_AS));
        assertTrue(e.getMessage().contains("not a private folder"), e.getMessage());
        try (Stream<Path> all = Files.list(folder)) {
            assertEquals(0, all.count(), "nothing written to a folder others may write");
        }
    }
}
