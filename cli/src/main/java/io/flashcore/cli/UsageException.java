package io.flashcore.cli;

/**
 * Bad usage the argument parser cannot see (a flag value out of range, a missing file argument):
 * the command exits with code 2 and prints the message on one line.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A usage error whose message names what was wrong. */
    public UsageException(String message) {
        super(message);
    }
}
