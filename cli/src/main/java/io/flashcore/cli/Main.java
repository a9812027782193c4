package io.flashcore.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import picocli.CommandLine;

/**
 * Entry point of the {@code flashcore} command.
 *
 * <p>Conventions every subcommand follows: human output by default and one JSON object on stdout
 * with {@code --json}; exit code 0 on success, 1 on failure, 2 on bad usage; errors go to stderr as
 * one line naming what was wrong ({@code --debug} adds the stack trace).
 */
public final class Main {
    /** Exit code of a command that succeeded. */
    public static final int OK = 0;
    /** Exit code of a command that failed. */
    public static final int FAILURE = 1;
    /** Exit code of a command that was used wrongly. */
    public static final int USAGE = 2;

    private Main() {
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command with the process's stdout and stderr and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command with the given streams and returns its exit code; never exits the JVM. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = FlashcoreCommand.commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            err.println("flashcore: " + oneLine(ex.getMessage()) + " (see '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageException) {
                err.println("flashcore: " + oneLine(ex.getMessage()) + " (see '"
                        + cmd.getCommandSpec().qualifiedName() + " --help')");
            } else {
                err.println("flashcore: error: " + describe(ex));
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageException ? USAGE : FAILURE;
        });
        int code;
        try {
            code = cl.execute(args);
        } finally {
            // A --inject drill ends with its command.
            io.flashcore.nativeio.FaultInjection.clear();
        }
        out.flush();
        err.flush();
        return code;
    }

    /** One line describing a failure: its message, or its type when it has none, with its cause. */
    static String describe(Throwable t) {
        String msg = t.getMessage();
        String text = msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
        Throwable cause = t.getCause();
        if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += ": " + cause.getMessage();
        }
        return oneLine(text);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }
}
