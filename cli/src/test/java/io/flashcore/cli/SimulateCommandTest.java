package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    private static double field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":");
        assertTrue(i >= 0, name + " missing in " + json);
        int from = i + name.length() + 3;
        int to = from;
        while (to < json.length() && "0123456789.eE-+".indexOf(json.charAt(to)) >= 0) {
            to++;
        }
        return Double.parseDouble(json.substring(from, to));
    }

    @Test
    void shouldPrintTheContractFieldsForAnAddedDrive() {
        MainTest.Result r = MainTest.run("simulate", "--drives", "24", "--k", "10", "--m", "4", "--stripes", "20000",
                "--add-drives", "1", "--json", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertEquals(1, json.lines().count());
        for (String f : new String[] {"maxOverMeanFill", "movedFraction", "optimalMovedFraction",
                "movedBetweenUnchangedDrives", "violations", "rebuildSpeedup", "idealRebuildSpeedup"}) {
            assertTrue(json.contains("\"" + f + "\":"), f + " in " + json);
        }
        assertEquals(0, field(json, "violations"));
        assertEquals(0, field(json, "movedBetweenUnchangedDrives"));
        assertEquals(0.04, field(json, "optimalMovedFraction"), 1e-12);
        assertEquals(24 / 14.0, field(json, "idealRebuildSpeedup"), 1e-12);
    }

    @Test
    void shouldFailANodeInAHierarchy() {
        MainTest.Result r = MainTest.run("simulate", "--drives", "48", "--domains", "rack=2,node=8", "--stripes", "5000",
                "--fail-node", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, field(r.out(), "violations"));
        assertEquals(0, field(r.out(), "movedBetweenUnchangedDrives"));
        assertEquals(3 / 48.0, field(r.out(), "optimalMovedFraction"), 1e-12);
    }

    @Test
    void shouldPrintHumanSummary() {
        MainTest.Result r = MainTest.run("simulate", "--drives", "20", "--k", "4", "--m", "2", "--stripes", "2000",
                "--fail-drives", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("max/mean fill"), r.out());
        assertTrue(r.out().contains("speed-up"), r.out());
    }

    @Test
    void shouldRejectFailNodeWithoutDomains() {
        MainTest.Result r = MainTest.run("simulate", "--drives", "20", "--fail-node");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--domains"), r.err());
    }

    @Test
    void shouldRejectTwoChanges() {
        MainTest.Result r = MainTest.run("simulate", "--drives", "20", "--fail-drives", "1", "--add-drives", "1");
        assertEquals(2, r.code());
    }

    @Test
    void shouldFailWithTheRuleWhenNodesAreTooFew() {
        MainTest.Result r = MainTest.run("simulate", "--drives", "10", "--k", "10", "--m", "4", "--stripes", "10");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("10+4 needs 14"), r.err());
    }

    @Test
    void shouldBenchPlacementAsOneJsonObject() {
        MainTest.Result r = MainTest.run("bench", "place", "--drives", "100", "--domains", "rack=2,node=5", "--seconds",
                "0.2", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(field(r.out(), "placementsPerCpuSecond") > 0, r.out());
        assertTrue(r.out().contains("\"strategy\":\"exact\""), r.out());
    }
}
