package io.flashcore.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * An array of exactly k+m drives (4+2 on six) through any sequence of puts, deletes, drive
 * failures, drive replacements (a blank device at the drive's path), rebuilds, scrubs,
 * compactions and reopens: while at most m drives are down every acknowledged object reads back
 * byte for byte, a put refused for want of drives leaves nothing behind, and once every drive is
 * back a scrub leaves no stripe degraded, any two drives may then fail, and deleting everything
 * leaves no space used.
 */
class DegradedArrayPropertyTest {
    private static final int DRIVES = 6;

    /** An operation: its kind and a random argument (drive, object, size). */
    record Op(String kind, int arg) {
        @Override
        public String toString() {
            return kind + " " + arg;
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 1000).map(a -> new Op("put", a))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 1000).map(a -> new Op("delete", a))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, DRIVES - 1).map(a -> new Op("fail", a))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, DRIVES - 1).map(a -> new Op("replace", a))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op("rebuild", 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op("scrub", 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op("compact", 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op("reopen", 0))));
        return op.list().ofMinSize(4).ofMaxSize(16);
    }

    @Property(tries = 30)
    void acknowledgedObjectsSurviveAnySequenceOfLossesAndReplacements(@ForAll("ops") List<Op> ops) throws Exception {
        check(ops);
    }

    @Property(tries = 150)
    @Tag("soak")
    void acknowledgedObjectsSurviveManySequencesOfLossesAndReplacements(@ForAll("ops") List<Op> ops) throws Exception {
        check(ops);
    }

    private static void check(List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("degraded");
        ArrayConfig config = FlashArrayTest.config(dir, DRIVES, 4, 2);
        Path a = dir.resolve("a");
        Map<String, byte[]> acked = new LinkedHashMap<>();
        String why = "ops " + ops;
        int next = 0;
        long missing = 0;
        long placed = 0;
        boolean refused = false;
        FlashArray array = FlashArray.create(a, config);
        try {
            for (Op op : ops) {
                switch (op.kind()) {
                    case "put" -> {
                        String name = "o" + next++;
                        byte[] data = content(op.arg(), acked);
                        try {
                            array.put(name, new ByteArrayInputStream(data));
                            acked.put(name, data);
                        } catch (ArrayFullException e) {
                            assertTrue(down(array) > config.m() - 1, "refused with " + down(array) + " drives down: "
                                    + e.getMessage() + ", " + why);
                            assertTrue(!array.exists(name), name + " refused yet visible, " + why);
                            refused = true;
                        }
                    }
                    case "delete" -> {
                        if (!acked.isEmpty()) {
                            String name = new ArrayList<>(acked.keySet()).get(op.arg() % acked.size());
                            array.delete(name);
                            acked.remove(name);
                        }
                    }
                    case "fail" -> {
                        if (down(array) < config.m()) {
                            array.failDrive(op.arg());
                        }
                    }
                    case "replace" -> {
                        List<DriveInfo> notUp = array.drives().stream().filter(d -> !d.state().equals("UP")).toList();
                        if (!notUp.isEmpty()) {
                            int d = notUp.get(op.arg() % notUp.size()).index();
                            Files.deleteIfExists(config.drives().get(d)); // a blank device takes its place
                            ReplaceReport r = array.replaceDrive(d, ProgressListener.NONE);
                            assertEquals(List.of(), r.unrepairable(), why);
                        }
                    }
                    case "rebuild" -> assertEquals(List.of(), array.rebuild(ProgressListener.NONE).unrecoverable(), why);
                    case "scrub" -> assertEquals(List.of(), array.scrub(ProgressListener.NONE).unrepairableStripes(), why);
                    case "compact" -> {
                        try {
                            array.compact(ProgressListener.NONE);
                        } catch (ArrayFullException e) {
                            assertTrue(down(array) > config.m() - 1, e.getMessage() + ", " + why);
                        }
                    }
                    case "reopen" -> {
                        missing += array.metrics().shardsWrittenMissing();
                        placed += array.metrics().missingShardsPlaced();
                        array.close();
                        array = FlashArray.open(a);
                    }
                    default -> throw new IllegalStateException(op.kind());
                }
                for (Map.Entry<String, byte[]> o : acked.entrySet()) {
                    assertArrayEquals(o.getValue(), array.getBytes(o.getKey()), o.getKey() + " after " + op + ", " + why);
                }
                assertEquals(acked.size(), array.list().size(), why);
            }
            // Every drive back: nothing stays degraded, and the array again survives any two losses.
            for (DriveInfo d : array.drives()) {
                if (!d.state().equals("UP")) {
                    Files.deleteIfExists(config.drives().get(d.index()));
                    array.replaceDrive(d.index(), ProgressListener.NONE);
                }
            }
            ScrubReport s = array.scrub(ProgressListener.NONE);
            assertTrue(s.unrepairableStripes().isEmpty(), s + ", " + why);
            missing += array.metrics().shardsWrittenMissing();
            placed += array.metrics().missingShardsPlaced();
            net.jqwik.api.statistics.Statistics.label("stripes written degraded").collect(missing > 0);
            net.jqwik.api.statistics.Statistics.label("missing shards written later").collect(placed > 0);
            net.jqwik.api.statistics.Statistics.label("puts refused").collect(refused);
            assertEquals(0, array.stats().degradedStripes(), array.stats() + ", " + why);
            array.failDrive(0);
            array.failDrive(5);
            for (Map.Entry<String, byte[]> o : acked.entrySet()) {
                assertArrayEquals(o.getValue(), array.getBytes(o.getKey()), o.getKey() + " with drives 0 and 5 lost, " + why);
            }
            FlashArrayTest.deleteEverythingAndAssertNothingLeft(array, why);
        } finally {
            array.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static int down(FlashArray array) throws Exception {
        return (int) array.drives().stream().filter(d -> !d.state().equals("UP")).count();
    }

    /** 50–300 KB; every other object a near-copy of an earlier one, so stripes hold deltas too. */
    private static byte[] content(int arg, Map<String, byte[]> acked) {
        if (arg % 2 == 1 && !acked.isEmpty()) {
            byte[] base = new ArrayList<>(acked.values()).get(arg % acked.size());
            return SimilarityAcrossReopenTest.edited(base, 2500, arg);
        }
        return FlashArrayTest.data(arg, 50_000 + 250 * arg, 1.5, 2);
    }
}
