package io.flashcore.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test data (real corpora and reference vectors) that lives beside the
 * project at {@code ../shared/testdata}; it is never part of the repository.
 *
 * <p>The root is, in order: the system property {@code flashcore.testdata}, the environment
 * variable {@code FLASHCORE_TESTDATA}, then {@code shared/testdata} next to the working directory
 * or any of its parents. Tests call the {@code require…} methods, which skip the test through a
 * JUnit assumption when the data is absent, so the project's own tests never depend on it.
 *
 * <p>Thread-safe: stateless.
 */
public final class Corpora {
    /** System property that overrides where the shared test data lives. */
    public static final String PROPERTY = "flashcore.testdata";
    /** Environment variable consulted when the property is not set. */
    public static final String ENVIRONMENT = "FLASHCORE_TESTDATA";

    private Corpora() {
    }

    /** The shared test data folder, when one exists on this machine. */
    public static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A path inside the shared test data, when it exists ({@code "corpora/silesia"}, ...). */
    public static Optional<Path> find(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::exists);
    }

    /** A path inside the shared test data; skips the calling test when it is absent. */
    public static Path require(String relative) {
        Optional<Path> p = find(relative);
        Assumptions.assumeTrue(p.isPresent(),
                () -> "shared test data '" + relative + "' not found (set -D" + PROPERTY + "=DIR)");
        return p.orElseThrow();
    }

    /** A corpus folder under {@code corpora/}; skips the calling test when it is absent. */
    public static Path requireCorpus(String name) {
        return require("corpora/" + name);
    }

    /** A reference-vector file under {@code fixtures/}; skips the calling test when it is absent. */
    public static Path requireFixture(String relative) {
        return require("fixtures/" + relative);
    }

    /** Every regular file under {@code dir}, recursively, in a stable (sorted) order. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
