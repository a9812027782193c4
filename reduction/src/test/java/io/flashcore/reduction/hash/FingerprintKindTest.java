package io.flashcore.reduction.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FingerprintKindTest {

    @Test
    void shouldKeepPersistentIdsStable() {
        // These bytes are written into metadata: they must never change.
        assertEquals(1, FingerprintKind.BLAKE3_256_V1.id());
        assertEquals(2, FingerprintKind.SHA256_V1.id());
        assertEquals("blake3-256/v1", FingerprintKind.BLAKE3_256_V1.label());
        assertEquals("sha256/v1", FingerprintKind.SHA256_V1.label());
        Set<Byte> ids = new HashSet<>();
        for (FingerprintKind k : FingerprintKind.values()) {
            assertTrue(ids.add(k.id()), "id reused: " + k);
            assertEquals(k, FingerprintKind.fromId(k.id()));
            assertEquals(k, FingerprintKind.fromLabel(k.label()));
            assertEquals(32, k.bytes());
            assertEquals(k, k.newFingerprinter().kind());
        }
    }

    @Test
    void shouldRejectUnknownIdsWithATypedError() {
        UnknownFingerprintKindException e = assertThrows(UnknownFingerprintKindException.class,
                () -> FingerprintKind.fromId((byte) 0x7f));
        assertTrue(e.getMessage().contains("127"), e.getMessage());
        assertThrows(UnknownFingerprintKindException.class, () -> FingerprintKind.fromLabel("md5"));
    }

    @Test
    void shouldComputeSha256LikeTheJdk() throws Exception {
        Fingerprinter f = Fingerprints.sha256();
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                f.fingerprint("abc".getBytes(StandardCharsets.US_ASCII)).toHex());
        byte[] big = new byte[200_000];
        new Random(7).nextBytes(big);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(big), f.fingerprint(big).toByteArray());
    }

    @Test
    void shouldFingerprintByteBuffersAndAdvanceThem() {
        for (Fingerprinter f : new Fingerprinter[] {Fingerprints.blake3(), Fingerprints.sha256()}) {
            byte[] data = new byte[5000];
            new Random(3).nextBytes(data);
            ByteBuffer in = ByteBuffer.allocateDirect(data.length).put(data).flip();
            ByteBuffer out = ByteBuffer.allocate(40).position(4);
            f.fingerprint(in, out);
            assertEquals(data.length, in.position());
            assertEquals(36, out.position());
            byte[] got = new byte[32];
            out.get(4, got);
            assertArrayEquals(f.fingerprint(data).toByteArray(), got, f.kind().label());
        }
    }

    @Test
    void shouldCompareFingerprintsByKindAndBytes() {
        byte[] data = "chunk".getBytes(StandardCharsets.US_ASCII);
        Fingerprint a = Fingerprints.blake3().fingerprint(data);
        Fingerprint b = Fingerprint.ofHex(FingerprintKind.BLAKE3_256_V1, a.toHex());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Fingerprint.of(FingerprintKind.SHA256_V1, a.toByteArray()));
        assertTrue(a.toString().startsWith("blake3-256/v1:"));
        MemorySegment seg = MemorySegment.ofArray(new byte[40]);
        a.copyTo(seg, 8);
        assertEquals(a, Fingerprint.of(FingerprintKind.BLAKE3_256_V1, seg, 8));
    }

    @Test
    void shouldRejectOutOfBoundsChunksNamingThem() {
        Fingerprinter f = Fingerprints.blake3();
        MemorySegment data = MemorySegment.ofArray(new byte[100]);
        MemorySegment out = MemorySegment.ofArray(new byte[64]);
        assertThrows(IndexOutOfBoundsException.class,
                () -> f.fingerprintBatch(data, new long[] {0, 90}, new int[] {10, 20}, 0, 2, out, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> f.fingerprintBatch(data, new long[] {0, 0, 0}, new int[] {1, 1, 1}, 0, 3, out, 0));
        assertThrows(IllegalArgumentException.class, () -> Blake3.keyedHash(new byte[31], new byte[1]));
    }
}
