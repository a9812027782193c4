package io.flashcore.nativeio;

/**
 * How to build an {@link IoEngine}.
 *
 * @param backend    the back-end to use, or null to choose automatically (io_uring when this process
 *                   can create rings, else FileChannel) unless the system property
 *                   {@value IoEngine#BACKEND_PROPERTY} names one
 * @param queueDepth the most operations queued or in flight at once (1 to 4096); io_uring rings
 *                   get this many submission entries and twice as many completion entries
 * @param sqPoll     io_uring only: let a kernel thread poll the submission queue (costs a core)
 * @param registerFiles io_uring only: register devices (up to 64 per engine) as fixed files on first
 *                   use; the ring then holds a reference to each device's open file until it closes
 * @param singleIssuer io_uring only: bind the ring to the thread that opens the engine and defer
 *                   completion work until it polls (less CPU per operation); the engine must then
 *                   be used only by the thread that opened it
 */
public record IoEngineConfig(IoBackend backend, int queueDepth, boolean sqPoll, boolean registerFiles,
        boolean singleIssuer) {
    /** The default queue depth: enough to keep an NVMe drive busy from one thread. */
    public static final int DEFAULT_QUEUE_DEPTH = 128;

    /** Validates the depth. */
    public IoEngineConfig {
        if (queueDepth < 1 || queueDepth > 4096) {
            throw new IllegalArgumentException("queue depth " + queueDepth + " must be between 1 and 4096");
        }
    }

    /** Automatic back-end, {@link #DEFAULT_QUEUE_DEPTH}, no SQPOLL, registered files. */
    public static IoEngineConfig defaults() {
        return new IoEngineConfig(null, DEFAULT_QUEUE_DEPTH, false, true, false);
    }

    /** This configuration with {@code backend} forced (null: automatic). */
    public IoEngineConfig withBackend(IoBackend backend) {
        return new IoEngineConfig(backend, queueDepth, sqPoll, registerFiles, singleIssuer);
    }

    /** This configuration with another queue depth. */
    public IoEngineConfig withQueueDepth(int queueDepth) {
        return new IoEngineConfig(backend, queueDepth, sqPoll, registerFiles, singleIssuer);
    }

    /** This configuration with single-issuer mode on or off (see the record's javadoc). */
    public IoEngineConfig withSingleIssuer(boolean singleIssuer) {
        return new IoEngineConfig(backend, queueDepth, sqPoll, registerFiles, singleIssuer);
    }

    /** This configuration with registered files on or off. */
    public IoEngineConfig withRegisterFiles(boolean registerFiles) {
        return new IoEngineConfig(backend, queueDepth, sqPoll, registerFiles, singleIssuer);
    }

    /** This configuration with SQPOLL on or off. */
    public IoEngineConfig withSqPoll(boolean sqPoll) {
        return new IoEngineConfig(backend, queueDepth, sqPoll, registerFiles, singleIssuer);
    }
}
