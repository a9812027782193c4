package io.flashcore.reduction.chunk;

import java.lang.foreign.MemorySegment;

/** Fixed-size blocks of {@code avg} bytes; the last block of a stream may be shorter. */
final class FixedChunker extends AbstractChunker {
    private final long block;
    private long pos;

    FixedChunker(ChunkerSpec spec) {
        super(spec);
        block = spec.avgBytes();
    }

    @Override
    int scan(MemorySegment data, long from, long to) {
        long need = block - pos;
        if (need > to - from) {
            pos += to - from;
            return -1;
        }
        pos = 0;
        resume = from + need;
        return (int) block;
    }

    @Override
    void resetState() {
        pos = 0;
    }
}
