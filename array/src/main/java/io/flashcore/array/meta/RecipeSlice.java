package io.flashcore.array.meta;

/**
 * The chunks of an object that cover a byte range of it: what a range read decodes. Immutable.
 *
 * @param chunks      those chunks as a record of their own (the object's name and creation time, their
 *                    logical bytes)
 * @param start       the object offset of the first of them (the range's offset when there are none)
 * @param objectBytes the whole object's size in bytes
 */
public record RecipeSlice(ObjectRecord chunks, long start, long objectBytes) {
}
