package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any sequence of aligned writes, then reads, returns what a byte-array model says was written. */
class AlignedWritesPropertiesTest {
    private static final int BLOCK = 4096;
    private static final int BLOCKS = 48;

    record Write(int block, int blocks, long seed, boolean batchEnd) {
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        Arbitrary<Write> w = Arbitraries.integers().between(0, BLOCKS - 1).flatMap(start -> Combinators.combine(
                Arbitraries.integers().between(1, Math.min(8, BLOCKS - start)),
                Arbitraries.longs(), Arbitraries.of(true, false))
                .as((n, seed, end) -> new Write(start, n, seed, end)));
        return w.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 40)
    void readsReturnTheLastAlignedWrites(@ForAll IoBackend backend, @ForAll("writes") List<Write> writes,
            @ForAll boolean registered) throws IOException {
        Assume.that(backend != IoBackend.IO_URING || IoUringSupport.isAvailable());
        Path file = Files.createTempFile("flashcore-prop", ".dat");
        byte[] model = new byte[BLOCKS * BLOCK];
        try (BlockDevice d = BlockDevice.createFile(file, (long) BLOCKS * BLOCK);
                IoEngine e = IoEngine.open(IoEngineConfig.defaults().withBackend(backend).withQueueDepth(4));
                BufferPool pool = BufferPool.allocate(1, BLOCKS * BLOCK);
                Arena arena = Arena.ofConfined()) {
            if (registered) {
                e.registerBuffers(pool);
            }
            MemorySegment[] sources = new MemorySegment[writes.size()];
            boolean[] inBatch = new boolean[BLOCKS];
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                // Writes in one batch may land in any order, so a write that overlaps one still in
                // the batch starts a new batch: the model needs their order.
                if (overlaps(inBatch, w)) {
                    e.awaitAll();
                    java.util.Arrays.fill(inBatch, false);
                }
                int bytes = w.blocks() * BLOCK;
                MemorySegment src = registered ? pool.buffer(0).asSlice((long) w.block() * BLOCK, bytes)
                        : arena.allocate(bytes, BLOCK);
                if (registered) {
                    // The pool buffer is shared by every write: the previous ones must be done with it.
                    e.awaitAll();
                    java.util.Arrays.fill(inBatch, false);
                }
                SplittableRandom r = new SplittableRandom(w.seed());
                for (int k = 0; k < bytes; k += 8) {
                    src.set(ValueLayout.JAVA_LONG, k, r.nextLong());
                }
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, model, w.block() * BLOCK, bytes);
                sources[i] = src;
                e.write(d, (long) w.block() * BLOCK, src, i);
                java.util.Arrays.fill(inBatch, w.block(), w.block() + w.blocks(), true);
                if (w.batchEnd()) {
                    e.awaitAll();
                    java.util.Arrays.fill(inBatch, false);
                }
            }
            e.awaitAll();
            MemorySegment all = arena.allocate((long) BLOCKS * BLOCK, BLOCK);
            for (int b = 0; b < BLOCKS; b += 8) {
                e.read(d, (long) b * BLOCK, all.asSlice((long) b * BLOCK, 8L * BLOCK), b);
            }
            e.awaitAll();
            assertArrayEquals(model, all.toArray(ValueLayout.JAVA_BYTE));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean overlaps(boolean[] inBatch, Write w) {
        for (int b = w.block(); b < w.block() + w.blocks(); b++) {
            if (inBatch[b]) {
                return true;
            }
        }
        return false;
    }
}
