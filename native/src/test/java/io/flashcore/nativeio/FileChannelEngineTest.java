package io.flashcore.nativeio;

class FileChannelEngineTest extends IoEngineTestCase {
    @Override
    IoBackend backend() {
        return IoBackend.FILECHANNEL;
    }
}
