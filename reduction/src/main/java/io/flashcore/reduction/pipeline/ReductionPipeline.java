package io.flashcore.reduction.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.flashcore.reduction.compress.CompressionDictionary;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.RecordCodec;
import io.flashcore.reduction.compress.RecordDescriptor;
import io.flashcore.reduction.compress.RecordKind;
import io.flashcore.reduction.compress.ReferenceResolver;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.hash.Fingerprinter;
import io.flashcore.reduction.similar.SimilarityIndex;
import io.flashcore.reduction.similar.SimilaritySketcher;

/**
 * The per-chunk reduction decision, shared by the array's write path and {@code flashcore estimate}:
 * fingerprint the chunk; if dedup knows it, store nothing; else sketch it, and if the similarity
 * index names a reference whose bytes resolve, encode a zstd delta against it; keep the delta when
 * it is smaller than the plain form (zstd frame, or raw when compression does not pay); register
 * plainly stored chunks as references for later deltas. Deltas are never registered, so every
 * delta depends on exactly one reference that itself depends on nothing.
 *
 * <p>Callers own what persists: after a decision whose {@link Reduction#reference()} is true they
 * must keep the chunk's decoded bytes resolvable by its id through the {@link ReferenceResolver}
 * given here (the array reads them back; the estimate keeps them in a
 * {@link io.flashcore.reduction.similar.ReferenceCache}).
 *
 * <p>Not thread-safe: one pipeline per thread (it owns a zstd codec, a fingerprinter, a sketcher
 * and scratch memory). The dedup table, similarity index, reference resolver and dictionary
 * registry may be shared when they are thread-safe. The owner closes the pipeline.
 */
public final class ReductionPipeline implements AutoCloseable {
    /** While backed off (see {@link ReductionSettings#sketchBackoff()}), one unique chunk in this many is sketched. */
    public static final int BACKOFF_STRIDE = 4;

    private final ReductionSettings settings;
    private final DedupTable dedup;
    private final SimilarityIndex similarity;
    private final ReferenceResolver references;
    private final CompressionDictionary dictionary;
    private final RecordCodec codec;
    private final Fingerprinter fingerprinter;
    private final SimilaritySketcher sketcher;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment fingerprint;
    private final long[] sketch = new long[SimilaritySketcher.SUPER_FEATURES];
    private MemorySegment deltaScratch = MemorySegment.NULL;
    private long missStreak;
    private long backedOff;

    /**
     * A pipeline reducing with {@code settings}, deduplicating in {@code dedup}, finding similar
     * chunks in {@code similarity} and their bytes through {@code references}, compressing with
     * {@code dictionary} when it is not {@code null} (registered in {@code dictionaries}).
     */
    public ReductionPipeline(ReductionSettings settings, DedupTable dedup, SimilarityIndex similarity,
            ReferenceResolver references, DictionaryRegistry dictionaries, CompressionDictionary dictionary) {
        this.settings = settings;
        this.dedup = dedup;
        this.similarity = similarity;
        this.references = references;
        this.dictionary = dictionary;
        if (dictionary != null) {
            dictionaries.register(dictionary);
        }
        this.codec = new RecordCodec(settings.compression(), dictionaries);
        this.fingerprinter = settings.fingerprint().newFingerprinter();
        this.sketcher = new SimilaritySketcher(settings.sketchVersion(), settings.sketchSampling());
        this.fingerprint = arena.allocate(FingerprintKind.BYTES, 8);
    }

    /** The settings this pipeline reduces with. */
    public ReductionSettings settings() {
        return settings;
    }

    /** The record codec underneath, to decode records this pipeline wrote (same thread only). */
    public RecordCodec codec() {
        return codec;
    }

    /** The size {@code out} must have for a chunk of {@code logicalBytes}. */
    public static int maxRecordLength(int logicalBytes) {
        return RecordCodec.maxRecordLength(logicalBytes);
    }

    /**
     * The fingerprint of the chunk last passed to {@link #reduce} (32 bytes; overwritten by the
     * next call).
     */
    public MemorySegment lastFingerprint() {
        return fingerprint;
    }

    /**
     * Reduces one chunk: dedup, then {@link #reduceUnique} for a new one, writing its record to the
     * start of {@code out} (at least {@link #maxRecordLength} bytes).
     *
     * @param newChunkId the id the chunk gets if it is new (unique per store)
     */
    public Reduction reduce(MemorySegment chunk, long newChunkId, MemorySegment out) {
        fingerprinter.fingerprint(chunk, 0, chunk.byteSize(), fingerprint, 0);
        long existing = dedup.findOrAdd(fingerprint, newChunkId);
        if (existing != DedupTable.NEW) {
            return new Reduction(ReductionKind.DEDUP, (int) chunk.byteSize(), 0, existing, -1, 0, false);
        }
        return reduceUnique(chunk, newChunkId, out);
    }

    /**
     * Reduces one chunk dedup found new, writing its record (delta, compressed or raw) to the
     * start of {@code out} (at least {@link #maxRecordLength} bytes).
     */
    public Reduction reduceUnique(MemorySegment chunk, long chunkId, MemorySegment out) {
        return reduceUnique(chunk, chunkId, out, o -> encodePlain(chunk, o));
    }

