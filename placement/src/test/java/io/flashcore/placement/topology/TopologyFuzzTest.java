package io.flashcore.placement.topology;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.flashcore.testdata.ByteMutator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Structure-aware fuzzing of {@link Topology#fromBytes}: mutations of valid topology maps (flat
 * and hierarchical, with failed drives), half of them with the CRC32C re-sealed, must decode or
 * fail with {@link TopologyFormatException}, nothing else. {@code -Psoak} runs
 * {@code flashcore.fuzz.iterations} (default 200 000) inputs.
 */
class TopologyFuzzTest {
    static byte[] valid(SplittableRandom r) {
        Topology t;
        if (r.nextBoolean()) {
            t = Topology.flat(1 + r.nextInt(40), 1L + r.nextLong(1L << 44));
        } else {
            int racks = 1 + r.nextInt(4);
            int nodes = 1 + r.nextInt(3);
            int drives = racks * nodes * (1 + r.nextInt(4));
            t = Topology.uniform(drives, 1L + r.nextLong(1L << 44), List.of("rack", "node"), new int[] {racks, nodes});
        }
        t = t.withEpoch(r.nextLong(1L << 40));
        if (r.nextBoolean()) {
            t = t.withState(r.nextInt(t.driveCount()), DriveState.FAILED);
        }
        return t.toBytes();
    }

    static byte[] reseal(byte[] b) {
        if (b.length >= 4) {
            CRC32C c = new CRC32C();
            c.update(b, 0, b.length - 4);
            int v = (int) c.getValue();
            for (int i = 0; i < 4; i++) {
                b[b.length - 4 + i] = (byte) (v >>> (24 - 8 * i));
            }
        }
        return b;
    }

    static void fuzz(long seed) {
        byte[] in = ByteMutator.mutate(valid(new SplittableRandom(seed)), seed, TopologyFuzzTest::reseal);
        ByteMutator.expectTypedOutcome("Topology.fromBytes", seed, in, () -> Topology.fromBytes(in),
                TopologyFormatException.class);
    }

    @Property(tries = 1000)
    void topologyMapIsDecodedOrRejectedWithATypedError(@ForAll long seed) {
        fuzz(seed);
    }

    @Test
    void shouldRejectANegativeCountInsteadOfAllocatingANegativeArray() {
        byte[] in = HexFormat.of().parseHex("4643544d0001000000000000002101046e6f6465ffffffffffffffffff056e6f6465310005"
                + "6e6f64653200056e6f6465330c8080c07f00018080c07f00028080c07f00038080c07f00048080c07f00018080c07f0002"
                + "8080c07f00038080c07f00048080c07f00018080c07f00028080c07f00038080c07f0004654aff03");
        assertThrows(TopologyFormatException.class, () -> Topology.fromBytes(in));
    }

    @Test
    @Tag("soak")
    void soakTopologyDecoding() {
        int n = Integer.getInteger("flashcore.fuzz.iterations", 200_000);
        long base = Long.getLong("flashcore.fuzz.seed", System.nanoTime());
        System.out.println("topology fuzzing: " + n + " inputs, seed " + base + " (rerun with -Dflashcore.fuzz.seed="
                + base + ")");
        for (int i = 0; i < n; i++) {
            fuzz(base + i);
        }
    }
}
