package io.flashcore.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/** Looks up an optional system library for the FFM bindings that use one when it is installed. */
final class SharedLibrary {
    private SharedLibrary() {
    }

    /**
     * The first of {@code names} that loads (for the life of the process), or null, with the reason
     * each name failed appended to {@code why}.
     */
    @SuppressWarnings("restricted")
    static SymbolLookup find(String[] names, StringBuilder why) {
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException | IllegalCallerException e) {
                why.append(why.isEmpty() ? "" : "; ").append(name).append(": ").append(e.getMessage());
            }
        }
        return null;
    }

    /** A downcall's failure as an unchecked exception naming {@code library} (errors are rethrown as they are). */
    static RuntimeException rethrow(Throwable t, String library) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(library + " call failed", t);
    }
}
