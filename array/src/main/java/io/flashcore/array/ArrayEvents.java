package io.flashcore.array;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR events of the array: stripe writes, rebuild progress and drives taken out of service. */
final class ArrayEvents {
    private ArrayEvents() {
    }

    /** One durable stripe write. */
    @Name("io.flashcore.array.StripeWrite")
    @Label("Stripe Write")
    @Category({"flashcore", "array"})
    static final class StripeWrite extends Event {
        @Label("Stripe")
        long stripe;
        @Label("Generation")
        long generation;
        @Label("Shards Written")
        int shards;
        @Label("Bytes Written")
        @DataAmount
        long bytes;
    }

    /** One stripe rebuilt. */
    @Name("io.flashcore.array.RebuildProgress")
    @Label("Rebuild Progress")
    @Category({"flashcore", "array"})
    static final class RebuildProgress extends Event {
        @Label("Stripe")
        long stripe;
        @Label("Shards Rebuilt")
        int shards;
        @Label("Stripes Done")
        long done;
        @Label("Stripes Total")
        long total;
    }

    /** A drive taken out of service because a write to it failed. */
    @Name("io.flashcore.array.DriveEjected")
    @Label("Drive Ejected")
    @Category({"flashcore", "array"})
    static final class DriveEjected extends Event {
        @Label("Drive")
        int drive;
        @Label("Reason")
        String reason;
    }
}
