package io.flashcore.placement.rebuild;

import java.util.Arrays;

import io.flashcore.placement.topology.Drive;
import io.flashcore.placement.topology.Topology;

/**
 * The spare capacity an array must keep free so that, after losing the largest {@code f} drives
 * (or its largest failure domain), the rebuilt shards fit on the survivors. Declustered, every
 * drive keeps {@link #fractionOfRaw()} of itself free; the same bytes as dedicated spares would
 * sit idle in {@link #dedicatedSpareBytes()} and rebuild slower (see {@link RebuildPlan#speedup()}).
 *
 * <p>With every drive filled to the same fraction u, losing capacity F of a total T loses u·F
 * bytes, and the survivors have (1−u)(T−F) free: enough when 1−u ≥ F÷T.
 *
 * @param scenario            what is survived, e.g. {@code 2 drives} or {@code 1 node}
 * @param rawBytes            the capacity of the drives in service, bytes
 * @param reserveBytes        bytes kept free over all drives
 * @param dedicatedSpareBytes the capacity of dedicated spares for the same scenario, bytes
 */
public record SpareReserve(String scenario, long rawBytes, long reserveBytes, long dedicatedSpareBytes) {
    /** Reserve ÷ raw capacity: the fraction of every drive kept free. */
    public double fractionOfRaw() {
        return rawBytes == 0 ? 0 : reserveBytes / (double) rawBytes;
    }

    /** Reserve ÷ usable bytes: the capacity model's rebuild reserve ({@code 1 + this} is its factor). */
    public double perUsedByte() {
        long used = rawBytes - reserveBytes;
        return used <= 0 ? Double.POSITIVE_INFINITY : reserveBytes / (double) used;
    }

    /** The reserve to survive the {@code failures} largest writable drives of {@code topology} failing. */
    public static SpareReserve forDriveFailures(Topology topology, int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be >= 0, got " + failures);
        }
        long[] caps = topology.drives().stream().filter(d -> d.state().writable()).mapToLong(Drive::capacityBytes)
                .sorted().toArray();
        if (failures >= caps.length) {
            throw new IllegalArgumentException("cannot survive " + failures + " drive failures with " + caps.length
                    + " drives in service");
        }
        long raw = Arrays.stream(caps).sum();
        long lost = 0;
        for (int i = 0; i < failures; i++) {
            lost += caps[caps.length - 1 - i];
        }
        return new SpareReserve(failures + " drive" + (failures == 1 ? "" : "s"), raw, lost, lost);
    }

    /** The reserve to survive the largest failure domain of {@code level} (e.g. a node) failing whole. */
    public static SpareReserve forDomainFailure(Topology topology, int level) {
        long[] byDomain = new long[topology.domainCount(level)];
        long raw = 0;
        for (Drive d : topology.drives()) {
            if (d.state().writable()) {
                byDomain[topology.domainOf(d.id(), level)] += d.capacityBytes();
                raw += d.capacityBytes();
            }
        }
        long lost = Arrays.stream(byDomain).max().orElse(0);
        if (lost >= raw) {
            throw new IllegalArgumentException("cannot survive losing a " + topology.levels().get(level)
                    + ": it holds all " + raw + " bytes in service");
        }
        return new SpareReserve("1 " + topology.levels().get(level), raw, lost, lost);
    }
}
