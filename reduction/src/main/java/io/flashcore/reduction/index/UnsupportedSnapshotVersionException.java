package io.flashcore.reduction.index;

import java.nio.file.Path;

/** A snapshot file has a format version this code does not read: written by a newer (or retired older) release. */
public final class UnsupportedSnapshotVersionException extends IndexSnapshotException {
    private static final long serialVersionUID = 1L;

    private final int version;
    private final int minVersion;
    private final int maxVersion;

    /** {@code file} has format {@code version}, outside {@code [minVersion, maxVersion]}. */
    public UnsupportedSnapshotVersionException(Path file, int version, int minVersion, int maxVersion) {
        super(file, "dedup index snapshot format version " + version + " is too "
                + (version > maxVersion ? "new" : "old") + "; this code reads versions " + minVersion + " to "
                + maxVersion);
        this.version = version;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
    }

    /** The version found in the file. */
    public int version() {
        return version;
    }

    /** Whether the file was written by a newer format than this code reads. */
    public boolean tooNew() {
        return version > maxVersion;
    }

    /** The oldest version this code reads. */
    public int minVersion() {
        return minVersion;
    }

    /** The newest version this code reads. */
    public int maxVersion() {
        return maxVersion;
    }
}
