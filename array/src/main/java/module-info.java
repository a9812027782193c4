/** The composed data path over N devices: put, get, delete, degraded reads, scrub, rebuild. */
module io.flashcore.array {
    requires transitive io.flashcore.reduction;
    requires transitive io.flashcore.placement;
    requires org.agrona;
    requires rocksdbjni;
    requires jdk.jfr;

    exports io.flashcore.array;
    exports io.flashcore.array.meta;
    exports io.flashcore.array.shard;
    exports io.flashcore.array.stripe;
}
