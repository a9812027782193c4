package io.flashcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class MainTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldPrintHelpAndExitZero() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("version"), r.out());
    }

    /** Every subcommand is registered under its own name, and the usage lists all of them. */
    @Test
    void shouldRegisterEverySubcommandUnderItsNameAndListThemAll() {
        for (String name : FlashcoreCommand.NAMES) {
            picocli.CommandLine only = FlashcoreCommand.commandLine(name, "--help");
            assertEquals(java.util.Set.of(name), only.getSubcommands().keySet(), name);
        }
        picocli.CommandLine all = FlashcoreCommand.commandLine();
        assertEquals(FlashcoreCommand.NAMES, java.util.List.copyOf(all.getSubcommands().keySet()));
        Result r = run("--help");
        for (String name : FlashcoreCommand.NAMES) {
            assertTrue(r.out().contains("  " + name + " "), name + " missing from:\n" + r.out());
        }
    }

    /** --debug works before the subcommand and after it, with only that subcommand registered. */
    @Test
    void shouldTakeDebugBeforeOrAfterTheSubcommand() {
        for (String[] args : new String[][] {{"--debug", "ls", "--array", "/nonexistent/flashcore"},
                {"ls", "--array", "/nonexistent/flashcore", "--debug"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err()); // no array there: a usage error
            assertTrue(r.err().contains("\tat "), "stack trace expected for " + String.join(" ", args) + ": " + r.err());
        }
        Result plain = run("ls", "--array", "/nonexistent/flashcore");
        assertEquals(2, plain.code(), plain.err());
        assertEquals(1, plain.err().strip().lines().count(), plain.err());
    }

    @Test
    void shouldExitTwoWithOneLineOnUnknownOption() {
        Result r = run("version", "--no-such-flag");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--no-such-flag"), r.err());
    }

    @Test
    void shouldExitTwoOnUnknownSubcommand() {
        Result r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("frobnicate"), r.err());
    }

    @Test
    void shouldPrintOneJsonObjectForVersion() {
        Result r = run("version", "--json");
        assertEquals(0, r.code());
        String line = r.out().strip();
        assertEquals(1, line.lines().count());
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        assertTrue(line.contains("\"ioUring\":"), line);
        assertTrue(line.contains("\"vectorBits\":"), line);
    }

    @Test
    void shouldEscapeJsonStrings() {
        String s = Json.object().put("a", "x\"y\\z\n").put("n", Double.NaN).put("l", java.util.List.of(1, 2))
                .toString();
        assertEquals("{\"a\":\"x\\\"y\\\\z\\n\",\"n\":null,\"l\":[1,2]}", s);
    }
}
