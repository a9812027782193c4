package io.flashcore.array;

import java.nio.file.Path;

/**
 * A drive's superblock belongs to another array, or to another position in this one; names the
 * drive, its path and what its superblock says.
 */
public final class ForeignDriveException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    private final int drive;

    /** Drive {@code drive} at {@code path} does not belong here, for the reason given. */
    public ForeignDriveException(int drive, Path path, String reason) {
        super("drive " + drive + " at " + path + " is foreign: " + reason);
        this.drive = drive;
    }

    /** The drive slot in this array (numbered from 0) holding the foreign drive. */
    public int drive() {
        return drive;
    }
}
