/** Data reduction: chunking, fingerprints, the dedup index, compression and similarity reduction. */
module io.flashcore.reduction {
    requires transitive io.flashcore.nativeio;
    requires jdk.incubator.vector;
    requires com.github.luben.zstd_jni;
    requires org.agrona;

    exports io.flashcore.reduction.chunk;
    exports io.flashcore.reduction.hash;
    exports io.flashcore.reduction.compress;
    exports io.flashcore.reduction.index;
    exports io.flashcore.reduction.pipeline;
    exports io.flashcore.reduction.similar;
}
