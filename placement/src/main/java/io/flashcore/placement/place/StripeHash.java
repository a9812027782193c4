package io.flashcore.placement.place;

/**
 * The 64-bit hashes behind placement. Their output decides where data lives, so they never
 * change within {@link Placement#ALGORITHM}.
 */
final class StripeHash {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long STRIPE_SEED = 0x243F6A8885A308D3L;
    private static final long DRIVE_SEED = 0x13198A2E03707344L;
    private static final long DOMAIN_SEED = 0xA4093822299F31D0L;
    static final long SUBSTITUTE_SEED = 0x082EFA98EC4E6C89L;

    private StripeHash() {
    }

    /** A strong 64-bit finaliser (rrmxmx, Pelle Evensen): every input bit affects every output bit. */
    static long mix(long v) {
        v ^= Long.rotateRight(v, 49) ^ Long.rotateRight(v, 24);
        v *= 0x9FB21C651E98DF25L;
        v ^= v >>> 28;
        v *= 0x9FB21C651E98DF25L;
        return v ^ v >>> 28;
    }

    static long stripe(long stripeId) {
        return mix(stripeId ^ STRIPE_SEED);
    }

    static long driveKey(int driveId) {
        return mix(DRIVE_SEED + driveId * GOLDEN);
    }

    /** The key of a failure domain from its level and path of names, stable across epochs. */
    static long domainKey(int level, String path) {
        long h = DOMAIN_SEED ^ level;
        for (int i = 0; i < path.length(); i++) {
            h = mix(h ^ path.charAt(i));
        }
        return mix(h ^ path.length());
    }

    /** The hash of ticket {@code j} of the child with {@code key} for one stripe. */
    static long ticket(long stripeHash, long key, int j) {
        return mix(stripeHash ^ (key + j * GOLDEN));
    }

    /** The hash of the child with {@code key} when choosing a substitute for shard {@code position}. */
    static long substitute(long stripeHash, long key, int position) {
        return mix((stripeHash + SUBSTITUTE_SEED) ^ key ^ (position + 1) * GOLDEN);
    }
}
