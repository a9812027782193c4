package io.flashcore.placement.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CapacityModelTest {

    @Test
    void shouldPriceTenPlusFourWithTheDesignFormula() {
        CapacityBreakdown b = CapacityModel.price(1_000_000_000_000L, new ErasureLayout(10, 4),
                new ReductionFigures(2, 2), 0.02, 0.05);
        assertEquals(0.25, b.reductionFactor(), 1e-12);
        assertEquals(1.4, b.redundancyFactor(), 1e-12);
        assertEquals(1.02, b.metadataFactor(), 1e-12);
        assertEquals(1.05, b.reserveFactor(), 1e-12);
        assertEquals(0.25 * 1.4 * 1.02 * 1.05, b.physicalPerLogical(), 1e-12);
        assertEquals(250_000_000_000L, b.storedBytes());
        assertEquals(350_000_000_000L, b.protectedBytes());
        assertEquals(357_000_000_000L, b.withMetadataBytes());
        assertEquals(374_850_000_000L, b.physicalBytes());
    }

    @Test
    void shouldPriceReplicationAndLrc() {
        assertEquals(3.0, Layout.parse("3x").redundancyFactor(), 1e-12);
        Layout lrc = Layout.parse("LRC 12+2+2");
        assertEquals(16 / 12.0, lrc.redundancyFactor(), 1e-12);
        assertEquals(3, lrc.toleratedFailures());
        assertEquals(6, lrc.rebuildReads());
        assertEquals("LRC 12+2+2", lrc.name());
        assertEquals(new ErasureLayout(146, 4), Layout.parse(" 146 + 4 "));
    }

    @Test
    void shouldListThePricedLayoutsCheapestLast() {
        List<String> names = Layout.priced().stream().map(Layout::name).toList();
        assertEquals(List.of("3x", "4+2", "8+2", "10+4", "16+4", "146+4", "LRC 12+2+2"), names);
        List<CapacityBreakdown> all = new CapacityModel(0.01, 0.04).priceAll(1L << 40, Layout.priced(),
                ReductionFigures.ofRatio(3));
        assertEquals(7, all.size());
        assertTrue(all.get(5).physicalBytes() < all.get(3).physicalBytes());
    }

    @Test
    void shouldRejectBadFiguresNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layout.parse("ten+four"));
        assertTrue(e.getMessage().contains("ten+four"));
        assertThrows(IllegalArgumentException.class, () -> new ReductionFigures(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CapacityModel(-0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrcLayout(12, 5, 2));
    }

    @Property(tries = 200)
    void physicalIsTheProductOfTheFactors(@ForAll @IntRange(min = 1, max = 200) int k,
                                          @ForAll @IntRange(min = 0, max = 8) int m,
                                          @ForAll @DoubleRange(min = 0.5, max = 20) double ratio,
                                          @ForAll @DoubleRange(min = 0, max = 0.2) double meta,
                                          @ForAll @DoubleRange(min = 0, max = 0.3) double reserve) {
        long logical = 1L << 50;
        CapacityBreakdown b = CapacityModel.price(logical, new ErasureLayout(k, m), ReductionFigures.ofRatio(ratio),
                meta, reserve);
        double expected = (1 / ratio) * ((k + m) / (double) k) * (1 + meta) * (1 + reserve);
        assertEquals(expected, b.physicalPerLogical(), 1e-12);
        assertEquals(expected * logical, b.physicalBytes(), logical * 1e-9);
    }
}
