package io.flashcore.reduction.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashcore.testdata.Corpora;
import org.junit.jupiter.api.Test;

/** The official BLAKE3 test vectors, through every entry point, on the vector and the scalar code. */
class Blake3VectorsTest {
    static final String KEY = "whats the Elvish word for friend";
    static final String CONTEXT = "BLAKE3 2019-12-27 16:29:52 test vectors context";
    private static final HexFormat HEX = HexFormat.of();

    /** The lanes forced on (vector) or off: adaptive engines would run scalar while the lanes are cold. */
    static int mode(boolean vector) {
        return vector ? Blake3Engine.LANES : Blake3Engine.SCALAR;
    }

    record Case(int inputLen, String hash, String keyedHash, String deriveKey) {
    }

    /** The official input: byte i is i mod 251. */
    static byte[] input(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    static List<Case> officialCases() throws IOException {
        Path file = Corpora.requireFixture("blake3/test_vectors.json");
        String json = Files.readString(file);
        Matcher m = Pattern.compile("\"input_len\":\\s*(\\d+),\\s*\"hash\":\\s*\"([0-9a-f]+)\",\\s*"
                + "\"keyed_hash\":\\s*\"([0-9a-f]+)\",\\s*\"derive_key\":\\s*\"([0-9a-f]+)\"").matcher(json);
        List<Case> cases = new ArrayList<>();
        while (m.find()) {
            cases.add(new Case(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4)));
        }
        assertEquals(35, cases.size(), "cases parsed from " + file);
        return cases;
    }

    @Test
    void shouldMatchEveryOfficialVectorInEveryMode() throws IOException {
        byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
        for (Case c : officialCases()) {
            byte[] in = input(c.inputLen());
            for (boolean vector : new boolean[] {true, false}) {
                String where = "input_len " + c.inputLen() + (vector ? " vector" : " scalar");
                assertXof(c.hash(), new Blake3Hasher(Blake3Compress.IV, 0, mode(vector)).update(in), where + " hash");
                assertXof(c.keyedHash(), new Blake3Hasher(Blake3.keyWords(key), Blake3Compress.KEYED_HASH, mode(vector))
                        .update(in), where + " keyed_hash");
                assertXof(c.deriveKey(), new Blake3Hasher(Blake3.contextKeyWords(CONTEXT),
                        Blake3Compress.DERIVE_KEY_MATERIAL, mode(vector)).update(in), where + " derive_key");
                byte[] fp = new byte[32];
                new Blake3Fingerprinter(mode(vector)).fingerprint(in, 0, in.length, fp, 0);
                assertEquals(c.hash().substring(0, 64), HEX.formatHex(fp), where + " fingerprint");
            }
            assertEquals(c.hash().substring(0, 64), HEX.formatHex(Blake3.hash(in)));
            assertEquals(c.keyedHash().substring(0, 64), HEX.formatHex(Blake3.keyedHash(key, in)));
            assertEquals(c.deriveKey(), HEX.formatHex(Blake3.deriveKey(CONTEXT, in, c.deriveKey().length() / 2)));
        }
    }

    private static void assertXof(String expectedHex, Blake3Hasher h, String what) {
        byte[] expected = HEX.parseHex(expectedHex);
        byte[] out = new byte[expected.length];
        h.digest(out, 0, out.length);
        assertArrayEquals(expected, out, what);
        assertEquals(expectedHex.substring(0, 64), HEX.formatHex(h.digest()), what + " (32 bytes)");
        for (int seek : new int[] {1, 31, 63, 64, 65, 100}) {
            byte[] part = new byte[expected.length - seek];
            h.digest(seek, part, 0, part.length);
            assertEquals(expectedHex.substring(2 * seek), HEX.formatHex(part), what + " from byte " + seek);
        }
    }

    @Test
    void shouldMatchOfficialVectorsThroughSegmentsAndBuffers() throws IOException {
        for (Case c : officialCases()) {
            byte[] in = input(c.inputLen());
            String expected = c.hash().substring(0, 64);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(Math.max(1, in.length)).asSlice(0, in.length);
                MemorySegment.copy(in, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, in.length);
                assertEquals(expected, HEX.formatHex(Blake3.hash(seg)), "segment " + c.inputLen());
                ByteBuffer direct = ByteBuffer.allocateDirect(in.length).put(in).flip();
                assertEquals(expected, HEX.formatHex(Blake3.hash(direct)), "direct buffer " + c.inputLen());
                assertFalse(direct.hasRemaining());
            }
            assertEquals(expected, HEX.formatHex(Blake3.hash(ByteBuffer.wrap(in))), "heap buffer " + c.inputLen());
        }
    }

    @Test
    void shouldMatchInlineVectorsWithoutTheFixtureFile() {
        byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
        String[][] cases = {
            {"0", "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
                "92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26",
                "2cc39783c223154fea8dfb7c1b1660f2ac2dcbd1c1de8277b0b0dd39b7e50d7d"},
            {"1", "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
                "6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b",
                "b3e2e340a117a499c6cf2398a19ee0d29cca2bb7404c73063382693bf66cb06c"},
            {"1025", "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444",
                "357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69",
                "effaa245f065fbf82ac186839a249707c3bddf6d3fdda22d1b95a3c970379bcb"},
            {"8193", "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b",
                "954a2a75420c8d6547e3ba5b98d963e6fa6491addc8c023189cc519821b4a1f5",
                "af1e0346e389b17c23200270a64aa4e1ead98c61695d917de7d5b00491c9b0f1"},
            {"102400", "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085",
                "1c35d1a5811083fd7119f5d5d1ba027b4d01c0c6c49fb6ff2cf75393ea5db4a7",
                "4652cff7a3f385a6103b5c260fc1593e13c778dbe608efb092fe7ee69df6e9c6"},
        };
        for (String[] c : cases) {
            byte[] in = input(Integer.parseInt(c[0]));
            assertEquals(c[1], HEX.formatHex(Blake3.hash(in)), "hash of " + c[0]);
            assertEquals(c[2], HEX.formatHex(Blake3.keyedHash(key, in)), "keyed_hash of " + c[0]);
            assertEquals(c[3], HEX.formatHex(Blake3.deriveKey(CONTEXT, in, 32)), "derive_key of " + c[0]);
        }
        assertEquals("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
                HEX.formatHex(Blake3.hash("abc".getBytes(StandardCharsets.US_ASCII))));
    }
}
