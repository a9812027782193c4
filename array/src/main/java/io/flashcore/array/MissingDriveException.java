package io.flashcore.array;

import java.nio.file.Path;

/** A drive of the array is not where the configuration says it is; names the drive and path. */
public final class MissingDriveException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    private final int drive;

    /** Drive {@code drive} (numbered from 0) was expected at {@code path}. */
    public MissingDriveException(int drive, Path path) {
        super("drive " + drive + " is missing: no file or device at " + path);
        this.drive = drive;
    }

    /** The missing drive, numbered from 0. */
    public int drive() {
        return drive;
    }
}
