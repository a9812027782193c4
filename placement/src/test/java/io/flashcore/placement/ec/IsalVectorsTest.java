package io.flashcore.placement.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashcore.testdata.Corpora;
import org.junit.jupiter.api.Test;

/** Parity against the vectors ISA-L printed ({@code fixtures/isa-l/vectors.txt}). */
class IsalVectorsTest {
    private static final Pattern HEADER = Pattern.compile(
            "== (\\w+): RS\\(k=(\\d+),p=(\\d+)\\) (\\w+), frag_len=(\\d+), input=(.*)");

    record Case(String name, int k, int p, int len, boolean affine, List<byte[]> rows, List<byte[]> parity) {
    }

    static List<Case> cauchyCases() throws IOException {
        Path file = Corpora.requireFixture("isa-l/vectors.txt");
        List<Case> cases = new ArrayList<>();
        Case cur = null;
        for (String line : Files.readAllLines(file)) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                cur = null;
                if (h.group(4).equals("gf_gen_cauchy1_matrix")) {
                    cur = new Case(h.group(1), Integer.parseInt(h.group(2)), Integer.parseInt(h.group(3)),
                            Integer.parseInt(h.group(5)), h.group(6).contains("37*"), new ArrayList<>(),
                            new ArrayList<>());
                    cases.add(cur);
                }
            } else if (cur != null && line.startsWith("matrix row")) {
                String hex = line.substring(line.indexOf("):") + 2).replace(" ", "");
                cur.rows().add(HexFormat.of().parseHex(hex));
            } else if (cur != null && line.startsWith("parity[")) {
                cur.parity().add(HexFormat.of().parseHex(line.substring(line.indexOf('=') + 1).strip()));
            }
        }
        return cases;
    }

    static byte[][] inputs(Case c) {
        byte[][] shards = new byte[c.k() + c.p()][c.len()];
        for (int i = 0; i < c.k(); i++) {
            for (int j = 0; j < c.len(); j++) {
                int v = c.len() * i + j;
                shards[i][j] = (byte) (c.affine() ? 37 * v + 11 : v);
            }
        }
        return shards;
    }

    @Test
    void shouldReproduceIsalCauchyParity() throws IOException {
        List<Case> cases = cauchyCases();
        assertTrue(cases.size() >= 4, "expected the Cauchy cases A1, D1, B1, C1; found " + cases.size());
        for (Case c : cases) {
            ReedSolomon rs = ReedSolomon.create(c.k(), c.p(), EcBackend.JAVA);
            byte[] matrix = rs.encodingMatrix();
            for (int r = 0; r < c.p(); r++) {
                byte[] row = new byte[c.k()];
                System.arraycopy(matrix, (c.k() + r) * c.k(), row, 0, c.k());
                assertArrayEquals(c.rows().get(r), row, c.name() + " matrix row " + (c.k() + r));
            }
            byte[][] shards = inputs(c);
            rs.encode(shards, 0, c.len());
            assertEquals(c.p(), c.parity().size(), c.name());
            for (int r = 0; r < c.p(); r++) {
                assertArrayEquals(c.parity().get(r), shards[c.k() + r], c.name() + " parity " + r);
            }
        }
    }

    @Test
    void shouldMatchIsalFieldChecks() {
        assertEquals(0x1d, Gf256.mul(0x80, 2));
        assertEquals(0x01, Gf256.mul(2, 0x8e));
        assertEquals(0x8e, Gf256.inv(2));
        assertEquals(0x8f, Gf256.mul(0x53, 0xca));
    }
}
