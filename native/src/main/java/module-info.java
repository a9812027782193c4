/** Native access for flashcore: io_uring, libc and aligned memory through Panama FFM. */
module io.flashcore.nativeio {
    requires jdk.unsupported;

    exports io.flashcore.nativeio;
}
