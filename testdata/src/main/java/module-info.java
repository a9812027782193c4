/** Test data for flashcore: generators with known ratios, the shared corpus locator. Test scope only. */
module io.flashcore.testdata {
    requires org.junit.jupiter.api;

    exports io.flashcore.testdata;
}
