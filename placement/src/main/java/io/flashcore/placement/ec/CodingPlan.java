package io.flashcore.placement.ec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.flashcore.nativeio.IsaL;

/**
 * One rows×cols coefficient matrix ready to apply: the matrix itself plus the tables each back-end
 * needs, built once. Immutable apart from the lazily built ISA-L tables (idempotent, racy-safe).
 */
final class CodingPlan {
    final byte[] coef;
    final int rows;
    final int cols;
    final byte[] vectorTables;
    private volatile MemorySegment isalTables;

    CodingPlan(byte[] coef, int rows, int cols) {
        this.coef = coef;
        this.rows = rows;
        this.cols = cols;
        this.vectorTables = VectorKernel.tables(coef, rows, cols);
    }

    /** ISA-L's 32-byte-per-coefficient tables in native memory that lives as long as this plan. */
    MemorySegment isalTables() {
        MemorySegment t = isalTables;
        if (t == null) {
            Arena arena = Arena.ofAuto();
            MemorySegment a = arena.allocate(Math.max(1, coef.length));
            MemorySegment.copy(MemorySegment.ofArray(coef), 0, a, 0, coef.length);
            t = arena.allocate(32L * rows * cols, 64);
            IsaL.initTables(cols, rows, a, t);
            isalTables = t;
        }
        return t;
    }

    /** Applies the plan: {@code out[r] = XOR over j of coef[r][j]·in[j]} over {@code length} bytes. */
    void apply(EcBackend backend, MemorySegment[] in, MemorySegment[] out, long length) {
        if (backend == EcBackend.ISAL && IsalCoder.canUse(in, out)) {
            IsalCoder.apply(this, in, out, length);
        } else {
            VectorKernel.apply(coef, vectorTables, rows, cols, in, out, length);
        }
    }
}
