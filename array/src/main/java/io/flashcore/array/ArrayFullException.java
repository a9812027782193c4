package io.flashcore.array;

/**
 * No stripe can be placed: fewer than k+m healthy drives have a free shard slot. Nothing of the
 * put that hit it is visible; earlier acknowledged objects are intact.
 */
public final class ArrayFullException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    /** {@code message} names the object being written and the drives that are full. */
    public ArrayFullException(String message) {
        super(message);
    }
}
