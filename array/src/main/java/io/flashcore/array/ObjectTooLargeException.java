package io.flashcore.array;

/**
 * A put's object has more chunks than one object can have (its recipe is held as one array: about
 * 67 million chunks, 1 TiB at 16 KiB chunks). Nothing of the put is visible.
 */
public final class ObjectTooLargeException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    /** The put of {@code object} reached {@code chunks} chunks, beyond {@code limit}. */
    public ObjectTooLargeException(String object, long chunks, int limit) {
        super("object '" + object + "' reached " + chunks + " chunks, more than the " + limit
                + " one object can have; store it as several objects");
    }
}
