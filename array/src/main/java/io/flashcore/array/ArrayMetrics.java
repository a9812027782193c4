package io.flashcore.array;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters an embedding application may read at any time from any thread; they only grow while
 * the array is open. Thread-safe; reads are not a consistent snapshot across counters.
 */
public final class ArrayMetrics {
    final LongAdder bytesPut = new LongAdder();
    final LongAdder bytesGot = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder gets = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder chunksNew = new LongAdder();
    final LongAdder chunksDeduplicated = new LongAdder();
    final LongAdder chunksDelta = new LongAdder();
    final LongAdder recordsEncodedAhead = new LongAdder();
    final LongAdder drivesEjected = new LongAdder();
    final LongAdder stripeWritesFailed = new LongAdder();
    final LongAdder recordsEncodedAheadUnused = new LongAdder();
    final LongAdder recordsSkippedAhead = new LongAdder();
    final LongAdder stripeWrites = new LongAdder();
    final LongAdder shardsWritten = new LongAdder();
    final LongAdder shardsRead = new LongAdder();
    final LongAdder degradedReads = new LongAdder();
    final LongAdder checksumErrors = new LongAdder();
    final LongAdder readErrors = new LongAdder();
    final LongAdder shardsRepaired = new LongAdder();
    final LongAdder shardsRebuilt = new LongAdder();
    final LongAdder stripesCompacted = new LongAdder();
    final LongAdder groupCommits = new LongAdder();
    final LongAdder putsGroupCommitted = new LongAdder();
    final LongAdder shardsWrittenMissing = new LongAdder();
    final LongAdder missingShardsPlaced = new LongAdder();

    ArrayMetrics() {
    }

    /** Logical bytes accepted by acknowledged puts. */
    public long bytesPut() {
        return bytesPut.sum();
    }

    /** Logical bytes returned by gets. */
    public long bytesGot() {
        return bytesGot.sum();
    }

    /** Acknowledged puts. */
    public long puts() {
        return puts.sum();
    }

    /** Completed gets. */
    public long gets() {
        return gets.sum();
    }

    /** Completed deletes. */
    public long deletes() {
        return deletes.sum();
    }

    /** Chunks stored new. */
    public long chunksNew() {
        return chunksNew.sum();
    }

    /** Chunks found already stored. */
    public long chunksDeduplicated() {
        return chunksDeduplicated.sum();
    }

    /** New chunks stored as a delta against a similar chunk. */
    public long chunksDelta() {
        return chunksDelta.sum();
    }

    /** New chunks whose plain record a worker thread encoded ahead of the putting thread. */
    public long recordsEncodedAhead() {
        return recordsEncodedAhead.sum();
    }

    /** Of {@link #recordsEncodedAhead()}, records not needed because the chunk was stored as a delta (wasted CPU). */
    public long recordsEncodedAheadUnused() {
        return recordsEncodedAheadUnused.sum();
    }

    /**
     * New chunks a worker thread sketched ahead and left unencoded because a similar reference was
     * already indexed (the putting thread then most likely stores a delta and needs no plain record).
     */
    public long recordsSkippedAhead() {
        return recordsSkippedAhead.sum();
    }

    /** Drives taken out of service (FAILED) because a write to them failed. */
    public long drivesEjected() {
        return drivesEjected.sum();
    }

    /** Stripe writes that failed and could not be redone on other drives (their uncommitted chunks were dropped). */
    public long stripeWritesFailed() {
        return stripeWritesFailed.sum();
    }

    /** Stripe writes (each durable write of a stripe's changed shards and parity). */
    public long stripeWrites() {
        return stripeWrites.sum();
    }

    /** Shard slots written. */
    public long shardsWritten() {
        return shardsWritten.sum();
    }

    /** Shard slots read. */
    public long shardsRead() {
        return shardsRead.sum();
    }

    /** Chunk reads served by reconstruction from parity. */
    public long degradedReads() {
        return degradedReads.sum();
    }

    /** Shards whose header or payload failed its CRC32C or identity check. */
    public long checksumErrors() {
        return checksumErrors.sum();
    }

    /** Shard reads that failed with an I/O error or on an unusable drive. */
    public long readErrors() {
        return readErrors.sum();
    }

    /** Corrupt shards rewritten in place from parity (by reads and scrub). */
    public long shardsRepaired() {
        return shardsRepaired.sum();
    }

    /** Shards of failed drives rebuilt onto survivors. */
    public long shardsRebuilt() {
        return shardsRebuilt.sum();
    }

    /** Stripes emptied by compaction. */
    public long stripesCompacted() {
        return stripesCompacted.sum();
    }

    /** Commits that made several concurrent puts durable at once (one stripe rewrite and one sync for all). */
    public long groupCommits() {
        return groupCommits.sum();
    }

    /** Puts acknowledged by a {@link #groupCommits() group commit}. */
    public long putsGroupCommitted() {
        return putsGroupCommitted.sum();
    }

    /**
     * Shards of stripe writes that no drive could take (their drives out of service, no substitute):
     * the stripes were written degraded, with at least one shard of redundancy left.
     */
    public long shardsWrittenMissing() {
        return shardsWrittenMissing.sum();
    }

    /** Missing shards of degraded stripes written since, by scrub, rebuild or a drive's replacement. */
    public long missingShardsPlaced() {
        return missingShardsPlaced.sum();
    }
}
