package io.flashcore.array;

/** No object of the given name is stored in the array. */
public final class ObjectNotFoundException extends FlashArrayException {
    private static final long serialVersionUID = 1L;

    private final String name;

    /** The object {@code name} does not exist. */
    public ObjectNotFoundException(String name) {
        super("no object named '" + name + "'");
        this.name = name;
    }

    /** The object {@code name} does not exist; {@code why} says more (e.g. it was deleted during a read). */
    public ObjectNotFoundException(String name, String why) {
        super("no object named '" + name + "' (" + why + ")");
        this.name = name;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }
}
