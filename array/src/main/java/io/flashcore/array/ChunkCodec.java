package io.flashcore.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.flashcore.reduction.chunk.Chunker;
import io.flashcore.reduction.chunk.ChunkerAlgorithm;
import io.flashcore.reduction.chunk.ChunkerSpec;
import io.flashcore.reduction.chunk.Chunkers;
import io.flashcore.reduction.compress.CompressionOptions;
import io.flashcore.reduction.compress.DictionaryRegistry;
import io.flashcore.reduction.compress.RecordCodec;
import io.flashcore.reduction.compress.RecordDescriptor;
import io.flashcore.reduction.compress.RecordKind;
import io.flashcore.reduction.compress.ReferenceResolver;
import io.flashcore.reduction.hash.FingerprintKind;
import io.flashcore.reduction.pipeline.DedupTable;
import io.flashcore.reduction.pipeline.ReductionPipeline;
import io.flashcore.reduction.pipeline.ReductionSettings;
import io.flashcore.reduction.similar.SimilarityIndex;
import io.flashcore.reduction.hash.Fingerprinter;

/**
 * One thread's instances of the reduction stages, configured from the array's configuration: the
 * chunker, the fingerprinter, the shared per-chunk reduction decision ({@link ReductionPipeline}:
 * delta against a similar chunk, zstd or raw), and the record codec. Stages are not thread-safe, so the
 * array keeps one of these per thread; the similarity index and the delta references
 * ({@link SharedReferences}) are the array's, shared by all. Not thread-safe.
 */
final class ChunkCodec implements AutoCloseable {
    /** Bytes of recent reference chunks the array keeps for delta encoding, shared by its putting threads (as {@code flashcore estimate}). */
    static final long REFERENCE_CACHE_BYTES = Long.getLong("flashcore.array.referenceCacheBytes", 256L << 20);

    final Chunker chunker;
    final Fingerprinter fingerprinter;
    final RecordCodec records;
    final ReductionPipeline pipeline;
    /** Shared: the array closes its codecs from whichever thread closes it. */
    private final Arena arena = Arena.ofShared();

    /**
     * Stages for one thread; delta references come from {@code shared} (copied into this codec's own
     * buffer), else from {@code stored} (references registered by earlier processes, read back from
     * the array), which may answer null.
     */
    ChunkCodec(ArrayConfig config, DictionaryRegistry dictionaries, SimilarityIndex similarity,
               SharedReferences shared, io.flashcore.reduction.compress.ReferenceResolver stored) {
        this.chunker = Chunkers.of(chunkerSpec(config));
        this.fingerprinter = fingerprintKind(config).newFingerprinter();
        this.records = new RecordCodec(compression(config), dictionaries);
        MemorySegment reference = arena.allocate(Math.max(config.maxChunk(), config.avgChunk()), 64);
        io.flashcore.reduction.compress.ReferenceResolver both = id -> {
            MemorySegment cached = shared.copy(id, reference);
            return cached != null ? cached : stored.resolve(id);
        };
        this.pipeline = new ReductionPipeline(settings(config), (fp, id) -> DedupTable.NEW, similarity, both,
                dictionaries, null);
    }

    /** The reduction settings of the configuration: the same decision {@code flashcore estimate} makes. */
    static ReductionSettings settings(ArrayConfig config) {
        return ReductionSettings.DEFAULT.withFingerprint(fingerprintKind(config)).withCompression(compression(config))
                .withSimilarity(config.similarity()).withSketchVersion(config.sketchVersion());
    }

    private static CompressionOptions compression(ArrayConfig config) {
        return CompressionOptions.DEFAULT.withLevel(config.compressionLevel());
    }

    /** The chunker spec the configuration names. */
    static ChunkerSpec chunkerSpec(ArrayConfig config) {
        ChunkerAlgorithm algo = ChunkerAlgorithm.fromName(config.chunker());
        return switch (algo) {
            case FIXED -> ChunkerSpec.fixed(config.avgChunk());
            case FASTCDC2020, FASTCDC2016 -> new ChunkerSpec(algo, config.minChunk(), config.avgChunk(),
                    config.maxChunk(), 1, 0);
            default -> new ChunkerSpec(algo, config.minChunk(), config.avgChunk(), config.maxChunk(), 0, 0);
        };
    }

    /** The fingerprint kind the configuration names ({@code blake3} or {@code sha256}). */
    static FingerprintKind fingerprintKind(ArrayConfig config) {
        return switch (config.fingerprint().toLowerCase(java.util.Locale.ROOT)) {
            case "blake3", "blake3-256", "blake3-256/v1" -> FingerprintKind.BLAKE3_256_V1;
            case "sha256", "sha-256", "sha256/v1" -> FingerprintKind.SHA256_V1;
            default -> throw new IllegalArgumentException("unknown fingerprint '" + config.fingerprint()
                    + "', expected blake3 or sha256");
        };
    }

    /** Bytes a stored record of a {@code logical}-byte chunk may take at most. */
    static int maxStored(int logical) {
        return RecordCodec.maxRecordLength(logical);
    }

    /** Encodes {@code chunk} into {@code out} (raw or zstd, whichever the codec decides); returns the record bytes. */
    int encode(MemorySegment chunk, MemorySegment out) {
        return records.encode(chunk, out);
    }

    /** The stored encoding of the record at the start of {@code record}. */
    static io.flashcore.array.meta.ChunkEncoding encodingOf(MemorySegment record) {
        RecordKind kind = RecordDescriptor.read(record).kind();
        return switch (kind) {
            case RAW -> io.flashcore.array.meta.ChunkEncoding.RAW;
            case DELTA -> io.flashcore.array.meta.ChunkEncoding.DELTA;
            default -> io.flashcore.array.meta.ChunkEncoding.ZSTD;
        };
    }

    /** Decodes the record at the start of {@code record} into {@code dst}; returns the logical bytes. */
    int decode(MemorySegment record, MemorySegment dst, ReferenceResolver references) {
        return records.decode(record, dst, references);
    }

    @Override
    public void close() {
        pipeline.close();
        records.close();
        arena.close();
    }
}
