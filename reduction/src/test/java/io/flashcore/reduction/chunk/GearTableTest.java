package io.flashcore.reduction.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The derived tables against values published in fastcdc-rs's source. */
class GearTableTest {
    @Test
    void shouldDeriveFastCdcGearTableFromMd5() {
        long[] g = GearTable.gear(0);
        assertEquals(0x3b5d3c7d207e37dcL, g[0]);
        assertEquals(0x784d68ba91123086L, g[1]);
        assertEquals(0xcd52880f882e7298L, g[2]);
        assertEquals(0xaabd2b2a451504e1L, g[255]);
        long[] ls = GearTable.gearShifted(0);
        assertEquals(0x76ba78fa40fc6fb8L, ls[0]);
        assertEquals(0x557a56548a2a09c2L, ls[255]);
    }

    @Test
    void shouldXorSeedIntoBothTables() {
        long seed = 666;
        assertEquals(0x3b5d3c7d207e37dcL ^ seed, GearTable.gear(seed)[0]);
        assertEquals(0x76ba78fa40fc6fb8L ^ (seed << 1), GearTable.gearShifted(seed)[0]);
    }

    @Test
    void shouldDeriveRonomonTableFromAesCtr() {
        int[] t = RonomonChunker.TABLE;
        assertEquals(0x5c95c078, t[0]);
        assertEquals(0x22408989, t[1]);
        assertEquals(0x2d48a214, t[2]);
        assertEquals(0x32e8ea7e, t[255]);
    }

    @Test
    void shouldRoundLog2LikeReference() {
        int[][] cases = {{1, 0}, {2, 1}, {3, 2}, {5, 2}, {6, 3}, {11, 3}, {12, 4}, {19, 4}, {16383, 14}, {16384, 14},
            {16385, 14}, {65535, 16}, {1500, 11}, {12288, 14}, {24576, 15}, {1100, 10}, {4_194_304, 22}};
        for (int[] c : cases) {
            assertEquals(c[1], GearTable.log2Rounded(c[0]), "log2(" + c[0] + ")");
        }
    }

    @Test
    void shouldUseDestorMaskForSixteenKiB() {
        assertEquals(0x0000d90313530000L, GearTable.mask(GearTable.log2Rounded(16384)));
    }
}
