package io.flashcore.array;

import java.lang.foreign.MemorySegment;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.flashcore.reduction.compress.RecordCodec;
import io.flashcore.reduction.pipeline.ReductionPipeline;
import io.flashcore.reduction.similar.SimilaritySketcher;

/**
 * Plain records (zstd frame or raw) of one window's new chunks, encoded ahead on worker threads
 * while the putting thread makes its in-order decisions: workers take chunks from the window's
 * end backwards, the putting thread walks from the front and claims each chunk as it reaches it,
 * so the two meet in the middle and neither waits for long. A chunk is encoded by exactly one
 * thread; the putting thread uses a worker's record only when its decision needs the plain form
 * (a chunk kept as a delta does not), and the records are byte-identical to those it would have
 * written itself, so the stored bytes do not depend on the number of threads.
 *
 * <p>With similarity on, a worker first sketches its chunk (the putting thread then uses that
 * sketch instead of computing it) and leaves the record unencoded when the similarity index already
 * has a candidate for the sketch: such a chunk most likely becomes a delta, and if it does not, the
 * putting thread encodes it itself. Sketches are a function of the bytes, so this changes no decision.
 *
 * <p>Used by one put at a time, one instance per input window: {@link #start} on the thread that
 * filled the window (a put's stage-one helper, so the workers begin while the putting thread is
 * still on the window before; the window's hand-off to the putting thread publishes what start
 * wrote), then {@link #claim}/{@link #copy} in order on the putting thread, then {@link #finish}
 * before the window's memory is reused.
 */
final class EncodeAhead {
    private static final int FREE = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;
    private static final int FAILED = 3;
    /** Sketched by a worker, which left the record to the putting thread: the chunk looked like a delta. */
    private static final int SKETCHED_ONLY = 4;
    /**
     * How the putting thread waits for a record a worker is encoding (tens of microseconds): Agrona's
     * backoff strategy, spinning a little, then yielding its core to the worker it waits for (on two
     * cores the worker may need it), then parking briefly.
     */
    private final org.agrona.concurrent.IdleStrategy waitForWorker =
            new org.agrona.concurrent.BackoffIdleStrategy(256, 1_000, 1_000, 20_000);

    private final MemorySegment area;
    private final ExecutorService pool;
    private final int workers;
    private final Queue<RecordCodec> idle;
    private final Supplier<RecordCodec> factory;
    private final Future<?>[] tasks;
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;
    /** Per worker task of the current window: queued, running, or abandoned by {@link #finish} before it ran. */
    private AtomicInteger[] gates = new AtomicInteger[0];
    /** One sketcher per worker task (null: similarity is off, workers only encode). */
    private final SimilaritySketcher[] sketchers;
    /** Whether a sketch has a candidate reference now; such chunks are likely stored as deltas. */
    private final Predicate<long[]> likelyDelta;
    private long[] sketches = new long[0];
    private byte[] sketchState = new byte[0];
    private AtomicIntegerArray state = new AtomicIntegerArray(0);
    private final AtomicInteger next = new AtomicInteger(-1);
    private MemorySegment data;
    private long[] chunkOffset = new long[0];
    private int[] chunkLength = new int[0];
    private long[] slotOffset = new long[0];
    private int[] recordLength = new int[0];
    private volatile boolean stop;
    private final AtomicInteger encoded = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private long totalSkipped;
    private int used;
    private long totalEncoded;
    private long totalUsed;

    /**
     * @param area    scratch for the records: at least {@link #areaBytes} for the window; like the windows
     *                started later, memory of a shared arena (the workers run on other threads)
     * @param pool    runs the workers
     * @param workers worker tasks per window (0: the putting thread encodes everything)
     * @param idle    record codecs not in use (configured as the putting thread's), shared by the array's puts
     * @param factory makes another codec when none is idle
     * @param sketcher   makes the workers' similarity sketchers (null: similarity is off): a worker sketches
     *                   each chunk before encoding it, so the putting thread need not
     * @param likelyDelta whether a sketch has a similar reference now: the worker then leaves the chunk's
     *                   record to the putting thread, which most likely stores a delta instead
     */
    EncodeAhead(MemorySegment area, ExecutorService pool, int workers, Queue<RecordCodec> idle,
            Supplier<RecordCodec> factory, Supplier<SimilaritySketcher> sketcher, Predicate<long[]> likelyDelta) {
        this.area = area;
        this.pool = pool;
        this.workers = workers;
        this.idle = idle;
        this.factory = factory;
        this.tasks = new Future<?>[workers];
        this.sketchers = new SimilaritySketcher[sketcher == null ? 0 : workers];
        for (int t = 0; t < sketchers.length; t++) {
            sketchers[t] = sketcher.get();
        }
        this.likelyDelta = likelyDelta;
    }

