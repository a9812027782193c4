package io.flashcore.nativeio;

import java.util.Locale;

/** How an {@link IoEngine} reaches the kernel. */
public enum IoBackend {
    /** Pure-FFM io_uring: batched submission, registered buffers and files. */
    IO_URING("io_uring"),
    /** Positional {@link java.nio.channels.FileChannel} calls, one at a time; works everywhere. */
    FILECHANNEL("filechannel");

    private final String label;

    IoBackend(String label) {
        this.label = label;
    }

    /** The name used in configuration and JSON output: {@code "io_uring"} or {@code "filechannel"}. */
    public String label() {
        return label;
    }

    /** The back-end named {@code label} ({@code io_uring}/{@code iouring}/{@code filechannel}, any case). */
    public static IoBackend parse(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT).replace("-", "_");
        return switch (l) {
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "filechannel", "file_channel", "fc" -> FILECHANNEL;
            default -> throw new IllegalArgumentException(
                    "unknown I/O back-end '" + label + "': expected io_uring or filechannel");
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
