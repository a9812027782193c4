package io.flashcore.cli;

import java.util.Locale;

import io.flashcore.cli.report.HtmlReport;

/** Parses and prints byte counts: {@code 4096}, {@code 64K}, {@code 16MiB}, {@code 1.5G}, {@code 2T} (powers of 1024). */
final class ByteSizes {
    private ByteSizes() {
    }

    /** The bytes {@code text} names; a bad value is a {@link UsageException} naming {@code option}. */
    static long parse(String option, String text) {
        String s = text.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long mult = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> mult = 1L << 10;
                case 'M' -> mult = 1L << 20;
                case 'G' -> mult = 1L << 30;
                case 'T' -> mult = 1L << 40;
                case 'P' -> mult = 1L << 50;
                default -> mult = 1;
            }
            if (mult != 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            double v = Double.parseDouble(s);
            if (v < 0 || Double.isNaN(v) || v * mult > Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (long) (v * mult);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a byte count such as 4096, 64K, 16M or 2G, got '" + text + "'");
        }
    }

    /** Like {@link #parse} but the count must be at least 1. */
    static long positive(String option, String text) {
        long v = parse(option, text);
        if (v < 1) {
            throw new UsageException(option + " must be at least 1 byte, got '" + text + "'");
        }
        return v;
    }

    /** Like {@link #positive} for a count that fits an int (at most 2 GiB − 1); {@code null} stays {@code null}. */
    static Integer intBytes(String option, String text) {
        if (text == null) {
            return null;
        }
        long v = positive(option, text);
        if (v > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be below 2 GiB, got '" + text + "'");
        }
        return (int) v;
    }

    /** {@code bytes} in the largest binary unit that keeps it ≥ 1, e.g. {@code 1.50 GiB}. */
    static String human(long bytes) {
        return HtmlReport.bytes(bytes);
    }
}
