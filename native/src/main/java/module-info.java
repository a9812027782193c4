/** Native access for flashcore: io_uring, libc and aligned memory through Panama FFM. */
module io.flashcore.nativeio {
    exports io.flashcore.nativeio;
}
