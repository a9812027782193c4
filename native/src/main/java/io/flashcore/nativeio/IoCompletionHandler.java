package io.flashcore.nativeio;

/** Receives the completions {@link IoEngine#poll(int, IoCompletionHandler)} reaps. */
@FunctionalInterface
public interface IoCompletionHandler {
    /**
     * One finished operation.
     *
     * @param tag     the tag the operation was queued with
     * @param bytes   bytes transferred (the full length: short transfers are completed, never
     *                reported), or 0 for operations that move no data
     * @param failure null on success, else the reason (a {@link DeviceIoException} when the kernel failed it)
     */
    void completed(long tag, long bytes, java.io.IOException failure);
}
