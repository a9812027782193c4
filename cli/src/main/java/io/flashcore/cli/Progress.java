package io.flashcore.cli;

import java.io.PrintStream;

import io.flashcore.array.ProgressListener;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a long operation, drawn on stdout only when stdout is a terminal and the
 * command is not printing JSON; otherwise every call does nothing. Close it when done.
 *
 * <p>Not thread-safe: update it from one thread (or synchronise).
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * A bar named {@code task} counting to {@code total} units (bytes when {@code bytes} is true,
     * shown in MiB), or a silent one when {@code json} is set or stdout is not a terminal.
     */
    public static Progress start(String task, long total, boolean bytes, boolean json) {
        if (json || !stdoutIsTerminal()) {
            return new Progress(null);
        }
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.out, true), 100))
                .continuousUpdate();
        if (bytes) {
            b.setUnit(" MiB", 1 << 20).showSpeed();
        }
        return new Progress(b.build());
    }

    /** Whether the JVM's stdout is an interactive terminal. */
    public static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Adds {@code n} units of work done. */
    public void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Sets the work done to {@code done} units. */
    public void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    /** A listener for the array's long operations that moves this bar (and its maximum, when known). */
    public ProgressListener listener() {
        return (operation, done, total) -> {
            if (bar != null) {
                synchronized (this) {
                    if (total > 0 && total != bar.getMax()) {
                        bar.maxHint(total);
                    }
                    bar.stepTo(done);
                }
            }
        };
    }

    /** Sets the text shown after the bar. */
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
