package io.flashcore.array;

import java.io.IOException;

/**
 * The base of every typed error of the array: a failure the caller can act on, whose message
 * names the object, drive or value concerned. Nothing acknowledged is lost when one is thrown.
 */
public class FlashArrayException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming what was wrong. */
    public FlashArrayException(String message) {
        super(message);
    }

    /** An error with a message naming what was wrong, and its cause. */
    public FlashArrayException(String message, Throwable cause) {
        super(message, cause);
    }
}
