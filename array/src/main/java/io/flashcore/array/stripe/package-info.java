/**
 * Stripes: packing reduced chunks back to back into the k data shards of the open stripe
 * ({@link io.flashcore.array.stripe.StripePacker}), tracking which shards changed since the stripe
 * was last made durable.
 */
package io.flashcore.array.stripe;
