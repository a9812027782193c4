package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

class IoUringEngineTest extends IoEngineTestCase {
    @BeforeAll
    static void requireIoUring() {
        assumeTrue(IoUringSupport.isAvailable(), () -> "io_uring unavailable: " + IoUringSupport.unavailableReason());
    }

    @Override
    IoBackend backend() {
        return IoBackend.IO_URING;
    }
}
