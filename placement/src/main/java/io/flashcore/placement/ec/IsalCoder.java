package io.flashcore.placement.ec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.flashcore.nativeio.IsaL;

/** Runs a {@link CodingPlan} through ISA-L's {@code ec_encode_data} on native segments. */
final class IsalCoder {
    private static final int MAX_CALL_BYTES = Integer.MAX_VALUE & -64;

    private IsalCoder() {
    }

    /** ISA-L takes raw addresses: only native segments qualify. */
    static boolean canUse(MemorySegment[] in, MemorySegment[] out) {
        for (MemorySegment s : in) {
            if (!s.isNative()) {
                return false;
            }
        }
        for (MemorySegment s : out) {
            if (!s.isNative()) {
                return false;
            }
        }
        return true;
    }

    static void apply(CodingPlan plan, MemorySegment[] in, MemorySegment[] out, long length) {
        MemorySegment tables = plan.isalTables();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(ValueLayout.ADDRESS, in.length);
            MemorySegment dst = arena.allocate(ValueLayout.ADDRESS, out.length);
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(MAX_CALL_BYTES, length - done);
                for (int j = 0; j < in.length; j++) {
                    src.setAtIndex(ValueLayout.ADDRESS, j, in[j].asSlice(done));
                }
                for (int r = 0; r < out.length; r++) {
                    dst.setAtIndex(ValueLayout.ADDRESS, r, out[r].asSlice(done));
                }
                IsaL.encodeData(n, plan.cols, plan.rows, tables, src, dst);
                done += n;
            }
        }
    }
}
