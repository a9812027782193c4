package io.flashcore.placement.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Property(tries = 50)
    void decodeOfEncodeIsIdentity(@ForAll @IntRange(min = 1, max = 4) int racks,
                                  @ForAll @IntRange(min = 1, max = 5) int nodes,
                                  @ForAll @IntRange(min = 0, max = 60) int drives,
                                  @ForAll @IntRange(min = 0, max = 3) int failed) throws TopologyFormatException {
        Topology t = Topology.uniform(drives, 4_000_000_000_000L, List.of("rack", "node"), new int[] {racks, nodes});
        for (int i = 0; i < Math.min(failed, drives); i++) {
            t = t.withState(i * 7 % drives, DriveState.values()[1 + i % 3]);
        }
        Topology back = Topology.fromBytes(t.toBytes());
        assertEquals(t, back);
        assertArrayEquals(t.toBytes(), back.toBytes());
    }

    @Test
    void shouldRejectEveryFlippedBitAsCorrupt() {
        byte[] bytes = Topology.uniform(12, 1L << 40, List.of("rack", "node"), new int[] {2, 3}).toBytes();
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] bad = bytes.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            TopologyFormatException e = assertThrows(TopologyFormatException.class, () -> Topology.fromBytes(bad));
            assertTrue(e.kind() == TopologyFormatException.Kind.CORRUPT
                    || e.kind() == TopologyFormatException.Kind.TOO_NEW || e.kind() == TopologyFormatException.Kind.TOO_OLD,
                    "bit " + bit);
        }
    }

    @Test
    void shouldRejectNewerVersionAsTooNew() {
        byte[] bytes = Topology.flat(3, 1000).toBytes();
        bytes[5] = 2;
        TopologyFormatException e = assertThrows(TopologyFormatException.class, () -> Topology.fromBytes(bytes));
        assertEquals(TopologyFormatException.Kind.TOO_NEW, e.kind());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void shouldRejectVersionZeroAsTooOld() {
        byte[] bytes = Topology.flat(3, 1000).toBytes();
        bytes[5] = 0;
        TopologyFormatException e = assertThrows(TopologyFormatException.class, () -> Topology.fromBytes(bytes));
        assertEquals(TopologyFormatException.Kind.TOO_OLD, e.kind());
    }

    @Test
    void shouldRejectTruncatedBytes() {
        byte[] bytes = Topology.flat(3, 1000).toBytes();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            assertThrows(TopologyFormatException.class, () -> Topology.fromBytes(cut));
        }
    }

    @Test
    void shouldIncrementEpochOnEveryChange() {
        Topology t = Topology.flat(4, 1000);
        assertEquals(0, t.epoch());
        Topology failed = t.withState(2, DriveState.FAILED);
        assertEquals(1, failed.epoch());
        assertEquals(DriveState.FAILED, failed.drive(2).state());
        assertEquals(DriveState.UP, t.drive(2).state());
        assertEquals(2, failed.withAddedDrives(2, 1000).epoch());
        assertEquals(6, failed.withAddedDrives(2, 1000).driveCount());
        assertEquals(2, failed.withCapacity(0, 5).epoch());
    }

    @Test
    void shouldBuildHierarchyFromPaths() {
        Topology.Builder b = Topology.builder("rack", "node");
        int a = b.addDrive(100, "r1", "n1");
        int c = b.addDrive(200, "r1", "n2");
        int d = b.addDrive(300, "r2", "n1");
        Topology t = b.build();
        assertEquals(2, t.domainCount(0));
        assertEquals(3, t.domainCount(1));
        assertEquals(t.domainOf(a, 0), t.domainOf(c, 0));
        assertTrue(t.domainOf(a, 1) != t.domainOf(d, 1), "n1 under r1 and n1 under r2 are different nodes");
        assertEquals(600, t.capacityBytes());
        assertEquals(d, t.domainOf(d, 2));
    }

    @Test
    void shouldSpreadUniformDrivesRoundRobin() {
        Topology t = Topology.uniform(24, 1000, List.of("rack", "node"), new int[] {2, 3});
        assertEquals(6, t.domainCount(1));
        for (int id = 0; id < 24; id++) {
            assertEquals(id % 6, t.domainOf(id, 1));
            assertEquals((id % 6) / 3, t.domainOf(id, 0));
        }
    }

    @Test
    void shouldRejectBadInputNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topology.flat(2, 0));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Topology.builder("rack").addDrive(5));
        assertTrue(e.getMessage().contains("one domain per level"), e.getMessage());
    }
}
