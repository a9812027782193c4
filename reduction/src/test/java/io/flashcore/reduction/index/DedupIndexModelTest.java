package io.flashcore.reduction.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DedupIndexModelTest {

    record Op(int kind, int key) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers().between(0, 4).flatMap(kind -> Arbitraries.integers().between(0, 300)
                .map(key -> new Op(kind, key))).list().ofMinSize(50).ofMaxSize(3000);
    }

    /** Any sequence of inserts, increments, decrements, removes and lookups agrees with a plain map. */
    @Property(tries = 60)
    void indexAgreesWithAMap(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 28, max = 44) int locationBits) {
        Map<Integer, Long> model = new HashMap<>();
        Fingerprints.Metadata meta = new Fingerprints.Metadata();
        try (DedupIndex index = DedupIndex.create(16, locationBits, 16)) {
            for (Op op : ops) {
                byte[] fp = Fingerprints.of(op.key());
                long loc = op.key() * 3L + 1;
                meta.put(loc, fp);
                Long count = model.get(op.key());
                switch (op.kind()) {
                    case 0 -> {
                        long got = index.acquireOrInsert(fp, loc, meta);
                        assertEquals(loc, got);
                        model.put(op.key(), count == null ? 1 : count + 1);
                    }
                    case 1 -> {
                        long got = index.increment(fp, loc);
                        assertEquals(count == null ? DedupIndex.NOT_FOUND : count + 1, got);
                        if (count != null) {
                            model.put(op.key(), count + 1);
                        }
                    }
                    case 2 -> {
                        long got = index.decrement(fp, loc);
                        assertEquals(count == null ? DedupIndex.NOT_FOUND : count - 1, got);
                        if (count != null) {
                            if (count == 1) {
                                model.remove(op.key());
                            } else {
                                model.put(op.key(), count - 1);
                            }
                        }
                    }
                    case 3 -> assertEquals(count != null, index.remove(fp, loc));
                    default -> assertEquals(count == null ? DedupIndex.NOT_FOUND : loc, index.lookup(fp, meta));
                }
                if (op.kind() == 3) {
                    model.remove(op.key());
                }
            }
            assertEquals(model.size(), index.size());
            for (var e : model.entrySet()) {
                assertEquals(e.getValue(), index.refcount(Fingerprints.of(e.getKey()), e.getKey() * 3L + 1));
            }
        }
    }
}
