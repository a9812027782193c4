/** The flashcore command. */
module io.flashcore.cli {
    requires io.flashcore.array;
    requires jdk.incubator.vector;
    requires info.picocli;
    requires java.management;

    opens io.flashcore.cli to info.picocli;
}
