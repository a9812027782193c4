/** Placement: erasure codes, topology, stripe placement, rebuild planning and the capacity model. */
module io.flashcore.placement {
    requires transitive io.flashcore.nativeio;
    requires jdk.incubator.vector;

    exports io.flashcore.placement.ec;
    exports io.flashcore.placement.topology;
    exports io.flashcore.placement.place;
    exports io.flashcore.placement.rebuild;
    exports io.flashcore.placement.capacity;
}