    /** Scratch bytes for the records of a window of {@code windowBytes} cut into at most {@code maxChunks} chunks. */
    static long areaBytes(long windowBytes, int maxChunks) {
        return windowBytes + (windowBytes >> 6) + 512L * (maxChunks + 1) + RecordCodec.maxRecordLength(0);
    }

    /**
     * Starts encoding ahead the {@code n} chunks at {@code offsets}/{@code lengths} of {@code window}
     * (in window order; chunk {@code u} is the window's chunk {@code indexes[u]}).
     */
    void start(MemorySegment window, long[] offsets, int[] lengths, int[] indexes, int n) {
        if (chunkOffset.length < n) {
            int cap = Math.max(n, 2 * chunkOffset.length);
            chunkOffset = new long[cap];
            chunkLength = new int[cap];
            slotOffset = new long[cap];
            recordLength = new int[cap];
        }
        if (sketchers.length > 0 && sketchState.length < n) {
            int cap = Math.max(n, 2 * sketchState.length);
            sketchState = new byte[cap];
            sketches = new long[cap * SimilaritySketcher.SUPER_FEATURES];
        }
        if (state.length() < n) {
            state = new AtomicIntegerArray(Math.max(n, 2 * state.length()));
        } else {
            for (int u = 0; u < n; u++) {
                state.setPlain(u, FREE);
            }
        }
        data = window;
        if (sketchers.length > 0) {
            java.util.Arrays.fill(sketchState, 0, n, (byte) 0);
        }
        for (int u = 0; u < n; u++) {
            long p = offsets[u];
            chunkOffset[u] = p;
            chunkLength[u] = lengths[u];
            // Room for a record of up to len + len/256 + 88 bytes at every chunk, whatever the sizes.
            slotOffset[u] = p + (p >> 6) + 512L * indexes[u];
        }
        stop = false;
        next.set(n - 1);
        for (int t = 0; t < workers; t++) {
            tasks[t] = null;
        }
        if (n < 2) {
            return;
        }
        gates = new AtomicInteger[workers]; // fresh per window: a task queued for an earlier one stays shut out
        for (int t = 0; t < workers; t++) {
            int task = t;
            AtomicInteger gate = new AtomicInteger(QUEUED);
            gates[t] = gate;
            try {
                // The state the workers read is published by the pool's hand-off (happens-before).
                tasks[t] = pool.submit(() -> {
                    if (gate.compareAndSet(QUEUED, RUNNING)) {
                        work(task);
                    }
                });
            } catch (RejectedExecutionException e) {
                break; // shutting down: the putting thread encodes on its own
            }
        }
    }

    private void work(int task) {
        RecordCodec codec = idle.poll();
        if (codec == null) {
            codec = factory.get();
        }
        try {
            encodeFromTheEnd(codec, sketchers.length == 0 ? null : sketchers[task]);
        } finally {
            idle.add(codec);
        }
    }

