/** The flashcore command. */
module io.flashcore.cli {
    requires io.flashcore.array;
    requires jdk.incubator.vector;
    requires info.picocli;
    requires java.management;
    requires jdk.management;
    requires java.desktop;
    requires org.knowm.xchart;
    requires me.tongfei.progressbar;

    opens io.flashcore.cli to info.picocli;

    exports io.flashcore.cli.report;
}
