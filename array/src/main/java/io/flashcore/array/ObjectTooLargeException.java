package io.flashcore.array;

/**
 * A put's object has more chunks than one object can have (its recipe is held as one array: about
 * 67 million chunks, 1 TiB at 16 KiB chunks), or than the JVM's heap can hold until the put commits
 * ({@link #forHeap}). Nothing of the put is visible.
 */
public final class ObjectTooLargeException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    /** The put of {@code object} reached {@code chunks} chunks, beyond {@code limit}. */
    public ObjectTooLargeException(String object, long chunks, int limit) {
        super("object '" + object + "' reached " + chunks + " chunks, more than the " + limit
                + " one object can have; store it as several objects");
    }

    private ObjectTooLargeException(String message) {
        super(message);
    }

    /**
     * The put of {@code object} reached {@code chunks} chunks, beyond the {@code limit} this JVM's
     * {@code maxHeap} bytes of heap allow at about {@code perChunk} bytes per chunk until the commit.
     */
    public static ObjectTooLargeException forHeap(String object, long chunks, long limit, long maxHeap, int perChunk) {
        return new ObjectTooLargeException("object '" + object + "' reached " + chunks + " chunks, more than the "
                + limit + " a put may hold in this JVM's " + (maxHeap >> 20) + " MiB of heap (about " + perChunk
                + " bytes per chunk until its commit); give the JVM more heap (-Xmx) or store the object as several"
                + " objects");
    }
}
