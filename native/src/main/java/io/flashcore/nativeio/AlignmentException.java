package io.flashcore.nativeio;

import java.io.Serial;

/**
 * An O_DIRECT operation whose buffer address, offset or length is not a multiple of the device's
 * required alignment; thrown before anything is submitted.
 */
public final class AlignmentException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    AlignmentException(String what, long value, long alignment, BlockDevice device) {
        super(what + " " + value + " (0x" + Long.toHexString(value) + ") is not a multiple of " + alignment
                + " bytes, the O_DIRECT alignment " + device.path() + " requires");
    }

    static void check(BlockDevice d, long offset, long length, long address) {
        if (!d.isDirect()) {
            return;
        }
        long oa = d.offsetAlignment();
        if ((offset & (oa - 1)) != 0) {
            throw new AlignmentException("offset", offset, oa, d);
        }
        if ((length & (oa - 1)) != 0) {
            throw new AlignmentException("length", length, oa, d);
        }
        long ma = d.memoryAlignment();
        if ((address & (ma - 1)) != 0) {
            throw new AlignmentException("buffer address", address, ma, d);
        }
    }
}
