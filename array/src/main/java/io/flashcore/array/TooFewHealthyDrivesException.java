package io.flashcore.array;

import java.util.List;

/**
 * A stripe has more than m shards unreadable (failed drives, I/O errors, bad checksums), so its
 * data cannot be served; names the object, the stripe and the drives concerned. No wrong bytes
 * were returned.
 */
public final class TooFewHealthyDrivesException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    private final String object;
    private final long stripe;
    private final List<Integer> badDrives;

    /**
     * @param object    the object being read, or {@code null} for a maintenance operation
     * @param stripe    the stripe id
     * @param badDrives the drives whose shards of the stripe could not be used
     * @param needed    shards needed (k)
     * @param available shards that were usable
     */
    public TooFewHealthyDrivesException(String object, long stripe, List<Integer> badDrives, int needed,
                                        int available) {
        super((object == null ? "" : "object '" + object + "': ") + "stripe " + stripe + " has only "
                + available + " readable shards of the " + needed + " needed; unusable shards on drives "
                + badDrives);
        this.object = object;
        this.stripe = stripe;
        this.badDrives = List.copyOf(badDrives);
    }

    /** The object being read, or {@code null}. */
    public String object() {
        return object;
    }

    /** The stripe that could not be decoded. */
    public long stripe() {
        return stripe;
    }

    /** The drives whose shards of the stripe were unusable, numbered from 0. */
    public List<Integer> badDrives() {
        return badDrives;
    }
}
