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
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                int bytes = w.blocks() * BLOCK;
                MemorySegment src = registered ? pool.buffer(0).asSlice((long) w.block() * BLOCK, bytes)
                        : arena.allocate(bytes, BLOCK);
                if (registered) {
                    // Writes in one batch may run in any order, so each batch ends before its buffer is reused.
                    e.awaitAll();
                }
                SplittableRandom r = new SplittableRandom(w.seed());
                for (int k = 0; k < bytes; k += 8) {
                    src.set(ValueLayout.JAVA_LONG, k, r.nextLong());
                }
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, model, w.block() * BLOCK, bytes);
                sources[i] = src;
                e.write(d, (long) w.block() * BLOCK, src, i);
                // Overlapping writes in one batch may land in any order: a batch ends where the model
                // needs an order, and wherever the generator says so.
                if (w.batchEnd() || overlapsLater(writes, i)) {
                    e.awaitAll();
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

    private static boolean overlapsLater(List<Write> writes, int i) {
        if (i + 1 >= writes.size()) {
            return false;
        }
        Write a = writes.get(i);
        Write b = writes.get(i + 1);
        return a.block() < b.block() + b.blocks() && b.block() < a.block() + a.blocks();
    }
}