    private void encodeFromTheEnd(RecordCodec codec, SimilaritySketcher sketcher) {
        long[] sketch = new long[SimilaritySketcher.SUPER_FEATURES];
        while (!stop) {
            int u = next.getAndDecrement();
            if (u < 0 || !state.compareAndSet(u, FREE, CLAIMED)) {
                return; // the putting thread has reached this chunk: everything before it is its own
            }
            try {
                MemorySegment chunk = data.asSlice(chunkOffset[u], chunkLength[u]);
                if (sketcher != null) {
                    boolean sampled = sketcher.sketch(chunk, sketch);
                    System.arraycopy(sketch, 0, sketches, u * SimilaritySketcher.SUPER_FEATURES,
                            SimilaritySketcher.SUPER_FEATURES);
                    sketchState[u] = (byte) (sampled ? 1 : 2); // published by the state's volatile write
                    if (sampled && likelyDelta != null && likelyDelta.test(sketch)) {
                        skipped.incrementAndGet();
                        state.set(u, SKETCHED_ONLY);
                        continue;
                    }
                }
                recordLength[u] = codec.encode(chunk, slot(u));
                encoded.incrementAndGet();
                state.set(u, DONE);
            } catch (RuntimeException | Error e) {
                state.set(u, FAILED); // the putting thread encodes it and meets the error itself
                return;
            }
        }
    }

    private MemorySegment slot(int u) {
        return area.asSlice(slotOffset[u], RecordCodec.maxRecordLength(chunkLength[u]));
    }

    /**
     * Claims chunk {@code u} for the putting thread: true when no worker has taken it (the putting
     * thread encodes it itself if needed), false when a worker has (use {@link #copy}).
     */
    boolean claim(int u) {
        return state.compareAndSet(u, FREE, CLAIMED);
    }

    /**
     * The sketch a worker computed of chunk {@code u} (claimed by a worker), waiting for it: into
     * {@code out} with {@link ReductionPipeline.SketchAhead#SKETCHED}, or
     * {@link ReductionPipeline.SketchAhead#NO_SAMPLES}, or {@link ReductionPipeline.SketchAhead#NOT_AHEAD}
     * when the worker did not sketch it.
     */
    int sketch(int u, long[] out) {
        int s = await(u);
        if (sketchers.length == 0 || (s != DONE && s != SKETCHED_ONLY) || sketchState[u] == 0) {
            return ReductionPipeline.SketchAhead.NOT_AHEAD;
        }
        if (sketchState[u] == 2) {
            return ReductionPipeline.SketchAhead.NO_SAMPLES;
        }
        System.arraycopy(sketches, u * SimilaritySketcher.SUPER_FEATURES, out, 0, SimilaritySketcher.SUPER_FEATURES);
        return ReductionPipeline.SketchAhead.SKETCHED;
    }

    private int await(int u) {
        int s;
        waitForWorker.reset();
        while ((s = state.get(u)) == CLAIMED) {
            waitForWorker.idle();
        }
        return s;
    }

    /**
     * Copies the worker's record of chunk {@code u} to the start of {@code out}, waiting for it;
     * returns its length, or -1 when the worker failed or left the record to the caller (who then
     * encodes the chunk itself).
     */
    int copy(int u, MemorySegment out) {
        int s = await(u);
        if (s != DONE) {
            return -1;
        }
        int len = recordLength[u];
        MemorySegment.copy(area, slotOffset[u], out, 0, len);
        used++;
        return len;
    }

    /** Stops the workers and waits for them; the window's memory may be reused afterwards. */
    void finish() {
        stop = true;
        for (int t = 0; t < workers; t++) {
            Future<?> f = tasks[t];
            if (f == null) {
                continue;
            }
            if (gates[t].compareAndSet(QUEUED, ABANDONED)) {
                // Still waiting for a thread of the pool (busy with other puts): it will not touch this
                // window when it runs, so there is nothing to wait for.
                tasks[t] = null;
                continue;
            }
            boolean interrupted = false;
            for (;;) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the workers write into this put's memory: always wait for them
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    break; // a worker's failure marked its chunk FAILED; nothing else to do
                }
            }
            tasks[t] = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        totalEncoded += encoded.getAndSet(0);
        totalSkipped += skipped.getAndSet(0);
        totalUsed += used;
        used = 0;
    }

    /** Chunks workers sketched and left to the putting thread as likely deltas, so far (all finished windows). */
    long skippedAhead() {
        return totalSkipped;
    }

    /** Records workers encoded ahead so far (all finished windows). */
    long encodedAhead() {
        return totalEncoded;
    }

    /** Of {@link #encodedAhead()}, the records a decision used (the others were chunks stored as deltas). */
    long usedAhead() {
        return totalUsed;
    }
}
