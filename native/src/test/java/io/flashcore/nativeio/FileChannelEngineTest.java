package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class FileChannelEngineTest extends IoEngineTestCase {
    @Override
    IoBackend backend() {
        return IoBackend.FILECHANNEL;
    }

    @Test
    void shouldBypassThePageCacheOnDirectDevices() throws IOException {
        try (BlockDevice d = BlockDevice.createFile(dir.resolve("f"), 4 * ALIGN); IoEngine e = engine(4)) {
            e.write(d, 0, buffer(d.alignment(), 1), 1);
            e.awaitAll();
            assertTrue(d.channelIsDirect(), "the channel of " + d + " was opened without O_DIRECT");
        }
    }
}