    /**
     * As {@link #reduceUnique(MemorySegment, long, MemorySegment)}, but the chunk's plain record
     * (zstd frame or raw, exactly what {@link #encodePlain} writes) comes from {@code plain}, which
     * is asked at most once and only when the decision needs it; a caller may have encoded it ahead
     * on another thread. The decision, and so the stored bytes, are the same either way.
     */
    public Reduction reduceUnique(MemorySegment chunk, long chunkId, MemorySegment out, PlainRecord plain) {
        return reduceUnique(chunk, chunkId, out, plain, null);
    }

    /**
     * As {@link #reduceUnique(MemorySegment, long, MemorySegment, PlainRecord)}, with the chunk's
     * similarity sketch possibly computed ahead on another thread ({@code ahead} may be null): asked
     * at most once, and only when the decision sketches this chunk. A sketch is a function of the
     * chunk's bytes alone, so the decision is the same either way.
     */
    public Reduction reduceUnique(MemorySegment chunk, long chunkId, MemorySegment out, PlainRecord plain,
            SketchAhead ahead) {
        int logical = (int) chunk.byteSize();
        boolean sketched = false;
        if (settings.similarity() && sketchThis()) {
            int got = ahead == null ? SketchAhead.NOT_AHEAD : ahead.sketch(sketch);
            sketched = got == SketchAhead.NOT_AHEAD ? sketcher.sketch(chunk, sketch) : got == SketchAhead.SKETCHED;
        }
        if (sketched) {
            long refId = similarity.find(sketch);
            MemorySegment ref = refId == SimilarityIndex.NONE ? null : references.resolve(refId);
            missStreak = ref == null ? missStreak + 1 : 0;
            if (ref != null) {
                MemorySegment scratch = deltaScratch(logical);
                int delta = codec.encodeDelta(chunk, refId, ref, scratch, Integer.MAX_VALUE);
                if (!settings.measurePlain() && delta <= logical * settings.deltaAcceptFraction()) {
                    MemorySegment.copy(scratch, 0, out, 0, delta);
                    return new Reduction(ReductionKind.DELTA, logical, delta, chunkId, refId, -1, false);
                }
                int plainBytes = plain.encode(out);
                if (delta < plainBytes) {
                    MemorySegment.copy(scratch, 0, out, 0, delta);
                    return new Reduction(ReductionKind.DELTA, logical, delta, chunkId, refId, plainBytes, false);
                }
                similarity.register(sketch, chunkId);
                return new Reduction(plainKind(out), logical, plainBytes, chunkId, -1, plainBytes, true);
            }
        }
        int plainBytes = plain.encode(out);
        if (sketched) {
            similarity.register(sketch, chunkId);
        }
        return new Reduction(plainKind(out), logical, plainBytes, chunkId, -1, plainBytes, sketched);
    }

    /** A chunk's similarity sketch computed ahead by another thread (see {@link SimilaritySketcher#sketch}). */
    @FunctionalInterface
    public interface SketchAhead {
        /** The chunk was sketched ahead: its sketch is in {@code out}. */
        int SKETCHED = 1;
        /** The chunk was sketched ahead and has no sample positions (no sketch). */
        int NO_SAMPLES = 0;
        /** Not sketched ahead: the pipeline sketches the chunk itself. */
        int NOT_AHEAD = -1;

        /** Writes the sketch computed ahead into {@code out}; returns one of the constants above. */
        int sketch(long[] out);
    }

    /**
     * A copy of the sketch the last {@link #reduceUnique} decision registered its chunk under
     * (meaningful when that {@link Reduction#reference()} is true): what a store persists so a
     * later process can register the chunk again.
     */
    public long[] lastSketch() {
        return sketch.clone();
    }

    private boolean sketchThis() {
        int backoff = settings.sketchBackoff();
        if (backoff == 0 || missStreak < backoff) {
            return true;
        }
        return ++backedOff % BACKOFF_STRIDE == 0;
    }

    /**
     * Decodes a record this pipeline (or any {@link RecordCodec}) wrote into the start of
     * {@code dst}, resolving a delta's reference through this pipeline's resolver.
     *
     * @return the decoded length in bytes
     */
    public int decode(MemorySegment record, MemorySegment dst) {
        return codec.decode(record, dst, references);
    }

    /**
     * Writes the plain record of {@code chunk} (a zstd frame, or raw when compression does not pay)
     * to the start of {@code out}; returns its length. Pipelines with equal settings and dictionary
     * write identical records, so another thread's pipeline may encode ahead for this one.
     */
    public int encodePlain(MemorySegment chunk, MemorySegment out) {
        return codec.encode(chunk, out, dictionary);
    }

    /** Supplies a chunk's plain record on demand (see {@link #reduceUnique(MemorySegment, long, MemorySegment, PlainRecord)}). */
    @FunctionalInterface
    public interface PlainRecord {
        /** Writes the plain record to the start of {@code out}; returns its length in bytes. */
        int encode(MemorySegment out);
    }

    private static ReductionKind plainKind(MemorySegment record) {
        int code = record.get(ValueLayout.JAVA_BYTE, RecordDescriptor.VERSION_KIND_OFFSET) & 0xF;
        return RecordKind.ofCode(code) == RecordKind.RAW ? ReductionKind.RAW : ReductionKind.COMPRESSED;
    }

    private MemorySegment deltaScratch(int logical) {
        int need = RecordCodec.maxRecordLength(logical);
        if (deltaScratch.byteSize() < need) {
            deltaScratch = arena.allocate(Math.max(need, deltaScratch.byteSize() * 2), 64);
        }
        return deltaScratch;
    }

    @Override
    public void close() {
        codec.close();
        arena.close();
    }
}
