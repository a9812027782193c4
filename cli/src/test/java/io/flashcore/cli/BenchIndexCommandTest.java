package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchIndexCommandTest {

    @Test
    void shouldPrintOneJsonObjectWithTheContractFields() {
        MainTest.Result r = MainTest.run("bench", "index", "--entries", "20000", "--lookups", "20000", "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("{\"entries\":20000,") && line.endsWith("}"), line);
        for (String field : new String[] {"bytesPerEntry", "insertsPerSec", "lookupsPerSec", "batchLookupsPerSec"}) {
            assertTrue(line.contains("\"" + field + "\":"), field + " in " + line);
        }
    }

    @Test
    void shouldExitTwoOnBadEntries() {
        MainTest.Result r = MainTest.run("bench", "index", "--entries", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--entries"), r.err());
    }
}
