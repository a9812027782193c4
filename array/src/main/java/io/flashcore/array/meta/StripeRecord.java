package io.flashcore.array.meta;

import java.util.Arrays;

import io.flashcore.array.FlashArrayException;

/**
 * Where the k+m shards of one stripe are: for each shard index, the drive, the slot on that drive
 * and the CRC32C of the shard's payload. A data shard that holds no data yet has slot
 * {@link #ZERO_SLOT}: it reads as zeros and costs no flash. A shard written while no drive could
 * take it has slot {@link #MISSING_SLOT} (a degraded stripe): it is stored nowhere, is rebuilt from
 * the others on read, and is written once a drive can take it. Immutable.
 *
 * <p>A stripe is rewritten copy-on-write while it fills: each rewrite bumps {@code generation},
 * which every shard header carries, so a shard left over from an older generation is never
 * mistaken for the current one.
 *
 * @param id         the stripe id
 * @param epoch      the topology epoch the placement was computed under
 * @param generation incremented at every rewrite of any shard of the stripe
 * @param k          data shards
 * @param m          parity shards
 * @param dataBytes  bytes of the data area filled so far
 * @param liveBytes  stored bytes of chunks still referenced
 * @param drives     drive of each shard, in shard order
 * @param slots      slot of each shard on its drive, or {@link #ZERO_SLOT}
 * @param crcs       CRC32C of each shard's payload
 */
public record StripeRecord(long id, long epoch, long generation, int k, int m, int dataBytes, long liveBytes,
                           int[] drives, long[] slots, int[] crcs) {
    /**
     * Format version of the persisted record: 2 when a shard is {@link #MISSING_SLOT} (readers
     * that predate degraded stripes refuse it), else 1.
     */
    public static final int FORMAT_VERSION = 2;
    /** The slot of a data shard that holds only zeros and is not written. */
    public static final long ZERO_SLOT = -1;
    /** The slot of a shard that is stored nowhere (its drive was down when it was written). */
    public static final long MISSING_SLOT = -2;

    /** Validates shapes. */
    public StripeRecord {
        int w = k + m;
        if (k < 1 || m < 0 || drives.length != w || slots.length != w || crcs.length != w) {
            throw new IllegalArgumentException("stripe " + id + ": k=" + k + " m=" + m + " with " + drives.length
                    + " drives, " + slots.length + " slots, " + crcs.length + " crcs");
        }
    }

    /** True when shard {@code i} is stored in a slot (neither all zeros nor missing). */
    public boolean stored(int i) {
        return slots[i] >= 0;
    }

    /** Shards that are {@link #MISSING_SLOT}. */
    public int missingShards() {
        int n = 0;
        for (long s : slots) {
            if (s == MISSING_SLOT) {
                n++;
            }
        }
        return n;
    }

    /** Shards per stripe (k+m). */
    public int width() {
        return k + m;
    }

    /** A copy with the given fields replaced. */
    public StripeRecord with(long newGeneration, int newDataBytes, long newLiveBytes, int[] newDrives,
                             long[] newSlots, int[] newCrcs) {
        return new StripeRecord(id, epoch, newGeneration, k, m, newDataBytes, newLiveBytes, newDrives, newSlots,
                newCrcs);
    }

    /** A copy with live bytes {@code live}. */
    public StripeRecord withLiveBytes(long live) {
        return new StripeRecord(id, epoch, generation, k, m, dataBytes, live, drives, slots, crcs);
    }

    /** The persisted value (the id is the key and is not repeated). */
    public byte[] encode(RecordWriter w) {
        w.reset().u8(missingShards() > 0 ? 2 : 1).varLong(epoch).varLong(generation).varLong(k).varLong(m).varLong(dataBytes)
                .varLong(liveBytes);
        for (int i = 0; i < width(); i++) {
            w.varLong(drives[i]).zigZag(slots[i]).i32(crcs[i]);
        }
        return w.toByteArray();
    }

    /** Decodes a value written by {@link #encode}. */
    public static StripeRecord decode(long id, byte[] value) throws FlashArrayException {
        RecordReader r = new RecordReader(value, "stripe record " + id);
        int version = r.version(1, FORMAT_VERSION);
        long epoch = r.varLong();
        long gen = r.varLong();
        int k = r.varInt();
        int m = r.varInt();
        if (k < 1 || (long) k + m > 256) {
            throw new io.flashcore.array.CorruptDataException("stripe record " + id + " has k=" + k + " m=" + m);
        }
        int data = r.varInt();
        long live = r.varLong();
        int[] drives = new int[k + m];
        long[] slots = new long[k + m];
        int[] crcs = new int[k + m];
        for (int i = 0; i < k + m; i++) {
            drives[i] = r.varInt();
            slots[i] = r.zigZag();
            crcs[i] = r.i32();
            if (slots[i] < MISSING_SLOT || slots[i] == MISSING_SLOT && version < 2) {
                throw new io.flashcore.array.CorruptDataException("stripe record " + id + " (format " + version
                        + ") has slot " + slots[i] + " for shard " + i);
            }
        }
        r.end();
        return new StripeRecord(id, epoch, gen, k, m, data, live, drives, slots, crcs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StripeRecord s && id == s.id && epoch == s.epoch && generation == s.generation
                && k == s.k && m == s.m && dataBytes == s.dataBytes && liveBytes == s.liveBytes
                && Arrays.equals(drives, s.drives) && Arrays.equals(slots, s.slots) && Arrays.equals(crcs, s.crcs);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(generation);
    }

    @Override
    public String toString() {
        return "StripeRecord[" + id + " gen=" + generation + " " + k + "+" + m + " data=" + dataBytes + " live="
                + liveBytes + " drives=" + Arrays.toString(drives) + " slots=" + Arrays.toString(slots) + "]";
    }
}
