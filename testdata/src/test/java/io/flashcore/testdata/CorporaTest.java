package io.flashcore.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorporaTest {

    @Test
    void shouldHonourThePropertyOverride(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("corpora/tiny"));
        Files.writeString(dir.resolve("corpora/tiny/b.txt"), "b");
        Files.writeString(dir.resolve("corpora/tiny/a.txt"), "a");
        String old = System.getProperty(Corpora.PROPERTY);
        System.setProperty(Corpora.PROPERTY, dir.toString());
        try {
            assertEquals(dir.toRealPath(), Corpora.root().orElseThrow().toRealPath());
            Path tiny = Corpora.requireCorpus("tiny");
            assertEquals(2, Corpora.files(tiny).size());
            assertTrue(Corpora.files(tiny).get(0).endsWith("a.txt"));
            assertFalse(Corpora.find("corpora/absent").isPresent());
        } finally {
            if (old == null) {
                System.clearProperty(Corpora.PROPERTY);
            } else {
                System.setProperty(Corpora.PROPERTY, old);
            }
        }
    }

    @Test
    void shouldReportAbsentRootAsEmpty(@TempDir Path dir) {
        String old = System.getProperty(Corpora.PROPERTY);
        System.setProperty(Corpora.PROPERTY, dir.resolve("nowhere").toString());
        try {
            assertFalse(Corpora.root().isPresent());
        } finally {
            if (old == null) {
                System.clearProperty(Corpora.PROPERTY);
            } else {
                System.setProperty(Corpora.PROPERTY, old);
            }
        }
    }
}
