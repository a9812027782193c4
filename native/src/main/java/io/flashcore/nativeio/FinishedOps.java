package io.flashcore.nativeio;

import java.io.IOException;
import java.util.Arrays;

/** Finished operations waiting to be handed to a caller, in completion order; grows as needed. */
final class FinishedOps {
    private long[] tags = new long[64];
    private long[] bytes = new long[64];
    private IOException[] failures = new IOException[64];
    private int head;
    private int size;

    void add(long tag, long transferred, IOException failure) {
        if (size == tags.length) {
            grow();
        }
        int i = (head + size) & (tags.length - 1);
        tags[i] = tag;
        bytes[i] = transferred;
        failures[i] = failure;
        size++;
    }

    int size() {
        return size;
    }

    /**
     * Hands the entries present now to {@code handler}; entries the handler causes to be added wait
     * for the next call, so a handler that keeps queueing cannot keep one call going forever.
     */
    int drainTo(IoCompletionHandler handler) {
        int n = 0;
        int present = size;
        while (n < present) {
            int i = head;
            long t = tags[i];
            long b = bytes[i];
            IOException f = failures[i];
            failures[i] = null;
            head = (head + 1) & (tags.length - 1);
            size--;
            n++;
            handler.completed(t, b, f);
        }
        return n;
    }

    /** Drops every entry and returns the first failure among them, others suppressed, or null. */
    IOException drainFailures() {
        IOException first = null;
        while (size > 0) {
            IOException f = failures[head];
            failures[head] = null;
            head = (head + 1) & (tags.length - 1);
            size--;
            if (f != null) {
                if (first == null) {
                    first = f;
                } else if (first != f) {
                    first.addSuppressed(f);
                }
            }
        }
        return first;
    }

    private void grow() {
        int n = tags.length * 2;
        long[] t = new long[n];
        long[] b = new long[n];
        IOException[] f = new IOException[n];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (tags.length - 1);
            t[k] = tags[i];
            b[k] = bytes[i];
            f[k] = failures[i];
        }
        Arrays.fill(failures, null);
        tags = t;
        bytes = b;
        failures = f;
        head = 0;
    }
}
