package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class IoBackendTest {
    @Test
    void shouldParseLabelsAndRejectUnknownOnes() {
        assertEquals(IoBackend.IO_URING, IoBackend.parse("io_uring"));
        assertEquals(IoBackend.IO_URING, IoBackend.parse("IO-URING"));
        assertEquals(IoBackend.FILECHANNEL, IoBackend.parse("filechannel"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IoBackend.parse("aio"));
        assertTrue(e.getMessage().contains("'aio'"), e.getMessage());
    }

    @Test
    void shouldHonourTheBackendSystemProperty() throws IOException {
        String old = System.getProperty(IoEngine.BACKEND_PROPERTY);
        try {
            System.setProperty(IoEngine.BACKEND_PROPERTY, "filechannel");
            try (IoEngine e = IoEngine.open()) {
                assertEquals(IoBackend.FILECHANNEL, e.backend());
            }
            System.clearProperty(IoEngine.BACKEND_PROPERTY);
            IoBackend auto = IoUringSupport.chooseBackend(null);
            assertEquals(IoUringSupport.isAvailable() ? IoBackend.IO_URING : IoBackend.FILECHANNEL, auto);
            assertEquals(IoBackend.FILECHANNEL, IoUringSupport.chooseBackend(IoBackend.FILECHANNEL));
        } finally {
            if (old == null) {
                System.clearProperty(IoEngine.BACKEND_PROPERTY);
            } else {
                System.setProperty(IoEngine.BACKEND_PROPERTY, old);
            }
        }
    }

    @Test
    void shouldNameErrnos() {
        assertEquals("EIO", Errno.name(Errno.EIO));
        assertEquals("ENOSPC", Errno.name(-Errno.ENOSPC));
        assertEquals("ECANCELED", Errno.name(125));
        assertEquals("errno 999", Errno.name(999));
    }

    @Test
    void shouldProbeTheOpcodesFlashcoreUses() {
        if (IoUringSupport.isAvailable()) {
            var ops = IoUringSupport.supportedOpcodes();
            for (int op : new int[] {IoUringLayout.OP_READ, IoUringLayout.OP_WRITE, IoUringLayout.OP_FSYNC,
                    IoUringLayout.OP_READ_FIXED, IoUringLayout.OP_WRITE_FIXED, IoUringLayout.OP_FALLOCATE}) {
                assertTrue(ops.contains(op), "opcode " + op + " in " + ops);
            }
        } else {
            assertTrue(IoUringSupport.supportedOpcodes().isEmpty());
            assertFalse(IoUringSupport.unavailableReason().isEmpty());
        }
    }
}
