package io.flashcore.array;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR events of the array: stripe writes, rebuild progress, drives taken out of service and put back. */
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
        @Label("Shards Missing")
        @Description("Shards no drive could take (drives down): the stripe is written degraded")
        int missingShards;
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

    /** A drive put back into service on a new device, and its shards restored (its duration is the whole replacement). */
    @Name("io.flashcore.array.DriveReplaced")
    @Label("Drive Replaced")
    @Category({"flashcore", "array"})
    static final class DriveReplaced extends Event {
        @Label("Drive")
        int drive;
        @Label("Previous State")
        String previousState;
        @Label("Stripes Checked")
        long stripes;
        @Label("Shards Restored")
        long shardsRestored;
        @Label("Unrepairable Stripes")
        int unrepairable;
    }
}
