package io.flashcore.array;

import java.time.Instant;

/**
 * What {@link FlashArray#stat} and {@link FlashArray#list} tell about one object.
 *
 * @param name          the object's name
 * @param logicalBytes  its size in bytes
 * @param chunks        chunks in its recipe
 * @param created       when its put was acknowledged
 */
public record ObjectInfo(String name, long logicalBytes, int chunks, Instant created) {
}
