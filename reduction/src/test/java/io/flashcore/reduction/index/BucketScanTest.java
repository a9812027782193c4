package io.flashcore.reduction.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class BucketScanTest {

    @Provide
    Arbitrary<List<Long>> buckets() {
        // Few distinct tags and many empty slots, so matches, empties and both occur.
        Arbitrary<Long> slot = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 3).map(t -> t << 40 | 1L << 36 | 5)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs()));
        return slot.list().ofSize(DedupIndex.SLOTS_PER_BUCKET);
    }

    @Property(tries = 500)
    void vectorBucketScanEqualsScalar(@ForAll("buckets") List<Long> slots, @ForAll @IntRange(min = 0, max = 3) int tag) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bucket = arena.allocate(64, 64);
            for (int i = 0; i < slots.size(); i++) {
                bucket.setAtIndex(ValueLayout.JAVA_LONG, i, slots.get(i));
            }
            assertEquals(DedupIndex.scanScalar(bucket, 0, tag, 40), DedupIndex.scanVector(bucket, 0, tag, 40));
        }
    }
}
