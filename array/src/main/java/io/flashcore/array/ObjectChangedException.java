package io.flashcore.array;

/**
 * The object being read was replaced by a put of the same name while it was read: the version the
 * read started on is gone (its bytes already written are of that version). Reading it again gives
 * the new version.
 */
public final class ObjectChangedException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    private final String name;

    /** Object {@code name} was replaced during a read of it. */
    public ObjectChangedException(String name) {
        super("object '" + name + "' was replaced while it was being read; read it again for the new version");
        this.name = name;
    }

    /** The object's name. */
    public String name() {
        return name;
    }
}
