package io.flashcore.nativeio;

/** The io_uring contract with the ring bound to its thread and completion work deferred. */
class IoUringSingleIssuerEngineTest extends IoUringEngineTest {
    @Override
    IoEngineConfig config(int depth) {
        return super.config(depth).withSingleIssuer(true);
    }
}
